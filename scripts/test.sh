#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds lmctfy with warnings as errors and runs every test: the unit tests,
# the integration tests (real cgroups, confined by
# tests/integration/confine.sh) and the library example. Then, in their own
# build directories, the unit tests under ASan + UBSan and under TSan
# (scripts/sanitize.sh) and each fuzz target for LMCTFY_FUZZ_SECONDS (default
# 30) seconds (scripts/fuzz.sh). Run as root. Exits non-zero when anything
# fails; the main suite runs first so its failures show fast.
#
# LMCTFY_SKIP_SANITIZERS=1 stops after the main suite (for quick local runs;
# CI never sets it).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LMCTFY_BUILD_DIR:-$repo/build}
summary=()

# step <name> <command...>: runs it and records how long it took.
step() {
  local name=$1
  shift
  local start=$SECONDS
  echo "test: ==== $name"
  "$@"
  summary+=("$name: passed in $((SECONDS - start))s")
  echo "test: ==== $name passed in $((SECONDS - start))s"
}

main_suite() {
  cmake -S "$repo" -B "$build" -G Ninja -DLMCTFY_WERROR=ON
  cmake --build "$build" -j "$(nproc)"
  (cd "$build" && ctest --output-on-failure --no-tests=error)
}

bash "$repo/scripts/install_deps.sh"
step "build + unit and integration tests" main_suite
if [ "${LMCTFY_SKIP_SANITIZERS:-}" = 1 ]; then
  echo "test: LMCTFY_SKIP_SANITIZERS=1: sanitizer builds and fuzzing NOT run"
else
  step "unit tests under ASan + UBSan" bash "$repo/scripts/sanitize.sh" asan
  step "unit tests under TSan" bash "$repo/scripts/sanitize.sh" tsan
  step "fuzzing, ${LMCTFY_FUZZ_SECONDS:-30}s per target" \
    bash "$repo/scripts/fuzz.sh" "${LMCTFY_FUZZ_SECONDS:-30}"
fi
printf 'test: %s\n' "${summary[@]}"
