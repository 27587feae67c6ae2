# SPDX-License-Identifier: Apache-2.0
# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: configures and builds
# clang sanitizer builds of lmctfy in their own directories.
#   build-asan  ASan + UBSan + libFuzzer coverage: unit tests and fuzz targets
#   build-tsan  TSan: unit tests
# LMCTFY_CLANG picks the compiler (default clang++-14), LMCTFY_JOBS the
# parallelism (default nproc); ccache is used when installed.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
asan_build=${LMCTFY_ASAN_BUILD_DIR:-$repo/build-asan}
tsan_build=${LMCTFY_TSAN_BUILD_DIR:-$repo/build-tsan}
clang=${LMCTFY_CLANG:-clang++-14}
jobs=${LMCTFY_JOBS:-$(nproc)}

# clang_build <dir> <target...> -- <cmake -D options...>
clang_build() {
  local dir=$1
  shift
  local targets=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    targets+=("$1")
    shift
  done
  shift
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S "$repo" -B "$dir" -G Ninja -DLMCTFY_WERROR=ON \
    -DCMAKE_CXX_COMPILER="$clang" "${launcher[@]}" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
}

# Settings for every sanitizer run: any report fails it, with symbolized
# stacks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
