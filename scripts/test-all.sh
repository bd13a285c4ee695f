#!/usr/bin/env bash
# Installs what the tests need, builds, starts a throwaway PostgreSQL on
# loopback, and runs every suite: unit (ctest), integration over HTTP on
# SQLite and on PostgreSQL (pytest), browser journeys (Playwright), then
# checks docs/openapi.yaml with an OpenAPI validator and gives each fuzz
# target a short run (FUZZ_SECONDS, 20 by default; FUZZ_SECONDS=0 skips it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build}

scripts/install-deps.sh --test
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir"

pg_dir=${HEARTH_PG_DIR:-/tmp/hearth-pg}
pg_url=$(scripts/start-postgres.sh "$pg_dir" | tail -n 1)
trap 'scripts/stop-postgres.sh "$pg_dir" >/dev/null 2>&1 || true' EXIT
export HEARTH_TEST_POSTGRES_URL="$pg_url"
export HEARTH_BIN="$root/$build_dir/hearth"

echo "== unit tests"
ctest --test-dir "$build_dir" --output-on-failure -j2

echo "== integration tests (SQLite and PostgreSQL)"
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/integration

echo "== browser tests"
(cd tests/browser && node --test --test-concurrency=1)

echo "== OpenAPI description"
(cd tests/openapi && node validate.mjs ../../docs/openapi.yaml)

fuzz_seconds=${FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzzing (${fuzz_seconds} s per target)"
  FUZZ_SECONDS="$fuzz_seconds" scripts/fuzz.sh
fi
