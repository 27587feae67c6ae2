// SPDX-License-Identifier: Apache-2.0
// Runs one invocation of the lmctfy tool: flags, global actions, command
// lookup, the command itself and its output (INTERFACE.md 2.1).

#ifndef LMCTFY_CLI_CLI_RUNNER_H_
#define LMCTFY_CLI_CLI_RUNNER_H_

#include <string>
#include <vector>

#include "cli/cli_environment.h"

namespace containers {
namespace lmctfy {
namespace cli {

// Runs the tool with `args` (argv, including argv[0]) and returns its exit
// status. Every lmctfy_* flag starts from its default and is restored when
// the call returns, so tests may call it repeatedly.
int RunCli(const std::vector<std::string>& args, const CliEnvironment& env);

// The same for a process whose lmctfy_* flags were never set (the lmctfy
// program itself): no save, reset or restore of the flag registry, which
// costs a walk and sort of every flag.
int RunCliInFreshProcess(const std::vector<std::string>& args,
                         const CliEnvironment& env);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_CLI_RUNNER_H_
