# Shared by the bench scripts: one wrk run, summarised as
# "req/s|p50 ms|p99 ms|errors". Needs wrk_threads, connections, duration.

# wrk --latency prints "50.000%  1.23ms"; turn its units into milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.2f", v}'; }

wrk_summary() {  # url
  local out rps p50 p99 errors
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$1")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50.000%" || $1=="50%" {print $2}' <<<"$out" | to_ms)
  p99=$(awk '$1=="99.000%" || $1=="99%" {print $2}' <<<"$out" | to_ms)
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps|$p50|$p99|${errors:-none}"
}

# A fresh database for one engine's run: sets bench_url (and, for
# PostgreSQL, pg_server and pg_db; drop_bench_database drops it). Needs
# work (a scratch folder) and root (the repository).
#   HEARTH_BENCH_POSTGRES_URL   a server whose role may CREATE DATABASE;
#                               default: scripts/start-postgres.sh's
bench_database() {  # engine: sqlite | postgresql
  if [ "$1" = sqlite ]; then
    bench_url="sqlite://$work/data/hearth.db"
    return
  fi
  pg_server=${HEARTH_BENCH_POSTGRES_URL:-$("$root/scripts/start-postgres.sh" 2>/dev/null | tail -n1)}
  pg_db=hearth_bench_$$
  psql "$pg_server" -X -q -c "CREATE DATABASE $pg_db" >/dev/null
  bench_url=$(sed -E "s|/[^/?]*(\?.*)?$|/$pg_db\1|" <<<"$pg_server")
}

drop_bench_database() {
  [ -n "${pg_db:-}" ] || return 0
  psql "$pg_server" -X -q -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  pg_db=
}
