#!/usr/bin/env bash
# Memory by phase: one inspection of the generated site (default 100,000 pages, 3 GB, made
# once) with its RSS sampled every 0.5 s and its phase log on; prints each phase's duration
# and peak RSS (crawl, loading the site data, site checks, recording findings, reports).
#
#   bench/memory.sh [PAGES]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PAGES=${1:-100000}
serve_site "$PAGES"
rm -f "$OUT"/mem.db*
python3 "$BENCH_DIR/phases.py" 0.5 "$OUT/memory-$PAGES.log" "$BIN" "${INSPECT[@]}" --db "$OUT/mem.db" \
  --json "$OUT/memory-report.json" | tee "$OUT/memory-$PAGES.md"
