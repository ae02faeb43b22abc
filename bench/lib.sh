# Shared by bench/run.sh, bench/compare.sh and bench/fleet.sh (sourced, not run).
# Everything stays on loopback (127.0.0.0/8).

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
OUT=${OUT:-$BENCH_DIR/out}
PORT=${PORT:-18080}
CONC=${CONC:-16}   # concurrent requests of every tool in the one-site benchmarks
mkdir -p "$OUT"

need_tools() {
  if ! [ -x /usr/sbin/nginx ] || ! [ -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq nginx-light time
  fi
}

# site_dir PAGES: generates the site once (deterministic) and prints its directory.
site_dir() {
  local dir="$BENCH_DIR/site-$1"
  [ -f "$dir.urls" ] || python3 "$BENCH_DIR/gen_site.py" "$dir" "$1" >&2
  echo "$dir"
}

# nginx_start ROOT [LISTEN...]: one nginx serving ROOT on every LISTEN (default
# 127.0.0.1:$PORT). It sends a `LinkChecker` response header, which only LinkChecker reads
# (it then lifts its own rate limit for the host); the other tools ignore it.
nginx_start() {
  local root=$1; shift
  local listens=("$@")
  [ ${#listens[@]} -gt 0 ] || listens=("127.0.0.1:$PORT")
  nginx_stop
  {
    echo "worker_processes ${NGINX_WORKERS:-1};"
    echo "worker_rlimit_nofile 65536;"
    echo "pid $OUT/nginx.pid;"
    echo "error_log $OUT/nginx-error.log;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off;"
    echo "  include /etc/nginx/mime.types;"
    echo "  sendfile on; tcp_nopush on;"
    echo "  keepalive_requests 1000000;"
    echo "  open_file_cache max=10000 inactive=60s;"
    echo "  client_body_temp_path $OUT/nginx-tmp; proxy_temp_path $OUT/nginx-tmp;"
    echo "  fastcgi_temp_path $OUT/nginx-tmp; uwsgi_temp_path $OUT/nginx-tmp; scgi_temp_path $OUT/nginx-tmp;"
    echo "  server {"
    for l in "${listens[@]}"; do echo "    listen $l;"; done
    echo "    root $root;"
    echo "    index index.html;"
    echo "    add_header LinkChecker xunjian-bench;"
    echo "  }"
    echo "}"
  } > "$OUT/nginx.conf"
  mkdir -p "$OUT/nginx-tmp"
  /usr/sbin/nginx -c "$OUT/nginx.conf"
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "http://${listens[0]}/robots.txt" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nginx did not come up on ${listens[0]}" >&2
  return 1
}

nginx_stop() {
  if [ -f "$OUT/nginx.pid" ]; then
    /usr/sbin/nginx -c "$OUT/nginx.conf" -s stop 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$OUT/nginx.pid" ] || break; sleep 0.1; done
  fi
}

# xunjian_bin: builds the release binary (honours CARGO_TARGET_DIR) and prints its path;
# XUNJIAN_BIN overrides both.
xunjian_bin() {
  if [ -n "${XUNJIAN_BIN:-}" ]; then echo "$XUNJIAN_BIN"; return; fi
  local target=${CARGO_TARGET_DIR:-$REPO/target}
  (cd "$REPO" && nice -n 10 cargo build --release --quiet -p xunjian) >&2
  echo "$target/release/xunjian"
}

# serve_site PAGES: the one-site benchmarks' start: the tools, the site (generated once), the
# binary, and nginx serving the site on 127.0.0.1:$PORT until the script exits. Sets SITE, BIN
# and INSPECT, the inspection every one-site benchmark runs (all checks, $CONC concurrent
# requests, no delay); add --db and --json: "$BIN" "${INSPECT[@]}" --db X --json Y.
serve_site() {
  need_tools
  SITE=$(site_dir "$1")
  BIN=$(xunjian_bin)
  nginx_start "$SITE"
  trap nginx_stop EXIT
  INSPECT=(inspect "http://127.0.0.1:$PORT/" --fresh -q --concurrency "$CONC" --max-pages $(($1 * 2)) --as-of 2026-11-28)
}

# measure LABEL RUN LOGPREFIX CMD...: runs CMD under /usr/bin/time -v (stdout and stderr
# of CMD to LOGPREFIX.out / LOGPREFIX.err) with a 30-minute bound, and appends one line to
# $OUT/results.tsv: label run wall_s user_s sys_s peak_rss_kib exit_status load_before.
measure() {
  local label=$1 run=$2 log=$3; shift 3
  local status=0 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$log.time" timeout 1800 "$@" > "$log.out" 2> "$log.err" || status=$?
  python3 - "$log.time" "$label" "$run" "$status" "$load" >> "$OUT/results.tsv" <<'PY'
import sys
t = {}
for line in open(sys.argv[1]):
    k, _, v = line.strip().rpartition(": ")
    t[k] = v
w = [float(x) for x in t["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")]
wall = sum(x * 60 ** i for i, x in enumerate(reversed(w)))
print("\t".join([sys.argv[2], sys.argv[3], f"{wall:.2f}", t["User time (seconds)"],
                 t["System time (seconds)"], t["Maximum resident set size (kbytes)"], sys.argv[4], sys.argv[5]]))
PY
  tail -n 1 "$OUT/results.tsv" >&2
}
