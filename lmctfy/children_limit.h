// SPDX-License-Identifier: Apache-2.0
// Stores a container's children_limit with its freezer cgroup and enforces
// it when a direct subcontainer is created (INTERFACE.md 4.14).

#ifndef LMCTFY_LMCTFY_CHILDREN_LIMIT_H_
#define LMCTFY_LMCTFY_CHILDREN_LIMIT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// The limit lives in the user.lmctfy.children_limit attribute of the
// container's freezer `cgroup.clone_children` file. That file stays owned by
// root when the container is delegated, so a delegate can read its own limit
// (a trusted.* attribute would be invisible to it) but cannot raise it.
//
// Does not own `kernel`. Thread-safe: it holds no mutable state.
class ChildrenLimit {
 public:
  // The attribute name and the file that carries it.
  static constexpr absl::string_view kAttribute = "user.lmctfy.children_limit";
  static constexpr absl::string_view kCarrierFile = "cgroup.clone_children";
  // The Google kernel's own limit file, written as well where it exists.
  static constexpr absl::string_view kKernelFile = "cgroup.children_limit";

  explicit ChildrenLimit(const KernelApi& kernel) : kernel_(kernel) {}

  // Records `limit` for the container whose freezer cgroup is `freezer_dir`.
  // INVALID_ARGUMENT when negative; kernel errors name the file.
  absl::Status Store(absl::string_view container,
                     const std::string& freezer_dir, int64_t limit) const;

  // The stored limit of the container at `freezer_dir`; nullopt when none
  // was stored or the filesystem keeps no attributes. INTERNAL, naming the
  // file, when the attribute holds something else.
  absl::StatusOr<std::optional<int64_t>> Load(
      const std::string& freezer_dir) const;

  // OK when container `parent` (freezer cgroup `parent_dir`) may get one more
  // direct subcontainer; RESOURCE_EXHAUSTED naming both containers and the
  // limit when it already has that many.
  absl::Status CheckRoomForChild(absl::string_view parent,
                                 const std::string& parent_dir,
                                 absl::string_view child) const;

  ChildrenLimit(const ChildrenLimit&) = delete;
  ChildrenLimit& operator=(const ChildrenLimit&) = delete;

 private:
  const KernelApi& kernel_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CHILDREN_LIMIT_H_
