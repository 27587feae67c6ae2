// SPDX-License-Identifier: Apache-2.0
// Finds the visible cgroup v1 mounts in /proc/self/mountinfo text
// (INTERFACE.md 4.2, "Detection").

#ifndef LMCTFY_UTIL_MOUNT_TABLE_H_
#define LMCTFY_UTIL_MOUNT_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/config.pb.h"

namespace containers {
namespace lmctfy {

struct CgroupMountPoint {
  // e.g. /sys/fs/cgroup/cpu (octal escapes like \040 decoded).
  std::string mount_path;
  // The mountinfo "root" field, e.g. "/".
  std::string mount_root;
  // Known hierarchies in the super options, sorted by enum value.
  std::vector<CgroupHierarchy> hierarchies;
};

// Visible cgroup (v1, fstype "cgroup") mounts, in mountinfo order. A mount is
// hidden when a LATER entry is mounted on the same path or on a parent path of
// it (e.g. a tmpfs over /sys/fs/cgroup hides the cgroup mounts made before
// it, but not those made after). Entries with no known hierarchy
// (name=systemd, pids, net_cls...) are dropped. cgroup2 is ignored.
// INVALID_ARGUMENT naming the line number when a line is malformed.
absl::StatusOr<std::vector<CgroupMountPoint>> ParseCgroupMounts(
    absl::string_view mountinfo);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_UTIL_MOUNT_TABLE_H_
