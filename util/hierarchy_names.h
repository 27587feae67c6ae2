// SPDX-License-Identifier: Apache-2.0
// Kernel names of the cgroup hierarchies lmctfy knows (INTERFACE.md 3.4), as
// used in mount options and /proc/<pid>/cgroup.

#ifndef LMCTFY_UTIL_HIERARCHY_NAMES_H_
#define LMCTFY_UTIL_HIERARCHY_NAMES_H_

#include <optional>

#include "absl/strings/string_view.h"

#include "include/config.pb.h"

namespace containers {
namespace lmctfy {

// "cpu", "cpuacct", "cpuset", "freezer", "job", "memory", "net",
// "perf_event", "rlimit", "devices", "blkio"; "" for unknown.
absl::string_view HierarchyName(CgroupHierarchy h);

// The hierarchy with kernel name `name`; nullopt when lmctfy does not know it
// (e.g. "pids", "name=systemd").
std::optional<CgroupHierarchy> HierarchyFromName(absl::string_view name);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_UTIL_HIERARCHY_NAMES_H_
