#!/usr/bin/env bash
# Fleet run: SITES small government-style sites (PAGES pages each, default 1,000 × 200) on
# distinct loopback addresses 127.0.1.1, 127.0.1.2, … (one nginx listening on all of
# them, port $PORT), inspected by one `xunjian inspect --config fleet.toml` with one
# [[site]] per address and per-host politeness on (xunjian's defaults: 4 concurrent
# requests per host, robots.txt obeyed). Prints wall, CPU, peak RSS and sustained pages/s,
# and what that means for ~14,000 sites a day.
#
#   bench/fleet.sh [SITES] [PAGES]
#
# FLEET_SITE_KEYS adds keys to every [[site]], e.g. FLEET_SITE_KEYS='recheck_delay_secs = 0\n';
# FLEET_ARGS adds options to the command, e.g. FLEET_ARGS='--sites-at-once 32'.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SITES=${1:-1000}
PAGES=${2:-200}
[ "$SITES" -le 64000 ] || { echo "at most 64,000 sites (127.0.1.1 … 127.250.x.x)" >&2; exit 2; }
need_tools
SITE=$(site_dir "$PAGES")
BIN=$(xunjian_bin)
addr() { local n=$(($1 - 1)); echo "127.$((1 + n / 250 / 250)).$((1 + n / 250 % 250)).$((1 + n % 250))"; }
listens=()
for i in $(seq 1 "$SITES"); do listens+=("$(addr "$i"):$PORT"); done
# Linux answers on all of 127.0.0.0/8 without configuring addresses.
NGINX_WORKERS=1 nginx_start "$SITE" "${listens[@]}"
trap nginx_stop EXIT
{
  for i in $(seq 1 "$SITES"); do
    printf '[[site]]\nurl = "http://%s/"\nname = "测试站点%d"\n%b\n' "${listens[$((i - 1))]}" "$i" "${FLEET_SITE_KEYS:-}"
  done
} > "$OUT/fleet.toml"
rm -f "$OUT"/fleet.db*
: > "$OUT/results.tsv"
measure fleet 1 "$OUT/fleet" "$BIN" inspect --config "$OUT/fleet.toml" --db "$OUT/fleet.db" --fresh -q \
  --as-of 2026-11-28 --max-pages $((PAGES * 2)) ${FLEET_ARGS:-}
python3 - "$OUT/results.tsv" "$OUT/fleet.db" "$SITES" <<'PY'
import sqlite3, sys
row = open(sys.argv[1]).read().splitlines()[-1].split("\t")
wall, cpu, rss, status = float(row[2]), float(row[3]) + float(row[4]), int(row[5]), row[6]
db = sqlite3.connect(sys.argv[2])
pages = db.execute("SELECT count(*) FROM pages WHERE is_html").fetchone()[0]
fetched = db.execute("SELECT count(*) FROM pages").fetchone()[0]
runs = db.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0]
sites = int(sys.argv[3])
print(f"fleet: {sites} sites, exit {status}, {runs} runs finished, {pages} HTML pages ({fetched} URLs) in {wall:.1f}s "
      f"wall, CPU {cpu:.1f}s, peak RSS {rss / 1024:.0f} MiB")
print(f"sustained {pages / wall:.0f} pages/s, {wall / sites:.2f}s per site; "
      f"14,000 sites of this size: {14000 * wall / sites / 3600:.1f} h")
PY
