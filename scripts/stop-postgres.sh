#!/usr/bin/env bash
# Stops the test server started by start-postgres.sh. Its data stays in DIR;
# delete DIR for a clean slate next time.
#   scripts/stop-postgres.sh [DIR]      DIR defaults to /tmp/hearth-pg
set -euo pipefail

dir=${1:-/tmp/hearth-pg}
bin=${HEARTH_PG_BIN:-/usr/lib/postgresql/15/bin}
data=$dir/data

if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

if [ ! -s "$data/PG_VERSION" ]; then
  echo "No test cluster in $data" >&2
  exit 0
fi
cd "$dir"
if as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" stop --pgdata="$data" --mode=fast --wait >&2
else
  echo "PostgreSQL in $data is not running" >&2
fi
