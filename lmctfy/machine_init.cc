// SPDX-License-Identifier: Apache-2.0
// Mount checks and mounting for `lmctfy init`.

#include "lmctfy/machine_init.h"

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "glog/logging.h"
#include "lmctfy/cgroup_layout.h"
#include "util/hierarchy_names.h"
#include "util/mount_table.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kMountInfoPath[] = "/proc/self/mountinfo";

std::string HierarchyList(const std::vector<CgroupHierarchy>& hierarchies) {
  std::vector<std::string> names;
  for (CgroupHierarchy h : hierarchies) names.emplace_back(HierarchyName(h));
  return absl::StrJoin(names, ",");
}

// mkdir -p; directories that exist are fine.
absl::Status MakeDirectories(const KernelApi& kernel, absl::string_view path) {
  std::string current;
  for (absl::string_view part : absl::StrSplit(path, '/', absl::SkipEmpty())) {
    absl::StrAppend(&current, "/", part);
    if (kernel.IsDirectory(current)) continue;
    absl::Status status = kernel.MkDir(current, 0755);
    if (!status.ok() && !absl::IsAlreadyExists(status)) return status;
  }
  return absl::OkStatus();
}

// What one cgroup_mount entry asks for, checked against the mounts.
struct MountRequest {
  std::string path;
  std::vector<CgroupHierarchy> hierarchies;
  bool already_mounted = false;
};

absl::StatusOr<MountRequest> CheckEntry(
    const CgroupMount& entry, const std::vector<CgroupMountPoint>& mounts,
    std::set<CgroupHierarchy>* seen) {
  MountRequest request;
  request.path = std::string(absl::StripSuffix(entry.mount_path(), "/"));
  if (request.path.empty() || request.path[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("cgroup_mount.mount_path \"", entry.mount_path(),
                     "\" is not an absolute path"));
  }
  for (int value : entry.hierarchy()) {
    auto h = static_cast<CgroupHierarchy>(value);
    if (h == CGROUP_UNKNOWN || HierarchyName(h).empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cgroup_mount at ", request.path, " names an unknown hierarchy ",
          value));
    }
    if (!seen->insert(h).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "hierarchy ", HierarchyName(h), " is listed more than once"));
    }
    request.hierarchies.push_back(h);
  }
  if (request.hierarchies.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cgroup_mount at ", request.path, " names no hierarchy"));
  }
  std::set<CgroupHierarchy> listed(request.hierarchies.begin(),
                                   request.hierarchies.end());
  bool cpu_pair = listed == std::set<CgroupHierarchy>{CGROUP_CPU,
                                                      CGROUP_CPUACCT};
  if (listed.size() > 1 && !cpu_pair) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cgroup_mount at ", request.path, " co-mounts ",
        HierarchyList(request.hierarchies),
        "; only cpu and cpuacct may share a mount"));
  }
  for (const CgroupMountPoint& mount : mounts) {
    std::set<CgroupHierarchy> there(mount.hierarchies.begin(),
                                    mount.hierarchies.end());
    bool same_path = mount.mount_path == request.path;
    for (CgroupHierarchy h : there) {
      if (listed.count(h) > 0 && !same_path) {
        return absl::InvalidArgumentError(absl::StrCat(
            "hierarchy ", HierarchyName(h), " is already mounted at ",
            mount.mount_path, ", not at ", request.path));
      }
      if (listed.count(h) == 0 && same_path) {
        return absl::InvalidArgumentError(
            absl::StrCat(request.path, " already holds the ",
                         HierarchyName(h), " hierarchy, which is not listed"));
      }
    }
    if (same_path && there == listed) request.already_mounted = true;
  }
  return request;
}

}  // namespace

absl::Status MountHierarchies(const KernelApi& kernel, const InitSpec& spec) {
  if (spec.cgroup_mount_size() == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::string mountinfo, kernel.ReadFile(kMountInfoPath));
  ASSIGN_OR_RETURN(std::vector<CgroupMountPoint> mounts,
                   ParseCgroupMounts(mountinfo));

  std::vector<MountRequest> requests;
  std::set<CgroupHierarchy> seen;
  for (const CgroupMount& entry : spec.cgroup_mount()) {
    ASSIGN_OR_RETURN(MountRequest request, CheckEntry(entry, mounts, &seen));
    requests.push_back(std::move(request));
  }
  for (const MountRequest& request : requests) {
    if (request.already_mounted) continue;
    std::string options = HierarchyList(request.hierarchies);
    RETURN_IF_ERROR(MakeDirectories(kernel, request.path));
    VLOG(1) << "mounting the " << options << " hierarchy at " << request.path;
    RETURN_IF_ERROR(
        kernel.Mount("cgroup", request.path, "cgroup", 0, options));
  }
  return absl::OkStatus();
}

absl::Status CreateVirtualRoots(const KernelApi& kernel,
                                const MachineSpec& machine) {
  ASSIGN_OR_RETURN(CgroupLayout layout,
                   CgroupLayout::Load(kernel, MachineSpec()));
  for (const auto& root : machine.virtual_root().cgroup_virtual_root()) {
    CgroupHierarchy h = root.hierarchy();
    if (!layout.IsMounted(h)) continue;
    std::string current = layout.MountPath(h);
    for (absl::string_view part :
         absl::StrSplit(root.root(), '/', absl::SkipEmpty())) {
      std::string parent = current;
      absl::StrAppend(&current, "/", part);
      if (kernel.IsDirectory(current)) continue;
      absl::Status status = kernel.MkDir(current, 0755);
      if (!status.ok() && !absl::IsAlreadyExists(status)) return status;
      if (h != CGROUP_CPUSET) continue;
      for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
        ASSIGN_OR_RETURN(std::string value,
                         kernel.ReadFile(absl::StrCat(parent, "/", file)));
        RETURN_IF_ERROR(kernel.WriteFile(absl::StrCat(current, "/", file),
                                         absl::StripTrailingAsciiWhitespace(
                                             value)));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status SetUpResources(const ApiContext& context, const InitSpec& spec) {
  for (const auto& factory : context.factories()) {
    RETURN_IF_ERROR(factory->InitMachine(spec));
  }
  return absl::OkStatus();
}

}  // namespace lmctfy
}  // namespace containers
