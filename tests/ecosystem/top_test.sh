#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives `lmctfy top` on a real pseudo-terminal (script(1)) against real
# containers: the table lists every container, a busy one shows CPU use, the
# `n` key re-sorts by name and `q` quits; the terminal's settings are put
# back. Also checks `stats -w` prints growing CPU usage round after round.
# Run inside tests/integration/confine.sh.
#   top_test.sh <repo>
set -uo pipefail

tool=${LMCTFY_CLI:?run this through tests/integration/confine.sh}
if [ -n "${LMCTFY_IT_SKIP:-}" ]; then
  echo "skipped: $LMCTFY_IT_SKIP" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi

failures=0
checks=0
check() {
  local what=$1
  shift
  checks=$((checks + 1))
  if "$@"; then
    echo "ok: $what"
  else
    echo "FAIL: $what" >&2
    failures=$((failures + 1))
  fi
}

work=$(mktemp -d)
busy_pid=""
cleanup() {
  [ -n "$busy_pid" ] && kill -9 "$busy_pid" 2>/dev/null
  "$tool" destroy -f /top_busy >/dev/null 2>&1
  "$tool" destroy -f /top_a_idle >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

"$tool" create /top_busy 'memory { limit: 67108864 } cpu { limit: 1000 }' &&
  "$tool" create /top_a_idle 'memory { limit: 33554432 }' || {
  echo "FAIL: cannot create the containers to watch" >&2
  exit 1
}
busy_pid=$("$tool" -v run -n /top_busy /bin/sh -c 'while :; do :; done')
[ -n "$busy_pid" ] || {
  echo "FAIL: cannot start the busy loop" >&2
  exit 1
}

# Keys reach top through the pty: wait for two frames, sort by name, quit.
(sleep 2.5; printf n; sleep 1.5; printf q) |
  TERM=xterm script -q -e -c "stty -a > $work/stty.before; \
    $tool top -w 0.5 /; echo \"top exit \$?\"; stty -a > $work/stty.after" \
    "$work/typescript" >/dev/null 2>&1
screen=$(tr -d '\r' <"$work/typescript")

check "top exits 0 on q" grep -q "top exit 0" <<<"$screen"
check "top clears the screen on a terminal" grep -q $'\x1b\[2J' <<<"$screen"
check "top lists both containers" \
  bash -c 'grep -q "^/top_busy " <<<"$1" && grep -q "^/top_a_idle " <<<"$1"' \
  _ "$screen"
check "top shows the 64 MiB limit" grep -Eq '^/top_busy .* 64\.0Mi ' <<<"$screen"
check "top starts sorted by cpu" grep -q "sorted by cpu" <<<"$screen"
check "the n key re-sorts by name" grep -q "sorted by name" <<<"$screen"
# The machine may be loaded, so only ask for clearly more than an idle
# container's CPU use (the busiest frame counts).
busy_cpu=$(grep -E '^/top_busy ' <<<"$screen" | awk '$2 > m {m = $2} END {print m + 0}')
check "the busy loop shows over 5% CPU (saw $busy_cpu)" \
  awk -v v="$busy_cpu" 'BEGIN { exit !(v > 5) }'
# Sorted by cpu, the busy container leads its siblings in the first table
# (the root "/" counts everything below it, so it may come before).
first_row=$(sed -n '/^CONTAINER/,/^$/p' <<<"$screen" |
  awk '$1 ~ /^\/top_/ {print $1; exit}')
check "sorted by cpu, the busy container comes first (saw $first_row)" \
  test "$first_row" = /top_busy
check "top puts the terminal back as it found it" \
  cmp -s "$work/stty.before" "$work/stty.after"

# stats -w: three JSON rounds, CPU usage growing between them.
mapfile -t rounds < <("$tool" -j stats summary -w 0.3 \
  --lmctfy_watch_count=3 /top_busy)
check "stats -w printed 3 rounds (got ${#rounds[@]})" test "${#rounds[@]}" -eq 3
usage() { grep -Eo '"total":"[0-9]+"' <<<"$1" | head -n 1 | grep -Eo '[0-9]+'; }
first=$(usage "${rounds[0]:-}")
last=$(usage "${rounds[2]:-}")
check "stats -w shows cpu usage growing ($first -> $last)" \
  test "${first:-0}" -gt 0 -a "${last:-0}" -gt "${first:-0}"

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
