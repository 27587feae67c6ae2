#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds lmctfy with warnings as errors and runs every test: the unit tests,
# the integration tests (real cgroups, confined by
# tests/integration/confine.sh) and the library example. Run as root.
# Exits non-zero when anything fails.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LMCTFY_BUILD_DIR:-$repo/build}

bash "$repo/scripts/install_deps.sh"
cmake -S "$repo" -B "$build" -G Ninja -DLMCTFY_WERROR=ON
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure --no-tests=error
