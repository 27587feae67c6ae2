#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs a command in a throwaway cgroup of its own in every hierarchy lmctfy
# uses, inside fresh cgroup and mount namespaces, so that lmctfy's "/" is that
# per-run cgroup and nothing the command does can reach the rest of the
# machine. Afterwards it removes the per-run cgroups and fails loudly when the
# command left containers or processes behind.
#
#   confine.sh <lmctfy-binary> <command> [args...]
#
# The command sees LMCTFY_CLI=<lmctfy-binary>, LMCTFY_CONFINED=<per-run cgroup
# name> and LMCTFY_INIT_SPEC=<the InitSpec given to `lmctfy init`>. When this
# machine cannot confine (not root, no cgroup v1 hierarchies, no unshare
# --cgroup), nothing is created: LMCTFY_IT_SKIP=<reason> is exported and the
# command runs directly.
set -uo pipefail

readonly PROG=${0##*/}
readonly HIERARCHIES=(cpu cpuacct cpuset memory devices freezer)
readonly INNER_ROOT=/sys/fs/cgroup

if [ $# -lt 2 ]; then
  echo "usage: $PROG <lmctfy-binary> <command> [args...]" >&2
  exit 2
fi
if [ ! -x "$1" ]; then
  echo "$PROG: lmctfy binary $1 is not an executable file" >&2
  exit 2
fi
LMCTFY_CLI=$(realpath "$1")
export LMCTFY_CLI
shift

# Runs the command without confinement, telling it why.
skip() {
  export LMCTFY_IT_SKIP="$1"
  echo "$PROG: cannot confine: $1; running the command unconfined" >&2
  shift
  exec "$@"
}

# Prints the enum name InitSpec uses for hierarchy $1.
enum_of() {
  case "$1" in
    cpu) echo CGROUP_CPU ;;
    cpuacct) echo CGROUP_CPUACCT ;;
    cpuset) echo CGROUP_CPUSET ;;
    memory) echo CGROUP_MEMORY ;;
    devices) echo CGROUP_DEVICE ;;
    freezer) echo CGROUP_FREEZER ;;
  esac
}

# Prints "<mount point> <mount root> <subsystems,comma,separated>" for the
# cgroup v1 mount of hierarchy $1 (the last one in the table, the one on
# top), or nothing.
find_mount() {
  awk -v h="$1" '
    {
      sep = 0
      for (i = 7; i <= NF; i++) if ($i == "-") { sep = i; break }
      if (!sep || $(sep + 1) != "cgroup") next
      n = split($(sep + 3), opts, ",")
      subs = ""; found = 0
      for (j = 1; j <= n; j++) {
        if (opts[j] ~ /^(rw|ro)$/ || opts[j] ~ /=/) continue
        if (opts[j] ~ /^(noprefix|clone_children|xattr|cpuset_v2_mode|favordynmods)$/) continue
        subs = subs (subs == "" ? "" : ",") opts[j]
        if (opts[j] == h) found = 1
      }
      if (found) line = $5 " " $4 " " subs
    }
    END { if (line != "") print line }' /proc/self/mountinfo
}

# Prints this process's own cgroup path in hierarchy $1.
own_path() {
  awk -F: -v h="$1" '
    { n = split($2, subs, ","); for (i = 1; i <= n; i++) if (subs[i] == h) { print $3; exit } }
  ' /proc/self/cgroup
}

# --- Can this machine confine at all? ------------------------------------
if [ "$(id -u)" != 0 ]; then
  skip "not running as root (integration tests need root)" "$@"
fi
if ! command -v unshare >/dev/null 2>&1; then
  skip "unshare (util-linux) is not installed" "$@"
fi
if [[ "$(unshare --help 2>&1)" != *--cgroup* ]]; then
  skip "this unshare does not support --cgroup" "$@"
fi

# One entry per distinct mount: its mount point, the directory of our own
# cgroup there, and the hierarchies of ours it carries.
declare -a MOUNTS=() OWN_DIRS=() MOUNT_HIERS=()
for h in "${HIERARCHIES[@]}"; do
  read -r mp root subs <<<"$(find_mount "$h")"
  if [ -z "${mp:-}" ]; then
    skip "no cgroup v1 $h hierarchy is mounted" "$@"
  fi
  seen=""
  for i in "${!MOUNTS[@]}"; do
    [ "${MOUNTS[$i]}" = "$mp" ] && seen=$i
  done
  if [ -n "$seen" ]; then
    MOUNT_HIERS[$seen]+=",$h"
    continue
  fi
  for s in ${subs//,/ }; do
    case " ${HIERARCHIES[*]} " in
      *" $s "*) ;;
      *) skip "$h is co-mounted at $mp with $s, which lmctfy does not manage" "$@" ;;
    esac
  done
  own=$(own_path "$h")
  if [ -z "$own" ]; then
    skip "/proc/self/cgroup has no $h line" "$@"
  fi
  if [ "$root" != / ]; then
    case "$own" in
      "$root") own=/ ;;
      "$root"/*) own=${own#"$root"} ;;
      *) skip "own $h cgroup $own is outside the mounted part $root" "$@" ;;
    esac
  fi
  dir=${mp%/}${own%/}
  if [ ! -d "$dir" ]; then
    skip "own $h cgroup directory $dir does not exist" "$@"
  fi
  MOUNTS+=("$mp")
  OWN_DIRS+=("$dir")
  MOUNT_HIERS+=("$h")
done

# Only {cpu, cpuacct} may share a mount (INTERFACE.md 4.16).
for hs in "${MOUNT_HIERS[@]}"; do
  if [[ "$hs" == *,* && "$hs" != cpu,cpuacct ]]; then
    skip "hierarchies $hs are co-mounted; lmctfy supports only cpu,cpuacct" "$@"
  fi
done

# --- Per-run cgroups -----------------------------------------------------
RUN=lmctfy-run-$$-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
declare -a RUN_DIRS=()
CHILD=""
CLEANED=""

# Prints every directory below the per-run cgroups that the command left,
# except the /batch cgroup that `lmctfy init` makes in cpu and cpuacct.
leftover_dirs() {
  local d
  for d in "${RUN_DIRS[@]}"; do
    [ -d "$d" ] || continue
    find "$d" -mindepth 1 -type d ! -path "$d/batch" 2>/dev/null
  done
}

# Prints the pids still in the per-run cgroups or below them.
leftover_pids() {
  local d
  for d in "${RUN_DIRS[@]}"; do
    [ -d "$d" ] || continue
    find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -un
}

# SIGKILLs what is left (only our own descendants can be in these cgroups),
# thawing frozen cgroups first so the signal lands, then removes the
# directories deepest-first.
remove_run_dirs() {
  local round d pids
  for round in $(seq 1 50); do
    for d in "${RUN_DIRS[@]}"; do
      [ -d "$d" ] || continue
      find "$d" -name freezer.state -exec sh -c \
        'for f; do echo THAWED >"$f"; done' sh {} + 2>/dev/null
    done
    pids=$(leftover_pids)
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null
    fi
    for d in "${RUN_DIRS[@]}"; do
      [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    local remaining=0
    for d in "${RUN_DIRS[@]}"; do
      [ -d "$d" ] && remaining=1
    done
    [ "$remaining" = 0 ] && return 0
    sleep 0.1
  done
  echo "$PROG: ERROR: could not remove per-run cgroups:" >&2
  for d in "${RUN_DIRS[@]}"; do
    [ -d "$d" ] && echo "  $d" >&2
  done
  return 1
}

# Cleans up once; fails (returns 1) when the command left anything behind.
cleanup() {
  [ -n "$CLEANED" ] && return 0
  CLEANED=1
  local failed=0 dirs pids
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
    kill -KILL "$CHILD" 2>/dev/null
    wait "$CHILD" 2>/dev/null
  fi
  dirs=$(leftover_dirs)
  pids=$(leftover_pids)
  if [ -n "$dirs" ]; then
    failed=1
    {
      echo "$PROG: ================================================================"
      echo "$PROG: ERROR: the command left cgroup directories behind (tests must"
      echo "$PROG: destroy every container they create):"
      echo "$dirs" | sed 's/^/    /'
      echo "$PROG: ================================================================"
    } >&2
  fi
  if [ -n "$pids" ]; then
    failed=1
    echo "$PROG: ERROR: processes left in the per-run cgroups:" \
      $pids >&2
  fi
  remove_run_dirs || failed=1
  return "$failed"
}

on_exit() {
  local status=$?
  cleanup || { [ "$status" = 0 ] && status=1; }
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for i in "${!MOUNTS[@]}"; do
  dir=${OWN_DIRS[$i]}/$RUN
  if ! err=$(mkdir "$dir" 2>&1); then
    cleanup
    trap - EXIT
    skip "cannot create a cgroup under ${OWN_DIRS[$i]}: $err" "$@"
  fi
  RUN_DIRS+=("$dir")
  # A cpuset cgroup accepts tasks only once it has cpus and mems.
  if [[ ",${MOUNT_HIERS[$i]}," == *,cpuset,* ]]; then
    cat "${OWN_DIRS[$i]}/cpuset.cpus" >"$dir/cpuset.cpus" &&
      cat "${OWN_DIRS[$i]}/cpuset.mems" >"$dir/cpuset.mems" ||
      { echo "$PROG: cannot copy cpuset.cpus/mems into $dir" >&2; exit 1; }
  fi
done

# The init spec mounts each hierarchy (or co-mount) at /sys/fs/cgroup/<names>
# inside; a co-mount gets one symlink per hierarchy, as systemd does.
SPEC=""
LINKS=""
for i in "${!MOUNTS[@]}"; do
  hs=${MOUNT_HIERS[$i]}
  SPEC+="cgroup_mount { mount_path: \"$INNER_ROOT/$hs\""
  for h in ${hs//,/ }; do
    SPEC+=" hierarchy: $(enum_of "$h")"
    [ "$h" != "$hs" ] && LINKS+=" $h:$hs"
  done
  SPEC+=" } "
done

# shellcheck disable=SC2016
INNER='
set -eu
spec=$1 links=$2
shift 2
# Drop the host'"'"'s cgroup mounts from this private mount namespace, deepest
# first, so tools that read mountinfo (libcgroup, runc) find only the
# per-run hierarchies mounted below.
awk -v root='"$INNER_ROOT"' '"'"'$5 == root || index($5, root "/") == 1 {print $5}'"'"' \
  /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
mount -t tmpfs -o mode=0755,size=1m lmctfy-confine '"$INNER_ROOT"'
"$LMCTFY_CLI" init "$spec"
for link in $links; do
  ln -s "${link#*:}" "'"$INNER_ROOT"'/${link%%:*}"
done
export LMCTFY_CONFINED='"$RUN"' LMCTFY_INIT_SPEC="$spec"
exec "$@"
'

(
  trap - EXIT INT TERM QUIT
  for d in "${RUN_DIRS[@]}"; do
    echo "$BASHPID" >"$d/cgroup.procs" || exit 125
  done
  exec unshare --cgroup --mount --propagation private \
    bash -c "$INNER" confine-inner "$SPEC" "$LINKS" "$@"
) <&0 &
CHILD=$!
wait "$CHILD"
status=$?
CHILD=""
exit "$status"
