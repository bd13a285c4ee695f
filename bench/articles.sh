#!/usr/bin/env bash
# Articles load test (issue 12): on each engine, seeds N articles (default
# 10,000) on top of the demo content, then in one run with the same wrk
# settings measures
#   (a) one article page from Hearth beside nginx serving the very same
#       bytes as a static file (sendfile on, a port of its own, a config
#       written into a scratch folder; runs without root), and the ratio;
#   (b) /articles?q=<words> with the query changed on every request (a wrk
#       Lua script), so no result cache can answer it: req/s and p99;
#   (c) /feed.xml and /sitemap.xml.
# Prints Markdown tables and whether the issue's aims are met: the article
# page at least half of nginx's throughput, search p99 under 50 ms.
#   bench/articles.sh [duration=15s] [connections=32] [threads=2] [articles=10000]
#   HEARTH_BIN                  the server to measure (default build/hearth)
#   HEARTH_BENCH_ENGINES        "sqlite postgresql" (default) or one of them
#   HEARTH_BENCH_POSTGRES_URL   a PostgreSQL server whose role may CREATE
#                               DATABASE; default: scripts/start-postgres.sh's
#   HEARTH_BENCH_EXTRA_ENV      more settings for `hearth serve`, e.g. a cache switch
# Needs wrk, nginx (nginx-light), curl, and sqlite3 or psql.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-15s}
connections=${2:-32}
wrk_threads=${3:-2}
count=${4:-10000}
bin=${HEARTH_BIN:-$root/build/hearth}
engines=${HEARTH_BENCH_ENGINES:-sqlite postgresql}
hearth_port=${HEARTH_BENCH_PORT:-18201}
nginx_port=${NGINX_BENCH_PORT:-18202}
work=$(mktemp -d /tmp/hearth-articles-bench.XXXXXX)
hearth_pid=
pg_server=
pg_db=

# shellcheck source=bench/wrk_lib.sh
. "$root/bench/wrk_lib.sh"

stop_servers() {
  if [ -n "$hearth_pid" ]; then
    kill "$hearth_pid" 2>/dev/null || true
    wait "$hearth_pid" 2>/dev/null || true
    hearth_pid=
  fi
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -f "$work/nginx.pid"
  drop_bench_database
}
cleanup() {
  stop_servers
  rm -rf "$work"
}
trap cleanup EXIT

# The same 30 words the searches combine: all occur in the demo articles.
cat >"$work/search.lua" <<'LUA'
-- A different /articles?q= on every request: two words out of 30 and a
-- page from 1 to 3 give 2,700 distinct queries per thread, and each wrk
-- thread starts elsewhere in that sequence.
local words = {"trauma", "boundaries", "attachment", "partner", "therapy", "trust", "repair", "family",
               "cycle", "consultation", "safety", "conflict", "silence", "parent", "childhood", "support",
               "listening", "shame", "anger", "rest", "body", "couple", "relationship", "healing", "fear",
               "change", "care", "pattern", "feelings", "reassurance"}
local counter = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 997)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local n = counter + (offset or 0)
  local a = words[n % #words + 1]
  local b = words[math.floor(n / #words) % #words + 1]
  local page = math.floor(n / (#words * #words)) % 3 + 1
  return wrk.format("GET", "/articles?q=" .. a .. "+" .. b .. "&page=" .. page)
end
LUA

# Synthetic published articles straight into the database, for a build
# without `hearth seed --articles` (not in the search index then).
insert_articles() {  # engine database-url count
  local body
  body=$(printf '<h2 id="s%d">Section %d</h2><p>Trust and repair take time. Boundaries, attachment and the body all play a part when a partner carries trauma; safety comes first, then listening.</p>' $(seq 1 12 | sed 's/.*/& &/'))
  local sql="INSERT INTO articles (author_id, profile_id, slug, status, title, summary, body_markdown, body_html,
      word_count, created_at, updated_at, published_at)
    SELECT p.user_id, p.id, 'bench-article-' || n.i, 'published', 'Bench article ' || n.i,
      'A synthetic article for the benchmark.', 'x', '$body', 300,
      1700000000 + n.i, 1700000000 + n.i, 1700000000 + n.i
    FROM N n, (SELECT user_id, id FROM specialist_profiles WHERE listed = 1 ORDER BY id LIMIT 1) p"
  if [ "$1" = sqlite ]; then
    sqlite3 "${2#sqlite://}" "WITH RECURSIVE N(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM N WHERE i < $3) $sql;"
  else
    psql "$2" -Xq -c "WITH N(i) AS (SELECT generate_series(1, $3)) $sql;"
  fi
}

seed_articles() {  # engine database-url
  HEARTH_DATABASE_URL=$2 HEARTH_DATA_DIR=$work/data "$bin" migrate >>"$work/hearth.log" 2>&1
  HEARTH_DATABASE_URL=$2 HEARTH_DATA_DIR=$work/data "$bin" seed --demo >>"$work/hearth.log" 2>&1
  local started ended
  started=$(date +%s.%N)
  if HEARTH_DATABASE_URL=$2 HEARTH_DATA_DIR=$work/data "$bin" seed --articles "$count" >>"$work/hearth.log" 2>&1; then
    seeded_by="hearth seed --articles $count"
  else
    insert_articles "$1" "$2" "$count"
    seeded_by="SQL insert of $count articles (this build has no \`seed --articles\`; not in the search index)"
  fi
  ended=$(date +%s.%N)
  seed_seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f", b - a}')
  # As autovacuum leaves a table after a bulk load: statistics, and the
  # visibility map that lets search read search_terms from its index alone.
  if [ "$1" = postgresql ]; then psql "$2" -Xq -c "VACUUM ANALYZE" >/dev/null 2>&1 || true; fi
}

start_hearth() {  # database-url
  # shellcheck disable=SC2086
  env HEARTH_LISTEN=127.0.0.1:$hearth_port HEARTH_DATABASE_URL="$1" HEARTH_DATA_DIR="$work/data" \
    HEARTH_RATE_LIMITS=off HEARTH_ACCESS_LOG=off ${HEARTH_BENCH_EXTRA_ENV:-} "$bin" serve >>"$work/hearth.log" 2>&1 &
  hearth_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$hearth_port/healthz" >/dev/null && return; sleep 0.1; done
  echo "Hearth did not start:" >&2
  tail -20 "$work/hearth.log" >&2
  exit 1
}

start_nginx() {  # file-to-serve
  mkdir -p "$work/www"
  chmod 755 "$work"  # nginx workers may run as www-data
  cp "$1" "$work/www/article.html"
  chmod -R a+rX "$work/www"
  sed -e "s|@PORT@|$nginx_port|" -e "s|@ROOT@|$work/www|" -e "s|@WORK@|$work|g" "$root/bench/nginx.conf.in" >"$work/nginx.conf"
  nginx -c "$work/nginx.conf" -p "$work"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$nginx_port/article.html" >/dev/null && return; sleep 0.1; done
  echo "nginx did not start" >&2
  exit 1
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$hearth_port$1"; }

run_engine() {  # engine database-url
  seed_articles "$1" "$2"
  start_hearth "$2"
  local base="http://127.0.0.1:$hearth_port" article note=""
  # The newest article's page, found through the site feed.
  article=$(curl -sf "$base/feed.xml" | grep -o 'rel="alternate" type="text/html" href="[^"]*/articles/[^"]*"' |
              head -n1 | sed -E 's|.*href="[^"]*(/articles/[^"]*)"|\1|')
  if [ -z "$article" ] || [ "$(status_of "$article")" != 200 ]; then
    note="(no article page in this build: /feed.xml stands in for it)"
    article=/feed.xml
  fi
  curl -sf "$base$article" -o "$work/article.bytes"
  start_nginx "$work/article.bytes"
  for _ in 1 2 3; do curl -s -o /dev/null "$base$article"; done  # warm-up

  echo "### $1: $seeded_by in $seed_seconds s"
  echo
  echo "| request | server | req/s | p50 ms | p99 ms | errors |"
  echo "| --- | --- | ---: | ---: | ---: | --- |"
  local hr hp50 hp99 herr nr np50 np99 nerr
  IFS='|' read -r hr hp50 hp99 herr < <(wrk_summary "$base$article")
  echo "| GET $article $note ($(wc -c <"$work/article.bytes") bytes) | Hearth | $hr | $hp50 | $hp99 | $herr |"
  IFS='|' read -r nr np50 np99 nerr < <(wrk_summary "http://127.0.0.1:$nginx_port/article.html")
  echo "| the same bytes | nginx static | $nr | $np50 | $np99 | $nerr |"
  local sr="-" sp50="-" sp99="-" serr="no search page in this build"
  if [ "$(status_of '/articles?q=trust')" = 200 ]; then
    IFS='|' read -r sr sp50 sp99 serr < <(wrk_summary_script "$work/search.lua" "$base")
  fi
  echo "| GET /articles?q=<two words>&page=<1-3>, new each request | Hearth | $sr | $sp50 | $sp99 | $serr |"
  for path in /feed.xml /sitemap.xml; do
    local r p50 p99 err
    IFS='|' read -r r p50 p99 err < <(wrk_summary "$base$path")
    echo "| GET $path | Hearth | $r | $p50 | $p99 | $err |"
  done
  echo
  awk -v h="$hr" -v n="$nr" 'BEGIN {r = h / n; printf "Article page: Hearth serves %.2f of nginx'"'"'s static throughput (aim: at least 0.50): %s\n", r, (r >= 0.5 ? "met" : "NOT met")}'
  if [ "$sp99" != "-" ]; then
    awk -v p="$sp99" 'BEGIN {printf "Search p99: %.1f ms (aim: under 50 ms): %s\n", p, (p < 50 ? "met" : "NOT met")}'
  else
    echo "Search p99: not measured (no /articles search page in this build)"
  fi
  echo
  stop_servers
}

# wrk_summary with a Lua script (wrk_lib.sh's takes a bare URL).
wrk_summary_script() {  # script base-url
  local out rps p50 p99 errors
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -s "$1" "$2")
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50.000%" || $1=="50%" {print $2}' <<<"$out" | to_ms)
  p99=$(awk '$1=="99.000%" || $1=="99%" {print $2}' <<<"$out" | to_ms)
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps|$p50|$p99|${errors:-none}"
}

echo "wrk -t$wrk_threads -c$connections -d$duration --latency, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d), $bin"
echo
for engine in $engines; do
  rm -rf "$work/data"
  mkdir -p "$work/data"
  bench_database "$engine"
  run_engine "$engine" "$bench_url"
done
