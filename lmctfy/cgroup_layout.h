// SPDX-License-Identifier: Apache-2.0
// Where each cgroup hierarchy is mounted and which directory in it acts as
// the container root "/" (INTERFACE.md 4.2).

#ifndef LMCTFY_LMCTFY_CGROUP_LAYOUT_H_
#define LMCTFY_LMCTFY_CGROUP_LAYOUT_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "include/config.pb.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// An immutable map from hierarchy to mount point and virtual root. Cheap to
// copy; thread-safe.
class CgroupLayout {
 public:
  // Uses `machine.cgroup_mount` when it has entries, else the visible cgroup
  // mounts of /proc/self/mountinfo; applies the machine's virtual roots.
  // NOT_FOUND when a virtual root directory does not exist.
  static absl::StatusOr<CgroupLayout> Load(const KernelApi& kernel,
                                           const MachineSpec& machine);

  bool IsMounted(CgroupHierarchy hierarchy) const;

  // Whether `hierarchy` creates and removes the directories at its mount
  // point: false for every co-mounted hierarchy but the lowest-numbered one.
  bool OwnsDirectories(CgroupHierarchy hierarchy) const;

  // Absolute directory of the cgroup `relative` ("/" or "/a/b") inside the
  // confinement root of `hierarchy`. The hierarchy must be mounted.
  std::string CgroupDir(CgroupHierarchy hierarchy,
                        absl::string_view relative) const;

  // Converts a path from /proc/<tid>/cgroup into a container-relative path.
  // NOT_FOUND when the path lies outside the confinement root.
  absl::StatusOr<std::string> FromKernelPath(CgroupHierarchy hierarchy,
                                             absl::string_view path) const;

  // Mount point of `hierarchy`, or "" when it is not mounted.
  std::string MountPath(CgroupHierarchy hierarchy) const;

 private:
  struct Entry {
    std::string mount_path;
    // Virtual root relative to the mount: "" or "/x/y".
    std::string root;
    bool owner = true;
  };

  std::map<CgroupHierarchy, Entry> entries_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CGROUP_LAYOUT_H_
