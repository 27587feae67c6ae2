#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds lmctfy and shows it containing real processes: a memory and CPU
# limit the kernel enforces, a process placed in a container, the OOM killer
# stopping a process that wants too much memory, and a clean teardown.
# Run as root. The demo runs inside tests/integration/confine.sh, so its
# containers live in a throwaway cgroup and the machine's own cgroups are
# never touched.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LMCTFY_BUILD_DIR:-$repo/build}

echo "== Installing build dependencies (only the missing ones)"
bash "$repo/scripts/install_deps.sh"

echo "== Building lmctfy in $build"
cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target lmctfy_bin lmctfy_memhog

echo "== Running the demo in a confined, throwaway cgroup"
exec "$repo/tests/integration/confine.sh" "$build/lmctfy" \
  bash "$repo/scripts/demo_steps.sh" "$build/tests/lmctfy_memhog"
