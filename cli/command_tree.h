// SPDX-License-Identifier: Apache-2.0
// The tree of lmctfy commands (INTERFACE.md 2.3): names, argument counts,
// help text and the function that runs each leaf.

#ifndef LMCTFY_CLI_COMMAND_TREE_H_
#define LMCTFY_CLI_COMMAND_TREE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

#include "cli/output.h"
#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {
namespace cli {

struct CliEnvironment;

// What a running command may use besides its arguments.
struct CommandContext {
  // Null for commands that do not need one (init, help, version).
  const ContainerApi* api = nullptr;
  const CliEnvironment* env = nullptr;
  // Basename of argv[0], for usage text.
  std::string prog;
  // The output style asked for; commands that print as they go (watching)
  // write to `out` themselves.
  OutputStyle style = OutputStyle::kPairs;
  std::ostream* out = nullptr;
};

// Runs one leaf command with the words after its path. Success fills
// `output`; an error status is printed by the caller and becomes the exit
// status.
using CommandHandler = std::function<absl::Status(
    const std::vector<std::string>& args, const CommandContext& context,
    CommandOutput* output)>;

// Kinds as shown by the long tree print: submenus, getters (leaf), setters
// (flur) and init.
enum class CommandKind { kSubmenu, kGetter, kSetter, kInit };

// Marks an unbounded maximum argument count.
inline constexpr int kAnyNumberOfArgs = -1;

struct CommandNode {
  std::string name;
  CommandKind kind = CommandKind::kSubmenu;
  // One sentence for the usage text.
  std::string description;
  // Argument syntax printed by `<command> help` (and submenu usage).
  std::string argument_syntax;
  int min_args = 0;
  int max_args = 0;
  // For `run`: after this many arguments the rest of the command line is
  // passed verbatim and never scanned for flags. -1: never.
  int verbatim_after_args = -1;
  // Whether a ContainerApi is created before the handler runs.
  bool needs_api = true;
  CommandHandler handler;
  // Subcommands of a submenu, in the order they are shown.
  std::vector<CommandNode> children;
};

// The root menu: every top-level command, sorted bytewise by name.
const CommandNode& RootCommand();

// Where a walk of the command words through the tree ended.
struct CommandLookup {
  // Nodes matched, outermost first; empty when the first word matched
  // nothing.
  std::vector<const CommandNode*> path;
  // Words after the last matched node.
  std::vector<std::string> rest;

  // The deepest menu reached (the root when nothing matched).
  const CommandNode& menu(const CommandNode& root) const;
  // The leaf reached, or null when the walk stopped at a menu.
  const CommandNode* leaf() const;
  // The matched names joined by spaces, e.g. "list containers".
  std::string PathString() const;
};

// Follows `words` from `root` until a word is not a subcommand of the
// current node or a leaf is reached.
CommandLookup LookUpCommand(const CommandNode& root,
                            const std::vector<std::string>& words);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_COMMAND_TREE_H_
