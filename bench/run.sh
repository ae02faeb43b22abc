#!/usr/bin/env bash
# Whole-run benchmark: a generated government-style site (default 10,000 pages) served by
# nginx on 127.0.0.1, inspected by `xunjian inspect` (all checks, 16 concurrent requests,
# no delay); prints wall time, CPU, pages/s and peak RSS of each run.
#
#   bench/run.sh [PAGES] [RUNS]
#
# Builds the release binary into ${CARGO_TARGET_DIR:-target} (or uses $XUNJIAN_BIN).
# Installs nginx-light and time (Debian packages) if missing. Everything stays on loopback.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PAGES=${1:-10000}
RUNS=${2:-3}
serve_site "$PAGES"
: > "$OUT/results.tsv"

for i in $(seq 1 "$RUNS"); do
  rm -f "$OUT"/run.db*
  log="$OUT/run-xunjian-$i"
  measure xunjian "$i" "$log" "$BIN" "${INSPECT[@]}" --db "$OUT/run.db" --json "$OUT/run-report.json"
  python3 - "$OUT/results.tsv" "$OUT/run-report.json" "$i" <<'PY'
import json, sys
row = open(sys.argv[1]).read().splitlines()[-1].split("\t")
wall, user, sys_, rss, status = float(row[2]), float(row[3]), float(row[4]), int(row[5]), row[6]
st = json.load(open(sys.argv[2]))["stats"]
print(f"run {sys.argv[3]}: exit {status} wall {wall:.2f}s user {user:.2f}s sys {sys_:.2f}s "
      f"(CPU {100 * (user + sys_) / wall:.0f}% of one core) pages {st['pages']} requests {st['requests']} "
      f"pages/s {st['pages'] / wall:.0f} peak RSS {rss / 1024:.0f} MiB")
PY
done
