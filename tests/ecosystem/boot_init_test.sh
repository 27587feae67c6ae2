#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks what runs at boot: `lmctfy init -c systemd/init.spec` (the
# lmctfy-init.service command) accepts the shipped config, succeeds again
# when the hierarchies are already mounted there, and leaves them usable.
# Run inside tests/integration/confine.sh, whose hierarchies are mounted at
# the paths the config names.
#   boot_init_test.sh <repo>
set -uo pipefail

repo=$1
tool=${LMCTFY_CLI:?run this through tests/integration/confine.sh}
if [ -n "${LMCTFY_IT_SKIP:-}" ]; then
  echo "skipped: $LMCTFY_IT_SKIP" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi

before=$(grep ' /sys/fs/cgroup/' /proc/self/mountinfo | wc -l)
for round in 1 2; do
  if ! "$tool" init -c "$repo/systemd/init.spec"; then
    echo "FAIL: init with the shipped config failed (round $round)" >&2
    exit 1
  fi
done
after=$(grep ' /sys/fs/cgroup/' /proc/self/mountinfo | wc -l)
if [ "$before" != "$after" ]; then
  echo "FAIL: init mounted again: $before cgroup mounts before, $after after" >&2
  exit 1
fi
"$tool" create /boot_check 'memory { limit: 16777216 }' || exit 1
limit=$(cat /sys/fs/cgroup/memory/boot_check/memory.limit_in_bytes)
"$tool" destroy /boot_check || exit 1
if [ "$limit" != 16777216 ]; then
  echo "FAIL: memory limit after init reads $limit" >&2
  exit 1
fi
echo "3 passed, 0 failed"
