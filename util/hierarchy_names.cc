// SPDX-License-Identifier: Apache-2.0
// Maps CgroupHierarchy values to and from their kernel subsystem names.

#include "util/hierarchy_names.h"

namespace containers {
namespace lmctfy {
namespace {

struct NamedHierarchy {
  CgroupHierarchy hierarchy;
  absl::string_view name;
};

constexpr NamedHierarchy kHierarchies[] = {
    {CGROUP_CPU, "cpu"},       {CGROUP_CPUACCT, "cpuacct"},
    {CGROUP_CPUSET, "cpuset"}, {CGROUP_FREEZER, "freezer"},
    {CGROUP_JOB, "job"},       {CGROUP_MEMORY, "memory"},
    {CGROUP_NET, "net"},       {CGROUP_PERF_EVENT, "perf_event"},
    {CGROUP_RLIMIT, "rlimit"}, {CGROUP_DEVICE, "devices"},
    {CGROUP_BLOCKIO, "blkio"},
};

}  // namespace

absl::string_view HierarchyName(CgroupHierarchy h) {
  for (const NamedHierarchy& entry : kHierarchies) {
    if (entry.hierarchy == h) return entry.name;
  }
  return "";
}

std::optional<CgroupHierarchy> HierarchyFromName(absl::string_view name) {
  for (const NamedHierarchy& entry : kHierarchies) {
    if (entry.name == name) return entry.hierarchy;
  }
  return std::nullopt;
}

}  // namespace lmctfy
}  // namespace containers
