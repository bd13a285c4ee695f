#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/<name>_fuzz.cpp) with clang-15,
# AddressSanitizer and UndefinedBehaviorSanitizer in a build directory of
# their own, then runs each for a bounded time from its seed corpus.
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS (60) each
#   scripts/fuzz.sh form ics        only these targets
# Environment: FUZZ_SECONDS (per target), FUZZ_BUILD_DIR (build-fuzz),
# FUZZ_BUILD_JOBS (2). Inputs that crash or break a property are saved in
# $FUZZ_BUILD_DIR/findings/<name>/; the exit status is 1 when any target
# found something. New corpus entries stay in $FUZZ_BUILD_DIR/corpus/<name>/
# (copy the interesting ones to fuzz/corpus/<name>/ by hand).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_BUILD_JOBS:-2}

if ! command -v clang++-15 >/dev/null; then
  echo "fuzz: clang++-15 is missing (scripts/install-deps.sh --test installs clang-15 and libfuzzer-15-dev)" >&2
  exit 2
fi

# The same sources build the same objects wherever the tree is checked out.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
started=$(date +%s)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-15 -DHEARTH_FUZZ=ON >/dev/null
cmake --build "$build_dir" --target hearth_fuzzers -j "$jobs"
echo "fuzz: build took $(( $(date +%s) - started )) s"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/*_fuzz.cpp; do n=$(basename "$f" _fuzz.cpp); targets+=("$n"); done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Stacks with function names and lines (clang-15 ships no symbolizer of its own).
for s in /usr/lib/llvm-15/bin/llvm-symbolizer /usr/bin/llvm-symbolizer; do
  [ -x "$s" ] && { export ASAN_SYMBOLIZER_PATH=$s; break; }
done
failed=()
summary=()
for name in "${targets[@]}"; do
  bin="$build_dir/fuzz/${name}_fuzz"
  [ -x "$bin" ] || { echo "fuzz: no target $name" >&2; exit 2; }
  work="$build_dir/corpus/$name"
  findings="$build_dir/findings/$name"
  mkdir -p "$work" "$findings"
  args=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$findings/")
  [ -f "fuzz/dict/$name.dict" ] && args+=(-dict="fuzz/dict/$name.dict")
  log="$build_dir/findings/$name.log"
  echo "== fuzz $name (${seconds} s)"
  t0=$(date +%s)
  # The first folder collects what the run discovers; the seeds are only read.
  if "$bin" "${args[@]}" "$work" "fuzz/corpus/$name" >"$log" 2>&1; then
    result=ok
  else
    result=FOUND
    failed+=("$name")
    grep -E "property broken|ERROR: |runtime error|SUMMARY" "$log" | head -n 5 || true
    echo "   input: $(ls -t "$findings" | head -n 1)  log: $log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  summary+=("$(printf '%-14s %4s s %10s runs  corpus %5s  %s' "$name" "$(( $(date +%s) - t0 ))" "${runs:-?}" \
    "$(find "$work" -type f | wc -l)" "$result")")
done

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
