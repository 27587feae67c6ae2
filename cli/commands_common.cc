// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the command implementations.

#include "cli/commands_common.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

#include "cli/cli_environment.h"
#include "cli/cli_flags.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {

absl::StatusOr<std::unique_ptr<Container>> ContainerNamedOrSelf(
    const std::vector<std::string>& args, const CommandContext& context) {
  if (!args.empty()) return context.api->Get(args[0]);

  ASSIGN_OR_RETURN(const std::string self,
                   context.api->Detect(context.env->parent_pid()));
  return context.api->Get(self);
}

absl::StatusOr<absl::Duration> WatchInterval() {
  if (FLAGS_lmctfy_watch_seconds < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "-w ", FLAGS_lmctfy_watch_seconds, ": seconds cannot be negative"));
  }
  return absl::Seconds(FLAGS_lmctfy_watch_seconds);
}

std::optional<std::string> OptionalArg(const std::vector<std::string>& args,
                                       size_t index) {
  if (index < args.size()) return args[index];
  return std::nullopt;
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
