#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs lmctfy from a build tree into a throwaway prefix, checks that every
# file lands where GNUInstallDirs says, then builds examples/ out of tree
# against the installed copy twice, with find_package(lmctfy) and with
# pkg-config, and runs both builds in a confined container.
#   install_test.sh <repo> <build-dir>
set -euo pipefail

repo=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
for file in bin/lmctfy lib/liblmctfy.a include/lmctfy/include/lmctfy.h \
  include/lmctfy/include/lmctfy.pb.h include/lmctfy/include/lmctfy.proto \
  include/lmctfy/include/config.pb.h include/lmctfy/include/virtual_host.proto \
  lib/cmake/lmctfy/lmctfyConfig.cmake lib/pkgconfig/lmctfy.pc \
  share/man/man1/lmctfy.1 share/bash-completion/completions/lmctfy \
  lib/systemd/system/lmctfy-init.service etc/lmctfy/init.spec \
  share/doc/lmctfy/README.md; do
  if [ ! -e "$prefix/$file" ]; then
    echo "FAIL: cmake --install did not install $file" >&2
    exit 1
  fi
done
# The unit names the paths chosen when the build was configured.
grep -Eq "^ExecStart=/.*/lmctfy init -c /.*/lmctfy/init.spec\$" \
  "$prefix/lib/systemd/system/lmctfy-init.service" || {
  echo "FAIL: the unit does not run the installed lmctfy init" >&2
  exit 1
}
echo "ok: installed files are in place"

example=$repo/examples/contain_a_command.cc
cmake -S "$repo/tests/ecosystem/consumer" -B "$work/cmake-build" \
  -DCMAKE_PREFIX_PATH="$prefix" -DEXAMPLE_SOURCE="$example" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
echo "ok: built the example with find_package(lmctfy)"

# shellcheck disable=SC2046
g++ -std=c++17 -o "$work/pkg-config-example" "$example" \
  $(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs lmctfy)
echo "ok: built the example with pkg-config"

for program in "$work/cmake-build/contain_a_command" "$work/pkg-config-example"; do
  "$repo/tests/integration/confine.sh" "$prefix/bin/lmctfy" \
    "$repo/tests/integration/unless_skipped.sh" "$program"
  echo "ok: $program ran in a container"
done
echo "5 passed, 0 failed"
