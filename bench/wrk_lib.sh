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
