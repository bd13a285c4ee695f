#!/usr/bin/env bash
# Load test: Hearth's GET / and GET /login beside nginx serving the same
# bytes as static files, in the same run on the same machine, so the ratio
# means something on a noisy box. Runs on each engine in turn with the demo
# content (so the home page shows its featured strip). Prints Markdown tables.
#   bench/run.sh [duration=15s] [connections=32] [threads=2]
#   HEARTH_BIN                  the server to measure (default build/hearth)
#   HEARTH_BENCH_ENGINES        "sqlite postgresql" (default) or one of them
#   HEARTH_BENCH_POSTGRES_URL   a PostgreSQL server whose role may CREATE
#                               DATABASE; default: scripts/start-postgres.sh's
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-15s}
connections=${2:-32}
wrk_threads=${3:-2}
bin=${HEARTH_BIN:-$root/build/hearth}
engines=${HEARTH_BENCH_ENGINES:-sqlite postgresql}
work=$(mktemp -d /tmp/hearth-bench.XXXXXX)
hearth_port=${HEARTH_BENCH_PORT:-18181}
nginx_port=${NGINX_BENCH_PORT:-18182}
pg_server=
pg_db=

stop_servers() {
  [ -n "${hearth_pid:-}" ] && kill "$hearth_pid" 2>/dev/null && wait "$hearth_pid" 2>/dev/null || true
  hearth_pid=
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -f "$work/nginx.pid"
  drop_bench_database
}
cleanup() {
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT

. "$root/bench/wrk_lib.sh"

run_engine() {
  local engine=$1 url=$2
  HEARTH_DATA_DIR=$work/data HEARTH_DATABASE_URL=$url "$bin" migrate >"$work/hearth.log" 2>&1
  HEARTH_DATA_DIR=$work/data HEARTH_DATABASE_URL=$url "$bin" seed --demo >>"$work/hearth.log" 2>&1
  HEARTH_LISTEN=127.0.0.1:$hearth_port HEARTH_DATA_DIR=$work/data HEARTH_DATABASE_URL=$url HEARTH_RATE_LIMITS=off \
    HEARTH_ACCESS_LOG=off "$bin" serve >>"$work/hearth.log" 2>&1 &
  hearth_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$hearth_port/healthz" >/dev/null && break; sleep 0.1; done

  # The same bytes, as static files.
  mkdir -p "$work/www"
  chmod 755 "$work"  # nginx workers run as www-data
  curl -sf "http://127.0.0.1:$hearth_port/" -o "$work/www/index.html"
  curl -sf "http://127.0.0.1:$hearth_port/login" -o "$work/www/login.html"
  sed -e "s|@PORT@|$nginx_port|" -e "s|@ROOT@|$work/www|" -e "s|@WORK@|$work|g" "$root/bench/nginx.conf.in" >"$work/nginx.conf"
  chmod -R a+rX "$work/www"
  nginx -c "$work/nginx.conf" -p "$work"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nginx_port/index.html" >/dev/null && break; sleep 0.1; done

  echo "### $engine"
  echo
  echo "| request | server | req/s | p50 ms | p99 ms | errors |"
  echo "| --- | --- | ---: | ---: | ---: | --- |"
  declare -A rps
  for page in "/:index.html" "/login:login.html"; do
    path=${page%%:*}
    file=${page##*:}
    IFS='|' read -r r50 p50 p99 err < <(wrk_summary "http://127.0.0.1:$hearth_port$path")
    echo "| GET $path | Hearth | $r50 | $p50 | $p99 | $err |"
    rps[hearth$path]=$r50
    IFS='|' read -r n50 np50 np99 nerr < <(wrk_summary "http://127.0.0.1:$nginx_port/$file")
    echo "| GET $path (same bytes) | nginx static | $n50 | $np50 | $np99 | $nerr |"
    rps[nginx$path]=$n50
  done
  echo
  for path in / /login; do
    awk -v h="${rps[hearth$path]}" -v n="${rps[nginx$path]}" -v p="$path" \
      'BEGIN {printf "GET %s: Hearth serves %.2f of nginx'"'"'s static throughput\n", p, h / n}'
  done
  echo
}

echo "wrk -t$wrk_threads -c$connections -d$duration --latency, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d), $bin"
echo
for engine in $engines; do
  rm -rf "$work/data"
  mkdir -p "$work/data"
  bench_database "$engine"
  run_engine "$engine" "$bench_url"
  stop_servers
done
