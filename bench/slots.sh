#!/usr/bin/env bash
# Load test of the open-slots API: one specialist (Europe/Berlin, weekdays
# 08:00-20:00, booking horizon 180 days) with 1,000 existing bookings spread
# over that horizon, then GET /api/v1/specialists/{slug}/slots?tz=Europe/Berlin
# (the default 30 days: the busy query plus slot arithmetic for each request),
# on SQLite and on PostgreSQL. Prints a Markdown table.
#   bench/slots.sh [duration=15s] [connections=32] [threads=2]
#   HEARTH_BENCH_POSTGRES_URL   a PostgreSQL server URL whose role may CREATE
#                               DATABASE; default: scripts/start-postgres.sh's
#   HEARTH_BENCH_ENGINES        "sqlite postgresql" (default) or one of them
#   HEARTH_BENCH_QUERY          the query string, default "tz=Europe/Berlin"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-15s}
connections=${2:-32}
wrk_threads=${3:-2}
bin=${HEARTH_BIN:-$root/build/hearth}
port=${HEARTH_BENCH_PORT:-18183}
engines=${HEARTH_BENCH_ENGINES:-sqlite postgresql}
query=${HEARTH_BENCH_QUERY-tz=Europe/Berlin}
bookings=1000
password="bench passphrase for slots 42"
work=$(mktemp -d /tmp/hearth-slots.XXXXXX)
base="http://127.0.0.1:$port"

cleanup() {
  [ -n "${hearth_pid:-}" ] && kill "$hearth_pid" 2>/dev/null && wait "$hearth_pid" 2>/dev/null || true
  [ -n "${pg_db:-}" ] && psql "$pg_server" -X -q -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

api() {  # method path [json] [token]
  curl -sf -X "$1" "$base$2" -H 'Content-Type: application/json' ${4:+-H "Authorization: Bearer $4"} ${3:+-d "$3"}
}

start_hearth() {  # database_url
  HEARTH_LISTEN=127.0.0.1:$port HEARTH_DATA_DIR=$work/data HEARTH_DATABASE_URL=$1 HEARTH_RATE_LIMITS=off \
    HEARTH_ACCESS_LOG=off "$bin" serve >"$work/hearth.log" 2>&1 &
  hearth_pid=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.1; done
  cat "$work/hearth.log" >&2
  exit 1
}

stop_hearth() {
  kill "$hearth_pid" && wait "$hearth_pid" 2>/dev/null || true
  hearth_pid=
}

# A listed specialist with weekday hours and a member; prints the slug and
# the SQL inserting $bookings bookings (every third open slot) to $work/bookings.sql.
seed() {  # database_url
  local s_mail="specialist@bench.example" m_mail="member@bench.example" a_mail="admin@bench.example"
  api POST /api/v1/users "{\"email\":\"$s_mail\",\"password\":\"$password\",\"display_name\":\"Dr Bench\",\"role\":\"specialist\"}" >/dev/null
  api POST /api/v1/users "{\"email\":\"$m_mail\",\"password\":\"$password\",\"display_name\":\"Bench Member\",\"role\":\"member\"}" >"$work/member.json"
  local s_token member_id slug a_token
  s_token=$(api POST /api/v1/session "{\"email\":\"$s_mail\",\"password\":\"$password\"}" | jq -r .token)
  member_id=$(jq -r .user.id "$work/member.json")
  api PUT /api/v1/me/profile '{"full_name":"Dr Bench Mark","credentials":"MSc","licence_number":"PSY-1","licence_region":"HCPC","headline":"Bench","bio":"Bio.","approach":"","specialties":["attachment"],"modalities":[],"languages":["en"],"online":true,"in_person":false,"city":"","country":"DE","timezone":"Europe/Berlin","fee_min":80,"fee_max":120,"currency":"EUR","offers_free_consultation":true}' "$s_token" >/dev/null
  slug=$(api POST /api/v1/me/profile/publish '{}' "$s_token" | jq -r .profile.slug)
  HEARTH_DATA_DIR=$work/data HEARTH_DATABASE_URL=$1 "$bin" admin create --email "$a_mail" --name "Bench Admin" \
    <<<"$password" >/dev/null 2>&1
  a_token=$(api POST /api/v1/session "{\"email\":\"$a_mail\",\"password\":\"$password\"}" | jq -r .token)
  api POST "/api/v1/admin/specialists/$slug/verify" '{}' "$a_token" >/dev/null
  local weekly
  weekly=$(jq -nc '[range(1;6) | {weekday: ., start: "08:00", end: "20:00"}]')
  api PUT /api/v1/me/availability "{\"timezone\":\"Europe/Berlin\",\"weekly\":$weekly,\"time_off\":[],\"min_notice_hours\":12,\"horizon_days\":180,\"mode\":\"video\"}" "$s_token" >/dev/null
  # The open slots of the whole horizon, 60 days at a time; every third is booked.
  local now from
  now=$(date -u +%s)
  : >"$work/starts"
  for i in 0 1 2; do
    from=$(date -u -d "@$((now + i * 60 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
    to=$(date -u -d "@$((now + (i + 1) * 60 * 86400))" +%Y-%m-%dT%H:%M:%SZ)
    api GET "/api/v1/specialists/$slug/slots?from=$from&to=$to" | jq -r '.items[].start' >>"$work/starts"
  done
  {
    echo "BEGIN;"
    awk 'NR % 3 == 1' "$work/starts" | head -n "$bookings" | while read -r start; do
      t=$(date -u -d "$start" +%s)
      echo "INSERT INTO consultations (profile_id, member_id, starts_at, ends_at, status, created_at, updated_at)" \
           "SELECT id, $member_id, $t, $((t + 1800)), 'booked', $now, $now FROM specialist_profiles WHERE slug = '$slug';"
    done
    echo "COMMIT;"
  } >"$work/bookings.sql"
  echo "$slug"
}

. "$root/bench/wrk_lib.sh"

bench() {  # engine url
  local rps p50 p99 errors
  IFS='|' read -r rps p50 p99 errors < <(wrk_summary "$2")
  echo "| $1 | $rps | $p50 | $p99 | $errors |"
}

echo "wrk -t$wrk_threads -c$connections -d$duration --latency, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| engine | req/s | p50 ms | p99 ms | errors |"
echo "| --- | ---: | ---: | ---: | --- |"
for engine in $engines; do
  rm -rf "$work/data"
  mkdir -p "$work/data"
  bench_database "$engine"
  url=$bench_url
  start_hearth "$url"
  slug=$(seed "$url")
  if [ "$engine" = sqlite ]; then
    sqlite3 "$work/data/hearth.db" <"$work/bookings.sql"
    booked=$(sqlite3 "$work/data/hearth.db" "SELECT COUNT(*) FROM consultations WHERE status = 'booked'")
  else
    psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$work/bookings.sql" >/dev/null
    booked=$(psql "$url" -X -qtA -c "SELECT COUNT(*) FROM consultations WHERE status = 'booked'")
  fi
  [ "$booked" -eq "$bookings" ] || { echo "expected $bookings bookings, have $booked" >&2; exit 1; }
  target="$base/api/v1/specialists/$slug/slots?$query"
  items=$(curl -sf "$target" | jq '.items | length')
  curl -sf "$target" >/dev/null  # warm up
  bench "$engine ($items slots in 30 days, $booked bookings)" "$target"
  stop_hearth
  drop_bench_database
done
