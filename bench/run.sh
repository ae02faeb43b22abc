#!/usr/bin/env bash
# Whole-run benchmark: a generated 10,000-page government-style site served by nginx on
# 127.0.0.1, inspected by `xunjian inspect`; prints wall time, pages/s and peak RSS.
#
#   bench/run.sh [PAGES] [RUNS]
#
# Installs nginx (Debian package) if missing. Everything stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-10000}
RUNS=${2:-3}
PORT=${PORT:-18080}
OUT=bench/out
SITE=bench/site-$PAGES
mkdir -p "$OUT"

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { apt-get update -qq && apt-get install -y -qq nginx-light; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
[ -d "$SITE" ] || python3 bench/gen_site.py "$SITE" "$PAGES"

cat > "$OUT/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$OUT/nginx.pid;
error_log $PWD/$OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$PORT;
    root $PWD/$SITE;
    index index.html;
  }
}
CONF
/usr/sbin/nginx -c "$PWD/$OUT/nginx.conf"
trap '/usr/sbin/nginx -c "$PWD/$OUT/nginx.conf" -s stop' EXIT
sleep 0.5

cargo build --release --quiet
BIN=target/release/xunjian
for i in $(seq 1 "$RUNS"); do
  rm -f "$OUT"/bench.db*
  /usr/bin/time -v "$BIN" inspect "http://127.0.0.1:$PORT/" --db "$OUT/bench.db" --concurrency 16 --max-pages $((PAGES * 2)) \
      --json "$OUT/report.json" -q > "$OUT/stdout.txt" 2> "$OUT/time.txt"
  wall=$(grep "Elapsed (wall clock)" "$OUT/time.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$OUT/time.txt" | awk '{print $NF}')
  cpu_user=$(grep "User time" "$OUT/time.txt" | awk '{print $NF}')
  cpu_sys=$(grep "System time" "$OUT/time.txt" | awk '{print $NF}')
  pages=$(python3 -c "import json;print(json.load(open('$OUT/report.json'))['stats']['pages'])")
  reqs=$(python3 -c "import json;print(json.load(open('$OUT/report.json'))['stats']['requests'])")
  secs=$(python3 -c "w='$wall'.split(':');print(sum(float(x)*60**i for i,x in enumerate(reversed(w))))")
  echo "run $i: wall ${secs}s user ${cpu_user}s sys ${cpu_sys}s pages $pages requests $reqs pages/s $(python3 -c "print(round($pages/$secs))") peak RSS $((rss / 1024)) MiB"
done
