#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages lmctfy needs to build and test. Packages
# that are already installed are left alone; when nothing is missing this does
# nothing at all (not even `apt-get update`).
set -euo pipefail

readonly PACKAGES=(
  g++ cmake ninja-build pkg-config
  protobuf-compiler libprotobuf-dev
  libabsl-dev libgflags-dev libgoogle-glog-dev libre2-dev
  libgtest-dev libgmock-dev
  clang-14 libclang-rt-14-dev llvm-14
  util-linux mount bsdutils groff-base
  iproute2 busybox-static
)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [ "$status" != installed ]; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all build dependencies are installed"
  exit 0
fi

echo "install_deps: installing ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "install_deps: installing packages needs root; run as root or install them yourself" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
