// SPDX-License-Identifier: Apache-2.0
// Parses /proc/<pid>/cgroup: which cgroup a task is in, per subsystem.

#ifndef LMCTFY_UTIL_PROC_CGROUP_H_
#define LMCTFY_UTIL_PROC_CGROUP_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace containers {
namespace lmctfy {

// Maps each subsystem name in the file ("cpu", "cpuacct", "freezer",
// "name=systemd", "" for the v2 line) to its path. "4:cpu,cpuacct:/a" gives
// both "cpu" and "cpuacct" -> "/a". Paths may contain ':'. INVALID_ARGUMENT
// naming the line when a line is not "<id>:<subsystems>:<path>".
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> ParseProcCgroup(
    absl::string_view contents);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_UTIL_PROC_CGROUP_H_
