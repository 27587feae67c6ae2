#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Times one container lifecycle from the shell (create with a 100 MiB memory
# limit, run /bin/true in it, destroy) with lmctfy and with Debian's
# cgroup-tools, crun and runc, in one run; prints medians and ratios to
# lmctfy, `lmctfy version` time and the CLI's peak RSS per command.
# Must run inside tests/integration/confine.sh (bench/run.sh --cli does so):
# the cgroup namespace and fresh mounts keep every peer's cgroups inside the
# throwaway per-run cgroup.
set -euo pipefail

tool=${LMCTFY_CLI:?run this through tests/integration/confine.sh}
if [ -n "${LMCTFY_IT_SKIP:-}" ]; then
  echo "cli_peers: cannot confine: $LMCTFY_IT_SKIP" >&2
  exit 1
fi
rounds=${ROUNDS:-30}
limit=104857600
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Bash's own clock (no fork: an external `date` would add its exec, about a
# millisecond, to every figure). Sets the named variable to nanoseconds.
now_ns() {
  local t=$EPOCHREALTIME
  printf -v "$1" '%d' "$((10#${t/./} * 1000))"
}

# median <file of numbers>: the middle value, in microseconds from ns.
median_us() { sort -n "$1" | awk '{v[NR] = $1} END {print int(v[int((NR + 1) / 2)] / 1000)}'; }

# time_rounds <name> <function>: runs the function $rounds times.
time_rounds() {
  local name=$1 fn=$2 i start end
  : >"$work/$name.ns"
  if ! "$fn" warmup >"$work/$name.err" 2>&1; then
    echo "$name: left out, its lifecycle fails here:" >&2
    sed 's/^/  /' "$work/$name.err" | head -n 5 >&2
    return 1
  fi
  for ((i = 0; i < rounds; i++)); do
    now_ns start
    "$fn" "$i" || { echo "$name: round $i failed" >&2; return 1; }
    now_ns end
    echo $((end - start)) >>"$work/$name.ns"
  done
}

lmctfy_lifecycle() {
  "$tool" create "/peer_$1" "memory { limit: $limit }" >/dev/null
  "$tool" run "/peer_$1" /bin/true
  "$tool" destroy "/peer_$1" >/dev/null
}

# cgroup-tools: the same two hierarchies lmctfy uses for this spec (memory
# and freezer, its tasks hierarchy); cgdelete removes one controller's
# directory per call (KERNEL-NOTES.md), so it is called per controller.
cgtools_lifecycle() {
  cgcreate -g "memory,freezer:/peer_$1"
  cgset -r memory.limit_in_bytes=$limit "/peer_$1"
  cgexec -g "memory,freezer:/peer_$1" /bin/true
  cgdelete -g "memory:/peer_$1"
  cgdelete -g "freezer:/peer_$1"
}

make_bundle() {
  local bundle=$work/bundle
  mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/proc" "$bundle/rootfs/dev"
  cp /bin/busybox "$bundle/rootfs/bin/busybox"
  ln -sf busybox "$bundle/rootfs/bin/true"
  cat >"$bundle/config.json" <<JSON
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false,
    "user": {"uid": 0, "gid": 0},
    "args": ["/bin/true"],
    "env": ["PATH=/bin"],
    "cwd": "/"
  },
  "root": {"path": "rootfs", "readonly": true},
  "hostname": "peer",
  "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
  "linux": {
    "cgroupsPath": "peer_bundle",
    "resources": {"memory": {"limit": $limit}},
    "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"},
                   {"type": "uts"}]
  }
}
JSON
}

crun_lifecycle() { crun --root "$work/crun" run --bundle "$work/bundle" "peer$1"; }
runc_lifecycle() { runc --root "$work/runc" run --bundle "$work/bundle" "peer$1"; }

make_bundle
time_rounds lmctfy lmctfy_lifecycle || exit 1
have=(lmctfy)
if command -v cgcreate >/dev/null; then time_rounds cgroup-tools cgtools_lifecycle && have+=(cgroup-tools); fi
if command -v crun >/dev/null; then time_rounds crun crun_lifecycle && have+=(crun); fi
if command -v runc >/dev/null; then time_rounds runc runc_lifecycle && have+=(runc); fi

base=$(median_us "$work/lmctfy.ns")
printf '\nCLI lifecycle (create, run /bin/true, destroy), median of %d\n' "$rounds"
printf '%-14s %12s %16s\n' tool "median (us)" "÷ lmctfy"
for name in "${have[@]}"; do
  m=$(median_us "$work/$name.ns")
  awk -v n="$name" -v m="$m" -v b="$base" \
    'BEGIN { printf "%-14s %12d %15.2fx\n", n, m, m / b }'
done

: >"$work/version.ns"
for ((i = 0; i < rounds; i++)); do
  now_ns start
  "$tool" version >/dev/null
  now_ns end
  echo $((end - start)) >>"$work/version.ns"
done
printf '\nlmctfy version: median %d us\n' "$(median_us "$work/version.ns")"

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
printf '\nCLI peak RSS (KiB)\n'
printf '%-28s %s\n' version "$(rss "$tool" version)"
printf '%-28s %s\n' "create" "$(rss "$tool" create /peer_rss "memory { limit: $limit }")"
printf '%-28s %s\n' "run /bin/true" "$(rss "$tool" run /peer_rss /bin/true)"
printf '%-28s %s\n' "stats full" "$(rss "$tool" stats full /peer_rss)"
printf '%-28s %s\n' "list containers -r" "$(rss "$tool" list containers -r /)"
printf '%-28s %s\n' "destroy" "$(rss "$tool" destroy /peer_rss)"
