#!/usr/bin/env bash
# One node holding many open event streams: memory and CPU while they sit
# idle, and how long an event takes to reach its streams while wrk loads a
# page at the same time (bench/events.py does the measuring).
#   bench/events.sh [streams=1000] [idle seconds=30] [events=200] [load seconds=20] [messages=100]
# Engines: HEARTH_BENCH_ENGINES (default "sqlite postgresql"); PostgreSQL
# from HEARTH_BENCH_POSTGRES_URL or scripts/start-postgres.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
streams=${1:-1000}
idle=${2:-30}
events=${3:-200}
load=${4:-20}
messages=${5:-100}
bin=${HEARTH_BIN:-$root/build/hearth}
port=${HEARTH_BENCH_PORT:-18193}
work=$(mktemp -d /tmp/hearth-events-bench.XXXXXX)
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
cleanup() { stop_hearth; drop_bench_database; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 8192

for engine in ${HEARTH_BENCH_ENGINES:-sqlite postgresql}; do
  mkdir -p "$work/data"
  bench_database "$engine"
  HEARTH_LISTEN=127.0.0.1:$port HEARTH_DATABASE_URL=$bench_url HEARTH_DATA_DIR=$work/data HEARTH_RATE_LIMITS=off \
    HEARTH_ACCESS_LOG=off HEARTH_LIVE_MAX_STREAMS=$((streams + 100)) "$bin" serve >>"$work/hearth.log" 2>&1 &
  hearth_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "$engine: $(python3 "$root/bench/events.py" --port "$port" --pid "$hearth_pid" --database-url "$bench_url" \
    --streams "$streams" --idle "$idle" --events "$events" --load-seconds "$load" --messages "$messages" \
    --bin "$bin" --data-dir "$work/data")"
  stop_hearth
  drop_bench_database
  rm -rf "$work/data"
done
