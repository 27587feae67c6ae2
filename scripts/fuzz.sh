#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets (fuzz/, with clang, ASan and UBSan, in
# build-asan) and runs each for a bounded time, starting from the seed corpus
# in fuzz/corpus/<target>.
#
#   bash scripts/fuzz.sh [seconds-per-target] [target...]
#
# Seconds default to $LMCTFY_FUZZ_SECONDS or 60. New interesting inputs are
# kept in build-asan/fuzz/corpus/<target> (reused by the next run); a crashing
# input is saved in build-asan/fuzz/crashes/<target>/ and the script exits
# non-zero, printing the path and the command that replays it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/clang_build.sh"

seconds=${1:-${LMCTFY_FUZZ_SECONDS:-60}}
shift $(($# > 0 ? 1 : 0))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(container_name_fuzzer container_spec_fuzzer)
fi

clang_build "$asan_build" "${targets[@]}" -- -DLMCTFY_FUZZ=ON

# Extra libFuzzer flags per target.
declare -A extra=(
  # Names up to twice the 4096-byte limit, so the limit itself is reached.
  [container_name_fuzzer]="-max_len=8192"
  [container_spec_fuzzer]="-max_len=4096 -dict=$repo/fuzz/container_spec.dict"
)

failed=()
for target in "${targets[@]}"; do
  corpus=$asan_build/fuzz/corpus/$target
  crashes=$asan_build/fuzz/crashes/$target
  log=$asan_build/fuzz/$target.log
  mkdir -p "$corpus" "$crashes"
  seeds=$repo/fuzz/corpus/${target%_fuzzer}
  # shellcheck disable=SC2086  # extra flags are word lists
  if "$asan_build/fuzz/$target" "$corpus" "$seeds" \
      -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$crashes/" ${extra[$target]:-} >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $target: ${runs:-?} inputs in ${seconds}s, no crash" \
         "(corpus $corpus, log $log)"
  else
    tail -n 40 "$log" >&2
    saved=$(ls -t "$crashes" 2>/dev/null | head -n 1)
    echo "fuzz: $target FAILED; input saved as $crashes/$saved" >&2
    echo "fuzz: replay with: $asan_build/fuzz/$target $crashes/$saved" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
