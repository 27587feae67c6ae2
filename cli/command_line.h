// SPDX-License-Identifier: Apache-2.0
// The short-flag and long-flag passes over the lmctfy command line
// (INTERFACE.md 2.1 steps 1 and 2).

#ifndef LMCTFY_CLI_COMMAND_LINE_H_
#define LMCTFY_CLI_COMMAND_LINE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace containers {
namespace lmctfy {
namespace cli {

// A flag setting found on the command line, as gflags name and value text.
struct FlagSetting {
  std::string name;
  std::string value;

  bool operator==(const FlagSetting& other) const {
    return name == other.name && value == other.value;
  }
};

struct ParsedCommandLine {
  // Command words (argv[0] excluded) with every recognised flag removed.
  std::vector<std::string> words;
  // Settings from single-dash flags (-l, -c <path>, ...), in order.
  std::vector<FlagSetting> short_flags;
  // Settings from --name[=value] flags, in order.
  std::vector<FlagSetting> long_flags;
};

// Given the command words collected so far, whether the next plain word and
// everything after it must be kept verbatim (the command of `run`).
using VerbatimRule = std::function<bool(const std::vector<std::string>&)>;

// Splits `args` (without argv[0]) into command words and flag settings.
//  - "-X..." is recognised by its second character only; an unknown letter
//    leaves the argument in place as a word. "-c" takes the next argument.
//  - "--name=value", "--name value", "--boolflag", "--noboolflag" are looked
//    up in the gflags registry.
//  - A literal "--" is dropped and everything after it is a word.
//  - Once `rest_is_verbatim` says so, the next plain word and all after it
//    are words.
// INVALID_ARGUMENT for "-c" without a path, an unknown long flag or a long
// flag missing its value.
absl::StatusOr<ParsedCommandLine> ParseCommandLine(
    const std::vector<std::string>& args, const VerbatimRule& rest_is_verbatim);

// Sets the short flags, then the long ones (so a long flag wins), through
// gflags. INVALID_ARGUMENT naming the flag when a value does not parse.
absl::Status ApplyFlagSettings(const ParsedCommandLine& command_line);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_COMMAND_LINE_H_
