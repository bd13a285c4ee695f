#!/usr/bin/env bash
# Directory load test: seeds N synthetic specialists (default 100,000) on
# SQLite and on PostgreSQL, then measures with wrk
#   (a) the directory page with a text query and two filters, with the
#       directory result cache on (the default) and off, and
#   (b) a public profile page, also with the cache on and off.
# Prints a Markdown table. Rate limits and the access log are off.
#   bench/directory.sh [duration=15s] [connections=32] [threads=2] [specialists=100000]
# PostgreSQL: HEARTH_BENCH_POSTGRES_URL (a server whose role may CREATE
# DATABASE), else scripts/start-postgres.sh (HEARTH_PG_DIR, default
# /tmp/hearth-pg); the benchmark uses a database of its own and drops it.
# The last column is Hearth's own CPU time per request (user + system, from
# /proc; the PostgreSQL backends' time is not in it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-15s}
connections=${2:-32}
wrk_threads=${3:-2}
count=${4:-100000}
bin=${HEARTH_BIN:-$root/build/hearth}
port=${HEARTH_BENCH_PORT:-18191}
directory_path='/specialists?q=attachment&language=de&format=online'
work=$(mktemp -d /tmp/hearth-directory-bench.XXXXXX)
hearth_pid=
pg_admin_url=
pg_db="hearth_bench_$$"

cleanup() {
  stop_hearth
  if [ -n "$pg_admin_url" ]; then psql "$pg_admin_url" -Xq -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

stop_hearth() {
  if [ -n "$hearth_pid" ]; then
    kill "$hearth_pid" 2>/dev/null || true
    wait "$hearth_pid" 2>/dev/null || true
    hearth_pid=
  fi
}

start_hearth() {  # database-url cache(on|off)
  HEARTH_LISTEN=127.0.0.1:$port HEARTH_DATABASE_URL=$1 HEARTH_DATA_DIR=$work/data HEARTH_RATE_LIMITS=off \
    HEARTH_ACCESS_LOG=off HEARTH_DIRECTORY_CACHE=$2 "$bin" serve >>"$work/hearth.log" 2>&1 &
  hearth_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "Hearth did not start:" >&2; tail -20 "$work/hearth.log" >&2; exit 1
}

seed() {  # database-url -> seconds
  local started ended
  started=$(date +%s.%N)
  HEARTH_DATABASE_URL=$1 HEARTH_DATA_DIR=$work/data "$bin" seed --specialists "$count" >>"$work/seed.log" 2>&1
  ended=$(date +%s.%N)
  awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f", b - a}'
}

# shellcheck source=bench/wrk_lib.sh
. "$root/bench/wrk_lib.sh"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$hearth_pid/stat"; }

measure() {  # url -> "req/s|p50|p99|errors|cpu ms per request", after a 3-second warm-up
  local before after summary requests
  wrk -t"$wrk_threads" -c"$connections" -d3s "$1" >/dev/null
  before=$(cpu_ticks)
  summary=$(wrk_summary "$1")
  after=$(cpu_ticks)
  requests=$(awk -F'|' -v d="${duration%s}" '{printf "%d", $1 * d}' <<<"$summary")
  echo "$summary|$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {if (n > 0) printf "%.2f", t * 1000 / hz / n; else printf "-"}')"
}

bench_engine() {  # name database-url
  local name=$1 url=$2 seconds slug base="http://127.0.0.1:$port"
  seconds=$(seed "$url")
  if [ "$name" = PostgreSQL ]; then psql "$url" -Xq -c "VACUUM ANALYZE" >/dev/null; fi
  echo "| seed $count specialists | $name | ${seconds} s | | | | |"

  start_hearth "$url" on
  slug=$(curl -sf "$base/api/v1/specialists?q=attachment&language=de&format=online&per_page=1" |
    grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
  IFS='|' read -r rps p50 p99 err cpu < <(measure "$base$directory_path")
  echo "| GET $directory_path (cache on) | $name | $rps | $p50 | $p99 | $err | $cpu |"
  IFS='|' read -r rps p50 p99 err cpu < <(measure "$base/specialists/$slug")
  echo "| GET /specialists/{slug} | $name | $rps | $p50 | $p99 | $err | $cpu |"
  stop_hearth

  start_hearth "$url" off
  IFS='|' read -r rps p50 p99 err cpu < <(measure "$base$directory_path")
  echo "| GET $directory_path (cache off) | $name | $rps | $p50 | $p99 | $err | $cpu |"
  IFS='|' read -r rps p50 p99 err cpu < <(measure "$base/specialists/$slug")
  echo "| GET /specialists/{slug} (cache off) | $name | $rps | $p50 | $p99 | $err | $cpu |"
  stop_hearth
}

echo "wrk -t$wrk_threads -c$connections -d$duration --latency, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
echo
echo "| request | engine | req/s | p50 ms | p99 ms | errors | Hearth CPU ms/request |"
echo "| --- | --- | ---: | ---: | ---: | --- | ---: |"
mkdir -p "$work/data"
bench_engine SQLite "sqlite://$work/data/hearth.db"

pg_admin_url=${HEARTH_BENCH_POSTGRES_URL:-$("$root/scripts/start-postgres.sh" "${HEARTH_PG_DIR:-/tmp/hearth-pg}" 2>/dev/null | tail -n 1)}
psql "$pg_admin_url" -Xq -c "CREATE DATABASE $pg_db" >/dev/null
bench_engine PostgreSQL "${pg_admin_url%/*}/$pg_db"
