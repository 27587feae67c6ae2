// SPDX-License-Identifier: Apache-2.0
// Everything the lmctfy tool takes from the outside world, so tests can run
// it against mocks.

#ifndef LMCTFY_CLI_CLI_ENVIRONMENT_H_
#define LMCTFY_CLI_CLI_ENVIRONMENT_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "include/config.pb.h"
#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {
namespace cli {

struct CliEnvironment {
  // Makes the API a command uses; called after the flags were parsed, so it
  // can honour --lmctfy_machine_spec and --lmctfy_cgroup_root.
  std::function<absl::StatusOr<std::unique_ptr<ContainerApi>>()> new_api;
  // Runs `lmctfy init`.
  std::function<absl::Status(const InitSpec&)> init_machine;
  // Pid of the process that started the tool ("self" is its container).
  std::function<pid_t()> parent_pid;
  // Normal output (unless --lmctfy_output_fd redirects it) and diagnostics.
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
};

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_CLI_ENVIRONMENT_H_
