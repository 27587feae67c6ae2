// SPDX-License-Identifier: Apache-2.0
// Usage text and command-tree prints (INTERFACE.md 2.6).

#ifndef LMCTFY_CLI_USAGE_H_
#define LMCTFY_CLI_USAGE_H_

#include <string>

#include "absl/strings/string_view.h"

#include "cli/command_tree.h"

namespace containers {
namespace lmctfy {
namespace cli {

// The usage text of a menu: the "Usage:" line, the common flags and one
// wrapped entry per command of that menu. `path` is the menu's command path
// ("" for the root, "notify memory" for a nested one).
std::string MenuUsage(const CommandNode& menu, absl::string_view path,
                      absl::string_view prog);

// "usage: <prog> <path> <argument syntax>\n" for one leaf command.
std::string LeafUsageLine(const CommandNode& leaf, absl::string_view path,
                          absl::string_view prog);

// One command name per line, indented four spaces per depth.
std::string CommandTreeText(const CommandNode& root);

// One "[<kind> <i>:<j>...] lmctfy <path>" line per command, indented four
// spaces per depth.
std::string CommandTreeLongText(const CommandNode& root);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_USAGE_H_
