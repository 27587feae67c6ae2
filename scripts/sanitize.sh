#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the unit tests with clang under AddressSanitizer + UndefinedBehavior-
# Sanitizer (build-asan) and under ThreadSanitizer (build-tsan), and runs the
# whole unit suite in each. Any sanitizer report stops the run and fails it.
#
#   bash scripts/sanitize.sh [asan|tsan]...   (default: both)
#
# TSan reports in code outside lmctfy are suppressed by tests/tsan.supp, which
# says why for each entry.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/clang_build.sh"

kinds=("$@")
if [ ${#kinds[@]} -eq 0 ]; then
  kinds=(asan tsan)
fi

for kind in "${kinds[@]}"; do
  start=$SECONDS
  case $kind in
    asan)
      # The same build holds the fuzz targets (scripts/fuzz.sh).
      clang_build "$asan_build" lmctfy_unit_tests -- -DLMCTFY_FUZZ=ON
      binary=$asan_build/tests/lmctfy_unit_tests
      ;;
    tsan)
      clang_build "$tsan_build" lmctfy_unit_tests -- \
        -DLMCTFY_SANITIZE=thread
      binary=$tsan_build/tests/lmctfy_unit_tests
      export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$repo/tests/tsan.supp"
      ;;
    *)
      echo "sanitize: unknown kind $kind (asan or tsan)" >&2
      exit 2
      ;;
  esac
  echo "sanitize: running the unit tests under $kind ($binary)"
  # The Spawn tests check that no child process is left, so they run in a
  # process of their own: a sanitizer that symbolizes a (suppressed) report
  # starts llvm-symbolizer as a child that stays.
  "$binary" --gtest_brief=1 --gtest_filter='-LibcKernelApiSpawnTest.*'
  "$binary" --gtest_brief=1 --gtest_filter='LibcKernelApiSpawnTest.*'
  echo "sanitize: $kind passed in $((SECONDS - start))s (build and run)"
done
