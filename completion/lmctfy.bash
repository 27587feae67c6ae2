# SPDX-License-Identifier: Apache-2.0
# Bash completion for lmctfy: command words come from the tool's own command
# tree (lmctfy --lmctfy_print_cmd_tree), so they always match the installed
# version; container names come from `lmctfy -v list containers -r /`.

# Prints the subcommands of the command path "$@" (one line, space
# separated), or "LEAF <n>" when the path passes a leaf command by n words.
_lmctfy_walk() {
  local tool=$1
  shift
  "$tool" --lmctfy_print_cmd_tree 2>/dev/null | awk -v path="$*" '
    BEGIN { n = split(path, want, " "); matched = 0; leaf = -1 }
    {
      match($0, /^ */)
      depth = RLENGTH / 4
      name = substr($0, RLENGTH + 1)
      # Past the subtree of the last matched word: the walk is over.
      if (depth < matched) { exit }
      if (depth == matched) {
        if (matched < n && name == want[matched + 1]) {
          matched++
        } else if (matched == n) {
          children = children " " name
        }
      }
    }
    END {
      if (children != "") { print substr(children, 2); exit }
      # The deepest matched word had no children: a leaf.
      if (matched > 0) print "LEAF " (n - matched)
    }'
}

# Names of every container, for commands that take one.
_lmctfy_containers() {
  "$1" -v list containers -r / 2>/dev/null
  echo /
}

_lmctfy() {
  local tool=${COMP_WORDS[0]}
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD - 1]}
  local -a words=()
  local i
  COMPREPLY=()

  if [[ $prev == -c ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  if [[ $prev == -w ]]; then
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "-b -c -f -h -j -l -n -p -r -v -V -w --" -- "$cur"))
    return
  fi

  # The words typed so far, without flags and their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -c | -w) ((i++)) ;;
      -*) ;;
      *) words+=("${COMP_WORDS[i]}") ;;
    esac
  done

  local walk
  walk=$(_lmctfy_walk "$tool" "${words[@]}")
  if [[ -z $walk ]]; then
    return
  fi
  if [[ $walk != LEAF* ]]; then
    COMPREPLY=($(compgen -W "$walk" -- "$cur"))
    return
  fi

  local after=${walk#LEAF }
  case ${words[0]} in
    detect | help | init | version) return ;;
    run)
      if ((after == 0)); then
        COMPREPLY=($(compgen -W "$(_lmctfy_containers "$tool")" -- "$cur"))
      else
        COMPREPLY=($(compgen -c -- "$cur"))
      fi
      ;;
    *)
      if ((after == 0)); then
        COMPREPLY=($(compgen -W "$(_lmctfy_containers "$tool")" -- "$cur"))
      fi
      ;;
  esac
}
complete -F _lmctfy lmctfy
