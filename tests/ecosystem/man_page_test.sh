#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the man page docs/lmctfy.1: it renders without groff warnings and
# documents every command of the tool's command tree and every short flag of
# its usage text, so it cannot fall behind the CLI.
#   man_page_test.sh <repo> <lmctfy-binary>
set -uo pipefail

page=$1/docs/lmctfy.1
tool=$2
failures=0
checks=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

checks=$((checks + 1))
warnings=$(groff -man -Tutf8 -ww "$page" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "groff warns: $warnings"

rendered=$(groff -man -Tutf8 "$page" 2>/dev/null | sed 's/.\x08//g')
while read -r command; do
  checks=$((checks + 1))
  grep -Eq "^ {7}$command( |$)" <<<"$rendered" ||
    fail "command '$command' has no entry in $page"
done < <("$tool" --lmctfy_print_cmd_tree | grep -v '^ ')

while read -r flag; do
  checks=$((checks + 1))
  grep -Eq "^ {7}$flag(,| )" <<<"$rendered" ||
    fail "flag '$flag' of the usage text is not in OPTIONS of $page"
done < <("$tool" help | grep -Eo '^  -[a-zA-Z]' | tr -d ' ')

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
