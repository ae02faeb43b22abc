#!/usr/bin/env bash
# Side by side, in one go: xunjian, lychee, LinkChecker and a raw-fetch ceiling on the same
# generated government-style site (default 10,000 pages) served by one nginx on 127.0.0.1.
# Every tool gets 16 concurrent requests and no politeness delay; the runs alternate
# (xunjian, xunjian with no re-check delay, lychee, linkchecker, raw, xunjian, ...), RUNS
# times each (LinkChecker LC_RUNS times, default 1: it takes ~10 minutes on 10,000 pages). Prints and writes $OUT/compare.md: medians of wall, CPU
# (user+sys) and peak RSS, and the ratios to xunjian.
#
#   bench/compare.sh [PAGES] [RUNS]
#
# Tools: xunjian is built (release) into ${CARGO_TARGET_DIR:-target}; lychee is expected in
# $TOOLS/bin (`cargo install lychee --locked --root $TOOLS`), LinkChecker in the venv
# $TOOLS/lc (`python3 -m venv $TOOLS/lc && $TOOLS/lc/bin/pip install linkchecker`);
# `bench/compare.sh --install` does both. TOOLS defaults to /work/tools.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TOOLS=${TOOLS:-/work/tools}
LYCHEE=${LYCHEE:-$TOOLS/bin/lychee}
LINKCHECKER=${LINKCHECKER:-$TOOLS/lc/bin/linkchecker}
if [ "${1:-}" = "--install" ]; then
  need_tools
  [ -x "$LYCHEE" ] || nice -n 10 cargo install lychee --locked --root "$TOOLS"
  [ -x "$LINKCHECKER" ] || { python3 -m venv "$TOOLS/lc" && "$TOOLS/lc/bin/pip" install -q linkchecker; }
  exit 0
fi
PAGES=${1:-10000}
RUNS=${2:-3}
LC_RUNS=${LC_RUNS:-1}
for t in "$LYCHEE" "$LINKCHECKER"; do
  [ -x "$t" ] || { echo "missing $t: run bench/compare.sh --install" >&2; exit 1; }
done
serve_site "$PAGES"
BASE="http://127.0.0.1:$PORT"

# The inputs of the tools that do not crawl: every HTML page of the site, by URL.
sed "s|^|$BASE|" "$SITE.urls" > "$OUT/urls.txt"
HTML_PAGES=$(wc -l < "$OUT/urls.txt")
# curl: one process, HTTP keep-alive, 16 transfers at a time, each page once, bodies discarded.
sed 's|.*|url = "&"\noutput = "/dev/null"|' "$OUT/urls.txt" > "$OUT/urls.curl"
# LinkChecker: runs as `nobody` when started as root, so its files must be world-readable.
cat > "$OUT/linkcheckerrc" <<CONF
[checking]
threads=$CONC
maxrequestspersecond=1000000
timeout=15
[output]
status=0
CONF
chmod a+r "$OUT/linkcheckerrc"

run_xunjian() {
  rm -f "$OUT"/cmp.db*
  measure xunjian "$1" "$OUT/cmp-xunjian-$1" "$BIN" "${INSPECT[@]}" --db "$OUT/cmp.db" --json "$OUT/cmp-xunjian-$1.json"
}
# The same inspection with the re-check of suspected-broken external links not delayed
# (`recheck_delay_secs = 0`; the default waits 10 s after the crawl): shows the fixed wait.
printf 'url = "%s/"\nrecheck_delay_secs = 0\n' "$BASE" > "$OUT/xunjian-norecheck.toml"
run_xunjian_norecheck() {
  rm -f "$OUT"/cmp.db*
  measure xunjian-norecheck "$1" "$OUT/cmp-xunjian-norecheck-$1" "$BIN" inspect --config "$OUT/xunjian-norecheck.toml" \
    --db "$OUT/cmp.db" --fresh -q --concurrency $CONC --max-pages $((PAGES * 2)) --as-of 2026-11-28 \
    --json "$OUT/cmp-xunjian-norecheck-$1.json"
}
run_lychee() {
  measure lychee "$1" "$OUT/cmp-lychee-$1" "$LYCHEE" --no-progress \
    --max-concurrency $CONC --host-concurrency $CONC --host-request-interval 0ms \
    --timeout 15 --files-from "$OUT/urls.txt"
}
run_linkchecker() {
  measure linkchecker "$1" "$OUT/cmp-linkchecker-$1" "$LINKCHECKER" -f "$OUT/linkcheckerrc" \
    --check-extern --no-warnings -o text "$BASE/"
}
run_raw() {
  measure raw "$1" "$OUT/cmp-raw-$1" curl -sS --no-progress-meter --parallel --parallel-max $CONC -w '%{http_code}\n' -K "$OUT/urls.curl"
}

: > "$OUT/results.tsv"
for r in $(seq 1 "$RUNS"); do
  run_xunjian "$r"
  [ "${XJ_NORECHECK:-1}" = 0 ] || run_xunjian_norecheck "$r"
  run_lychee "$r"
  [ "$r" -gt "$LC_RUNS" ] || run_linkchecker "$r"
  run_raw "$r"
done

{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
  if [ -n "${XUNJIAN_BIN:-}" ]; then
    echo "xunjian: $("$BIN" --version) (binary $BIN${XUNJIAN_REV:+, built from $XUNJIAN_REV})"
  else
    echo "xunjian: $("$BIN" --version) ($(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- crates Cargo.lock || echo ', with uncommitted changes'))"
  fi
  echo "lychee: $("$LYCHEE" --version)"
  echo "linkchecker: $("$LINKCHECKER" --version 2>/dev/null | head -1)"
  echo "curl: $(curl --version | head -1 | cut -d' ' -f1-2); nginx: $(/usr/sbin/nginx -v 2>&1 | cut -d/ -f2)"
} > "$OUT/versions.txt"

python3 - "$OUT" "$HTML_PAGES" "$RUNS" <<'PY' | tee "$OUT/compare.md"
import glob, json, re, statistics, sys
out, pages, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [l.split("\t") for l in open(f"{out}/results.tsv").read().splitlines()]
def work(tool, run):
    """Requests made and problems reported, from each tool's own output."""
    p = f"{out}/cmp-{tool}-{run}"
    try:
        if tool.startswith("xunjian"):
            r = json.load(open(p + ".json"))
            broken = sum(1 for f in r["findings"] if f["kind"] == "broken_link")
            return f"{r['stats']['requests']} requests, {r['stats']['pages']} pages, {broken} broken_link findings"
        text = open(p + ".out").read() + open(p + ".err").read()
        if tool == "lychee":
            t = re.search(r"(\d+)\s+Total", text); e = re.search(r"(\d+)\s+Errors", text)
            u = re.search(r"(\d+)\s+Unique", text)
            return (f"{pages} input pages fetched + {u.group(1) if u else '?'} unique links checked "
                    f"({t.group(1) if t else '?'} occurrences), {e.group(1) if e else '?'} errors")
        if tool == "linkchecker":
            m = re.search(r"(\d+) links? in (\d+) URLs? checked", text); e = re.search(r"(\d+) errors? found", text)
            return f"{m.group(2) if m else '?'} URLs checked, {e.group(1) if e else '0'} errors"
        if tool == "raw":
            codes = open(p + ".out").read().split()
            return f"{len(codes)} requests, {sum(c == '200' for c in codes)} × 200"
    except (OSError, ValueError, KeyError) as e:
        return f"? ({e})"
tools = ["xunjian", "xunjian-norecheck", "lychee", "linkchecker", "raw"]
med = {}
for t in tools:
    rs = [r for r in rows if r[0] == t]
    if not rs:
        continue
    wall = statistics.median(float(r[2]) for r in rs)
    cpu = statistics.median(float(r[3]) + float(r[4]) for r in rs)
    rss = statistics.median(int(r[5]) for r in rs) / 1024
    bad = [r[1] for r in rs if r[6] not in ("0", "1", "2")]
    load = statistics.median(float(r[7]) for r in rs)
    med[t] = (wall, cpu, rss, len(rs), work(t, rs[-1][1]), bad, [float(r[2]) for r in rs], load)
x = med["xunjian"]
print(open(f"{out}/versions.txt").read())
print(f"site: {pages} HTML pages; concurrency 16, no delay; medians of {runs} alternating runs\n")
print("| tool | runs | wall s (median) | walls | CPU s user+sys | peak RSS MiB | pages/s | wall ×xunjian | CPU ×xunjian | RSS ×xunjian | load before | work done (last run) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for t, (wall, cpu, rss, n, w, bad, walls, load) in med.items():
    note = f" (exit status odd in runs {bad})" if bad else ""
    print(f"| {t} | {n} | {wall:.2f} | {' '.join(f'{v:.2f}' for v in walls)} | {cpu:.2f} | {rss:.0f} | {pages / wall:.0f} | "
          f"{wall / x[0]:.2f} | {cpu / x[1]:.2f} | {rss / x[2]:.2f} | {load:.1f} | {w}{note} |")
print()
if "lychee" in med:
    print(f"- xunjian wall / lychee wall = {x[0] / med['lychee'][0]:.2f} (target ≤ 1.0)")
if "linkchecker" in med:
    print(f"- xunjian wall / linkchecker wall = {x[0] / med['linkchecker'][0]:.3f} (target ≤ 0.1)")
if "raw" in med:
    print(f"- xunjian crawl rate / raw-fetch rate = {med['raw'][0] / x[0]:.1%} (target ≥ 25%)")
PY
