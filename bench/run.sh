#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and runs the library benchmarks (bench/lifecycle_bench.cc) inside a
# throwaway confined cgroup (tests/integration/confine.sh), printing Google
# Benchmark's table and then each lmctfy figure as a ratio to its raw-syscall
# floor from the same run. Run as root. Extra arguments go to the benchmark
# binary, e.g. --benchmark_filter=CreateDestroy or --benchmark_repetitions=5.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LMCTFY_BUILD_DIR:-$repo/build}

bash "$repo/scripts/install_deps.sh"
if [ "$(dpkg-query -W -f='${db:Status-Status}' libbenchmark-dev 2>/dev/null)" != installed ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends libbenchmark-dev
fi
cmake -S "$repo" -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j "$(nproc)" --target lmctfy_bin lmctfy_bench

exec "$repo/tests/integration/confine.sh" "$build/lmctfy" \
  "$build/lmctfy_bench" --benchmark_repetitions="${REPETITIONS:-5}" \
  --benchmark_report_aggregates_only=true "$@"
