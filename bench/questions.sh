#!/usr/bin/env bash
# Questions load test: seeds N synthetic questions with answers (default
# 50,000; `hearth seed --questions N`) on SQLite and on PostgreSQL, then
# measures with wrk
#   (a) the list, GET /questions,
#   (b) one question page, GET /questions/{id}, and
#   (c) uncached question search: GET /questions?q=<word> with a different
#       query on every request (bench/questions_search.lua picks two words
#       and a page), so no cache can answer it.
# Prints a Markdown table (req/s, p50, p99). Rate limits and the access log
# are off. The issue's goal: uncached question search p99 under 50 ms.
#   bench/questions.sh [duration=15s] [connections=16] [threads=2] [questions=50000]
# PostgreSQL: HEARTH_BENCH_POSTGRES_URL (a server whose role may CREATE
# DATABASE), else scripts/start-postgres.sh; the run uses a database of
# its own and drops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-15s}
connections=${2:-16}
wrk_threads=${3:-2}
count=${4:-50000}
bin=${HEARTH_BIN:-$root/build/hearth}
port=${HEARTH_BENCH_PORT:-18193}
work=$(mktemp -d /tmp/hearth-questions-bench.XXXXXX)
hearth_pid=

# shellcheck source=bench/wrk_lib.sh
. "$root/bench/wrk_lib.sh"

stop_hearth() {
  if [ -n "$hearth_pid" ]; then
    kill "$hearth_pid" 2>/dev/null || true
    wait "$hearth_pid" 2>/dev/null || true
    hearth_pid=
  fi
}

cleanup() {
  stop_hearth
  drop_bench_database
  rm -rf "$work"
}
trap cleanup EXIT

start_hearth() {  # database-url
  HEARTH_LISTEN=127.0.0.1:$port HEARTH_DATABASE_URL=$1 HEARTH_DATA_DIR=$work/data HEARTH_RATE_LIMITS=off \
    HEARTH_ACCESS_LOG=off "$bin" serve >>"$work/hearth.log" 2>&1 &
  hearth_pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "Hearth did not start:" >&2; tail -20 "$work/hearth.log" >&2; exit 1
}

seed() {  # database-url -> seconds
  local started ended
  started=$(date +%s.%N)
  HEARTH_DATABASE_URL=$1 HEARTH_DATA_DIR=$work/data "$bin" seed --questions "$count" >>"$work/seed.log" 2>&1
  ended=$(date +%s.%N)
  awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f", b - a}'
}

measure() {  # url [lua script] -> "req/s|p50|p99|errors", after a 3-second warm-up
  local script=()
  [ -n "${2:-}" ] && script=(-s "$2")
  wrk -t"$wrk_threads" -c"$connections" -d3s "${script[@]}" "$1" >/dev/null
  local out rps p50 p99 errors
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "${script[@]}" "$1")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50.000%" || $1=="50%" {print $2}' <<<"$out" | to_ms)
  p99=$(awk '$1=="99.000%" || $1=="99%" {print $2}' <<<"$out" | to_ms)
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps|$p50|$p99|${errors:-none}"
}

bench_engine() {  # name engine
  local name=$1 seconds id base="http://127.0.0.1:$port"
  mkdir -p "$work/data"
  bench_database "$2"
  seconds=$(seed "$bench_url")
  if [ "$2" = postgresql ]; then psql "$bench_url" -Xq -c "VACUUM ANALYZE" >/dev/null 2>&1; fi
  echo "| seed $count questions | $name | ${seconds} s | | | |"
  start_hearth "$bench_url"
  id=$(curl -sf "$base/api/v1/questions?per_page=1&page=50" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  IFS='|' read -r rps p50 p99 err < <(measure "$base/questions")
  echo "| GET /questions | $name | $rps | $p50 | $p99 | $err |"
  IFS='|' read -r rps p50 p99 err < <(measure "$base/questions/$id")
  echo "| GET /questions/{id} | $name | $rps | $p50 | $p99 | $err |"
  IFS='|' read -r rps p50 p99 err < <(measure "$base/questions" "$root/bench/questions_search.lua")
  echo "| GET /questions?q=... (a new query each time) | $name | $rps | $p50 | $p99 | $err |"
  stop_hearth
  drop_bench_database
  rm -rf "$work/data"
}

echo "wrk -t$wrk_threads -c$connections -d$duration --latency, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
echo
echo "| request | engine | req/s | p50 ms | p99 ms | errors |"
echo "| --- | --- | ---: | ---: | ---: | --- |"
bench_engine SQLite sqlite
bench_engine PostgreSQL postgresql
