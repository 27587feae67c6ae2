// SPDX-License-Identifier: Apache-2.0
// Small steps several commands share: finding the container a command names
// (or the caller's own) and reading spec arguments.

#ifndef LMCTFY_CLI_COMMANDS_COMMON_H_
#define LMCTFY_CLI_COMMANDS_COMMON_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "cli/command_tree.h"
#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {
namespace cli {

// The container `args[0]` names, or when `args` is empty the container of
// the tool's parent process ("self").
absl::StatusOr<std::unique_ptr<Container>> ContainerNamedOrSelf(
    const std::vector<std::string>& args, const CommandContext& context);

// The -w interval (--lmctfy_watch_seconds); zero when not given.
// INVALID_ARGUMENT when negative.
absl::StatusOr<absl::Duration> WatchInterval();

// `args[index]` when present.
std::optional<std::string> OptionalArg(const std::vector<std::string>& args,
                                       size_t index);

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_COMMANDS_COMMON_H_
