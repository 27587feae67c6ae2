#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks bash completion for lmctfy (completion/lmctfy.bash): command words
# at each level of the tree, flags, and container names from the running
# tool. Run inside tests/integration/confine.sh, which provides $LMCTFY_CLI
# and a throwaway root container.
#   completion_test.sh <repo>
set -uo pipefail

repo=$1
tool=${LMCTFY_CLI:?run this through tests/integration/confine.sh}
if [ -n "${LMCTFY_IT_SKIP:-}" ]; then
  echo "skipped: $LMCTFY_IT_SKIP" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi
# shellcheck source=/dev/null
source "$repo/completion/lmctfy.bash"

failures=0
checks=0
# expect "<wanted completions>" <words...>: completes the last word.
expect() {
  local want=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  _lmctfy
  local got="${COMPREPLY[*]}"
  checks=$((checks + 1))
  if [ "$got" != "$want" ]; then
    echo "FAIL: completing '$*': got [$got], want [$want]" >&2
    failures=$((failures + 1))
  else
    echo "ok: '$*' -> [$got]"
  fi
}

"$tool" create /comp_a '' && "$tool" create /comp_a/inner '' &&
  "$tool" create /comp_b '' || {
  echo "FAIL: cannot create the containers to complete" >&2
  exit 1
}
trap '"$tool" destroy -f /comp_a; "$tool" destroy -f /comp_b' EXIT

expect "killall" "$tool" ki
expect "containers pids tids" "$tool" list ""
expect "oom threshold" "$tool" notify memory ""
expect "summary" "$tool" -v stats su
expect "replace" "$tool" update r
expect "-j" "$tool" -j
expect "/comp_a /comp_a/inner" "$tool" destroy -f /comp_a
expect "/comp_b" "$tool" spec /comp_b
expect "/comp_a/inner" "$tool" list pids -r /comp_a/
expect "" "$tool" version ""
expect "" "$tool" destroy /comp_a ""
expect "" "$tool" no-such-command ""
# After run's container name, commands of $PATH.
COMP_WORDS=("$tool" run /comp_a bas)
COMP_CWORD=3
_lmctfy
checks=$((checks + 1))
if [[ " ${COMPREPLY[*]} " != *" bash "* ]]; then
  echo "FAIL: 'run /comp_a bas' does not offer bash: [${COMPREPLY[*]}]" >&2
  failures=$((failures + 1))
fi

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
