// SPDX-License-Identifier: Apache-2.0
// The lmctfy command tree and the walk from command words to a command.

#include "cli/command_tree.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_join.h"

#include "cli/commands.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Syntax shared by the commands that take a spec.
constexpr char kSpecSyntax[] =
    "[-c <config file>] <container name> [<spec proto, text or binary>]";
// Syntax shared by the commands whose container defaults to the caller's.
constexpr char kListSyntax[] = "[-r] [<container name>]";
constexpr char kBinarySyntax[] = "[-b] [<container name>]";
constexpr char kStatsSyntax[] = "[-b] [-w <seconds>] [<container name>]";

CommandNode Leaf(std::string name, CommandKind kind, std::string description,
                 std::string syntax, int min_args, int max_args,
                 CommandHandler handler) {
  CommandNode node;
  node.name = std::move(name);
  node.kind = kind;
  node.description = std::move(description);
  node.argument_syntax = std::move(syntax);
  node.min_args = min_args;
  node.max_args = max_args;
  node.handler = std::move(handler);
  return node;
}

CommandNode Menu(std::string name, std::string description, std::string syntax,
                 std::vector<CommandNode> children) {
  CommandNode node;
  node.name = std::move(name);
  node.description = std::move(description);
  node.argument_syntax = std::move(syntax);
  node.children = std::move(children);
  return node;
}

// Help and version are about the tool, init prepares the machine: none of
// them wants a ContainerApi.
CommandNode WithoutApi(CommandNode node) {
  node.needs_api = false;
  return node;
}

CommandNode ListMenu() {
  return Menu(
      "list", "List the subcontainers, processes or threads of a container.",
      "<list type> <container name>",
      {Leaf("containers", CommandKind::kGetter,
            "List the subcontainers of a container (default: the caller's "
            "container); -r lists every descendant.",
            kListSyntax, 0, 1, ListContainersCommand),
       Leaf("pids", CommandKind::kGetter,
            "List the processes of a container (default: the caller's "
            "container); -r includes subcontainers.",
            kListSyntax, 0, 1, ListPidsCommand),
       Leaf("tids", CommandKind::kGetter,
            "List the threads of a container (default: the caller's "
            "container); -r includes subcontainers.",
            kListSyntax, 0, 1, ListTidsCommand)});
}

CommandNode NotifyMenu() {
  CommandNode memory =
      Menu("memory", "Wait for a memory event of a container.",
           "<event> <container name> [<event arguments>]",
           {Leaf("oom", CommandKind::kSetter,
                 "Wait until the container runs out of memory.",
                 "<container name>", 1, 1, NotifyOomCommand),
            Leaf("threshold", CommandKind::kSetter,
                 "Wait until the container's memory usage crosses a number of "
                 "bytes.",
                 "<container name> <threshold in bytes>", 2, 2,
                 NotifyThresholdCommand)});
  return Menu("notify", "Wait for an event in a container and report it.",
              "<resource> <event> <container name> [<event arguments>]",
              {std::move(memory)});
}

CommandNode StatsMenu() {
  return Menu(
      "stats", "Print the resource usage of a container.",
      "<stats type> [-b] [-w <seconds>] [<container name>]",
      {Leaf("summary", CommandKind::kGetter,
            "Print the main usage figures of a container (default: the "
            "caller's container).",
            kStatsSyntax, 0, 1, StatsSummaryCommand),
       Leaf("full", CommandKind::kGetter,
            "Print every usage figure the kernel reports for a container "
            "(default: the caller's container).",
            kStatsSyntax, 0, 1, StatsFullCommand)});
}

CommandNode UpdateMenu() {
  return Menu(
      "update", "Change the resources of an existing container.",
      "<update policy> [-c <config file>] <container name> [<spec>]",
      {Leaf("replace", CommandKind::kSetter,
            "Apply a whole spec: resources it leaves out go back to their "
            "defaults.",
            kSpecSyntax, 1, 2, UpdateReplaceCommand),
       Leaf("diff", CommandKind::kSetter,
            "Change only the fields the spec sets.", kSpecSyntax, 1, 2,
            UpdateDiffCommand)});
}

CommandNode RunLeaf() {
  CommandNode run = Leaf(
      "run", CommandKind::kSetter,
      "Run a command inside a container. Without -n the command replaces "
      "lmctfy; with -n it runs in the background and its pid is printed.",
      "[-n] <container name> <command...>", 2, kAnyNumberOfArgs, RunCommand);
  run.verbatim_after_args = 1;
  return run;
}

std::vector<CommandNode> TopLevelCommands() {
  std::vector<CommandNode> commands = {
      Leaf("create", CommandKind::kSetter,
           "Create a container from a spec given inline or with -c.",
           kSpecSyntax, 1, 2, CreateCommand),
      Leaf("destroy", CommandKind::kSetter,
           "Destroy an empty container; with -f also kill its processes and "
           "destroy its subcontainers.",
           "[-f] <container name>", 1, 1, DestroyCommand),
      Leaf("detect", CommandKind::kGetter,
           "Print the container of a process or thread (default: the "
           "caller).",
           "[<PID/TID>]", 0, 1, DetectCommand),
      Leaf("enter", CommandKind::kSetter,
           "Move threads into a container (default: the caller).",
           "<container name> [<TID> ...]", 1, kAnyNumberOfArgs, EnterCommand),
      WithoutApi(Leaf("help", CommandKind::kGetter, "Print this usage text.",
                      "", 0, kAnyNumberOfArgs, HelpCommand)),
      WithoutApi(Leaf("init", CommandKind::kInit,
                      "Prepare the machine's cgroup hierarchies for lmctfy; "
                      "run once after boot.",
                      "<spec proto, text or binary> | -c <config file>", 0, 1,
                      InitCommand)),
      Leaf("killall", CommandKind::kSetter,
           "Kill every process and thread of a container.", "<container name>",
           1, 1, KillAllCommand),
      ListMenu(),
      NotifyMenu(),
      Leaf("pause", CommandKind::kSetter,
           "Freeze every process of a container and its subcontainers.",
           "<container name>", 1, 1, PauseCommand),
      Leaf("resume", CommandKind::kSetter,
           "Thaw a paused container and its subcontainers.", "<container name>",
           1, 1, ResumeCommand),
      RunLeaf(),
      Leaf("spec", CommandKind::kGetter,
           "Print the resources a container currently has (default: the "
           "caller's container).",
           kBinarySyntax, 0, 1, SpecCommand),
      StatsMenu(),
      Leaf("top", CommandKind::kGetter,
           "Show a live table of a container and everything below it: CPU, "
           "memory and tasks (default: the caller's container).",
           "[-w <seconds>] [<container name>]", 0, 1, TopCommand),
      UpdateMenu(),
      WithoutApi(Leaf("version", CommandKind::kGetter,
                      "Print the version of lmctfy.", "", 0, 0,
                      VersionCommand)),
  };
  std::sort(commands.begin(), commands.end(),
            [](const CommandNode& a, const CommandNode& b) {
              return a.name < b.name;
            });
  return commands;
}

}  // namespace

const CommandNode& RootCommand() {
  static const CommandNode* const root =
      new CommandNode(Menu("lmctfy", "", "[command]", TopLevelCommands()));
  return *root;
}

const CommandNode& CommandLookup::menu(const CommandNode& root) const {
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if ((*it)->kind == CommandKind::kSubmenu) return **it;
  }
  return root;
}

const CommandNode* CommandLookup::leaf() const {
  if (path.empty() || path.back()->kind == CommandKind::kSubmenu) {
    return nullptr;
  }
  return path.back();
}

std::string CommandLookup::PathString() const {
  return absl::StrJoin(path, " ",
                       [](std::string* out, const CommandNode* node) {
                         out->append(node->name);
                       });
}

CommandLookup LookUpCommand(const CommandNode& root,
                            const std::vector<std::string>& words) {
  CommandLookup lookup;
  const CommandNode* current = &root;
  size_t used = 0;
  while (used < words.size() && current->kind == CommandKind::kSubmenu) {
    const auto child = std::find_if(
        current->children.begin(), current->children.end(),
        [&](const CommandNode& node) { return node.name == words[used]; });
    if (child == current->children.end()) break;
    current = &*child;
    lookup.path.push_back(current);
    ++used;
  }
  lookup.rest.assign(words.begin() + used, words.end());
  return lookup;
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
