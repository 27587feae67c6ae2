// SPDX-License-Identifier: Apache-2.0
// Container names (INTERFACE.md section 1): validation, resolution of
// relative names against the caller's container, and path-like helpers.

#ifndef LMCTFY_LMCTFY_CONTAINER_NAME_H_
#define LMCTFY_LMCTFY_CONTAINER_NAME_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace containers {
namespace lmctfy {

// Longest accepted component, in bytes (255 or more is refused).
inline constexpr size_t kMaxNameComponentBytes = 254;
// Longest accepted resolved name, in bytes.
inline constexpr size_t kMaxContainerNameBytes = 4096;

// Callback that returns the calling thread's container (only called for
// relative names).
using CurrentContainerFn = std::function<absl::StatusOr<std::string>()>;

// Validates and resolves `name` to the absolute canonical name ("/" or
// "/a/b"). Relative names are resolved against `current()`, whose error is
// returned unchanged. Every other failure is INVALID_ARGUMENT with a message
// naming the name, e.g.
//   container name "a//b" has an empty path component
absl::StatusOr<std::string> ResolveContainerName(
    absl::string_view name, const CurrentContainerFn& current);

// True if `component` is acceptable as one component of a resolved name
// (used to skip foreign dirs in listings). "." and ".." are not.
bool IsValidNameComponent(absl::string_view component);

// "/a/b" -> "/a"; "/a" -> "/"; "/" -> "/".
std::string ParentName(absl::string_view absolute_name);

// "/a/b" -> "b"; "/" -> "".
std::string BaseName(absl::string_view absolute_name);

// JoinName("/", "x") == "/x"; JoinName("/a", "x") == "/a/x".
std::string JoinName(absl::string_view parent, absl::string_view child);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CONTAINER_NAME_H_
