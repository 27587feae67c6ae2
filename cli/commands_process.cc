// SPDX-License-Identifier: Apache-2.0
// Commands that act on the processes of a container: enter, killall, pause,
// resume and run.

#include <sys/types.h>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

#include "cli/cli_environment.h"
#include "cli/cli_flags.h"
#include "cli/commands.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Thread ids for `enter`: the given ones, or the parent process's.
absl::StatusOr<std::vector<pid_t>> TidsToEnter(
    const std::vector<std::string>& args, const CommandContext& context) {
  if (args.size() < 2) return std::vector<pid_t>{context.env->parent_pid()};

  std::vector<pid_t> tids;
  for (size_t i = 1; i < args.size(); ++i) {
    pid_t tid = 0;
    if (!absl::SimpleAtoi(args[i], &tid)) {
      // FAILED_PRECONDITION rather than INVALID_ARGUMENT: the original tool
      // used this code here and scripts may depend on it.
      return absl::FailedPreconditionError(
          absl::StrCat("thread id \"", args[i], "\" is not a decimal number"));
    }
    tids.push_back(tid);
  }
  return tids;
}

// The argv `run` executes: one word holding a space is a shell command line.
std::vector<std::string> CommandToRun(const std::vector<std::string>& args) {
  if (args.size() == 2 && absl::StrContains(args[1], ' ')) {
    return {"/bin/sh", "-c", args[1]};
  }
  return std::vector<std::string>(args.begin() + 1, args.end());
}

absl::StatusOr<std::unique_ptr<Container>> NamedContainer(
    const std::vector<std::string>& args, const CommandContext& context) {
  return context.api->Get(args[0]);
}

}  // namespace

absl::Status EnterCommand(const std::vector<std::string>& args,
                          const CommandContext& context,
                          CommandOutput* output) {
  ASSIGN_OR_RETURN(const std::vector<pid_t> tids, TidsToEnter(args, context));
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   NamedContainer(args, context));
  return container->Enter(tids);
}

absl::Status KillAllCommand(const std::vector<std::string>& args,
                            const CommandContext& context,
                            CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   NamedContainer(args, context));
  return container->KillAll();
}

absl::Status PauseCommand(const std::vector<std::string>& args,
                          const CommandContext& context,
                          CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   NamedContainer(args, context));
  return container->Pause();
}

absl::Status ResumeCommand(const std::vector<std::string>& args,
                           const CommandContext& context,
                           CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   NamedContainer(args, context));
  return container->Resume();
}

absl::Status RunCommand(const std::vector<std::string>& args,
                        const CommandContext& context, CommandOutput* output) {
  const std::vector<std::string> command = CommandToRun(args);
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   NamedContainer(args, context));
  if (!FLAGS_lmctfy_no_wait) {
    // Exec replaces this process; coming back means it failed.
    return container->Exec(command);
  }

  RunSpec spec;
  spec.set_fd_policy(RunSpec::DETACHED);
  ASSIGN_OR_RETURN(const pid_t pid, container->Run(command, spec));
  output->AddPair("pid", absl::StrCat(pid));
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
