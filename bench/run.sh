#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds and runs the benchmarks, each inside a throwaway confined cgroup
# (tests/integration/confine.sh): first the library benchmarks
# (bench/lifecycle_bench.cc: Google Benchmark's table, then each lmctfy
# figure as a ratio to its raw-syscall floor from the same run), then the CLI
# against its peers (bench/cli_peers.sh). Run as root. Extra arguments go to
# the benchmark binary, e.g. --benchmark_filter=CreateDestroy; REPETITIONS
# (default 5) and ROUNDS (default 30) set how often each figure is taken.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LMCTFY_BUILD_DIR:-$repo/build}

bash "$repo/scripts/install_deps.sh"
if [ "$(dpkg-query -W -f='${db:Status-Status}' libbenchmark-dev 2>/dev/null)" != installed ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends libbenchmark-dev
fi
# The peers the CLI is compared with; each is left out when it cannot run.
for peer in cgroup-tools crun runc busybox-static time; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$peer" 2>/dev/null)" != installed ]; then
    apt-get install -y --no-install-recommends "$peer" || true
  fi
done
cmake -S "$repo" -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j "$(nproc)" --target lmctfy_bin lmctfy_bench

"$repo/tests/integration/confine.sh" "$build/lmctfy" \
  "$build/lmctfy_bench" --benchmark_repetitions="${REPETITIONS:-5}" \
  --benchmark_report_aggregates_only=true "$@"
exec "$repo/tests/integration/confine.sh" "$build/lmctfy" \
  bash "$repo/bench/cli_peers.sh"
