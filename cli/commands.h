// SPDX-License-Identifier: Apache-2.0
// The leaf commands of the lmctfy tool (INTERFACE.md 2.4). Each parses its
// arguments, makes one library call and describes the result; none of them
// knows about cgroup files.

#ifndef LMCTFY_CLI_COMMANDS_H_
#define LMCTFY_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

#include "cli/command_tree.h"
#include "cli/output.h"

namespace containers {
namespace lmctfy {
namespace cli {

// All have the CommandHandler signature. `args` are the words after the
// command path, already checked against the command's argument counts.

// Container lifecycle (commands_lifecycle.cc).
absl::Status CreateCommand(const std::vector<std::string>& args,
                           const CommandContext& context,
                           CommandOutput* output);
absl::Status DestroyCommand(const std::vector<std::string>& args,
                            const CommandContext& context,
                            CommandOutput* output);
absl::Status InitCommand(const std::vector<std::string>& args,
                         const CommandContext& context, CommandOutput* output);
absl::Status UpdateReplaceCommand(const std::vector<std::string>& args,
                                  const CommandContext& context,
                                  CommandOutput* output);
absl::Status UpdateDiffCommand(const std::vector<std::string>& args,
                               const CommandContext& context,
                               CommandOutput* output);

// Processes in containers (commands_process.cc).
absl::Status EnterCommand(const std::vector<std::string>& args,
                          const CommandContext& context, CommandOutput* output);
absl::Status KillAllCommand(const std::vector<std::string>& args,
                            const CommandContext& context,
                            CommandOutput* output);
absl::Status PauseCommand(const std::vector<std::string>& args,
                          const CommandContext& context, CommandOutput* output);
absl::Status ResumeCommand(const std::vector<std::string>& args,
                           const CommandContext& context,
                           CommandOutput* output);
absl::Status RunCommand(const std::vector<std::string>& args,
                        const CommandContext& context, CommandOutput* output);

// Queries (commands_query.cc).
absl::Status DetectCommand(const std::vector<std::string>& args,
                           const CommandContext& context,
                           CommandOutput* output);
absl::Status ListContainersCommand(const std::vector<std::string>& args,
                                   const CommandContext& context,
                                   CommandOutput* output);
absl::Status ListPidsCommand(const std::vector<std::string>& args,
                             const CommandContext& context,
                             CommandOutput* output);
absl::Status ListTidsCommand(const std::vector<std::string>& args,
                             const CommandContext& context,
                             CommandOutput* output);
absl::Status SpecCommand(const std::vector<std::string>& args,
                         const CommandContext& context, CommandOutput* output);
absl::Status StatsSummaryCommand(const std::vector<std::string>& args,
                                 const CommandContext& context,
                                 CommandOutput* output);
absl::Status StatsFullCommand(const std::vector<std::string>& args,
                              const CommandContext& context,
                              CommandOutput* output);
absl::Status TopCommand(const std::vector<std::string>& args,
                        const CommandContext& context, CommandOutput* output);

// Notifications (commands_notify.cc).
absl::Status NotifyOomCommand(const std::vector<std::string>& args,
                              const CommandContext& context,
                              CommandOutput* output);
absl::Status NotifyThresholdCommand(const std::vector<std::string>& args,
                                    const CommandContext& context,
                                    CommandOutput* output);

// About the tool itself (commands_info.cc).
absl::Status HelpCommand(const std::vector<std::string>& args,
                         const CommandContext& context, CommandOutput* output);
absl::Status VersionCommand(const std::vector<std::string>& args,
                            const CommandContext& context,
                            CommandOutput* output);

// "lmctfy version <VERSION>\n", with " built on <date> <time>" before the
// newline when `with_build_time`.
std::string VersionText(bool with_build_time);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_COMMANDS_H_
