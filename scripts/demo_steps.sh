#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The steps of scripts/demo.sh, run by tests/integration/confine.sh:
#   demo_steps.sh <memhog-binary>
# Inside, /sys/fs/cgroup/<hierarchy> shows only the per-run cgroup, which is
# lmctfy's root container "/".
set -euo pipefail

memhog=$1
lmctfy=${LMCTFY_CLI:?run this through tests/integration/confine.sh}
if [ -n "${LMCTFY_IT_SKIP:-}" ]; then
  echo "demo: cannot run here: $LMCTFY_IT_SKIP" >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }
show() {
  printf '$ %s\n' "$*"
  "$@"
}
# Prints one line for process $1: its state, or that it is gone.
process_state() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)
  case "$state" in
    "" | Z) echo "pid $1 is gone" ;;
    *) echo "pid $1 is alive (state $state)" ;;
  esac
}

# If the demo stops half-way, leave nothing behind.
trap '"$lmctfy" destroy -f /demo >/dev/null 2>&1 || true' EXIT

step "Create container /demo: 64 MiB of memory, half a CPU (500 milliCPU)," \
  "capped at one CPU"
show "$lmctfy" create /demo \
  'memory { limit: 67108864 } cpu { limit: 500 max_limit: 1000 }'
show "$lmctfy" spec /demo

step "What the kernel now enforces for /demo"
for file in memory/demo/memory.limit_in_bytes cpu/demo/cpu.shares \
  cpu/demo/cpu.cfs_period_us cpu/demo/cpu.cfs_quota_us; do
  printf '%-45s %s\n' "/sys/fs/cgroup/$file" "$(cat "/sys/fs/cgroup/$file")"
done

step "Start a sleep in /demo in the background"
out=$(show "$lmctfy" run -n /demo /bin/sleep 1000)
echo "$out"
pid=${out##*pid=\"}
pid=${pid%\"}
show "$lmctfy" list pids /demo
show "$lmctfy" detect "$pid"
show grep -E ':(memory|cpu|freezer):' "/proc/$pid/cgroup"

step "Run memhog in /demo: it touches 256 MiB, four times the limit"
set +e
show "$lmctfy" run /demo "$memhog" 256
status=$?
set -e
if [ "$status" -gt 128 ]; then
  echo "memhog was killed by signal $((status - 128)) (9 is SIGKILL: the OOM killer)"
else
  echo "memhog exited with status $status (expected to be OOM-killed)"
fi
printf 'memory.failcnt (times the limit was hit): %s\n' \
  "$(cat /sys/fs/cgroup/memory/demo/memory.failcnt)"
printf 'oom_kill in memory.oom_control:           %s\n' \
  "$(awk '$1 == "oom_kill" { print $2 }' /sys/fs/cgroup/memory/demo/memory.oom_control)"

step "Destroy /demo with -f: kills the sleep and removes every cgroup"
show "$lmctfy" destroy -f /demo
for _ in $(seq 1 50); do
  [ "$(process_state "$pid")" = "pid $pid is gone" ] && break
  sleep 0.1
done
process_state "$pid"
show "$lmctfy" list containers -r /
left=$(find /sys/fs/cgroup/*/ -mindepth 1 -type d -name 'demo*' 2>/dev/null)
echo "cgroup directories named demo left: ${left:-none}"
trap - EXIT
[ "$status" -gt 128 ] && [ -z "$left" ]
