// SPDX-License-Identifier: Apache-2.0
// Builds the hierarchy map from the mount table or a MachineSpec.

#include "lmctfy/cgroup_layout.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "util/hierarchy_names.h"
#include "util/mount_table.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kMountInfoPath[] = "/proc/self/mountinfo";

// "a/b/" or "/a/b" -> "/a/b"; "", "/" -> "".
std::string NormalizeRoot(absl::string_view root) {
  root = absl::StripSuffix(root, "/");
  while (absl::ConsumePrefix(&root, "/")) {
  }
  return root.empty() ? std::string() : absl::StrCat("/", root);
}

}  // namespace

absl::StatusOr<CgroupLayout> CgroupLayout::Load(const KernelApi& kernel,
                                                const MachineSpec& machine) {
  std::vector<CgroupMountPoint> mounts;
  if (machine.cgroup_mount_size() > 0) {
    for (const CgroupMount& mount : machine.cgroup_mount()) {
      CgroupMountPoint point;
      point.mount_path = std::string(absl::StripSuffix(mount.mount_path(), "/"));
      for (int h : mount.hierarchy()) {
        point.hierarchies.push_back(static_cast<CgroupHierarchy>(h));
      }
      mounts.push_back(std::move(point));
    }
  } else {
    ASSIGN_OR_RETURN(std::string mountinfo, kernel.ReadFile(kMountInfoPath));
    ASSIGN_OR_RETURN(mounts, ParseCgroupMounts(mountinfo));
  }

  CgroupLayout layout;
  for (const CgroupMountPoint& point : mounts) {
    CgroupHierarchy lowest = CGROUP_UNKNOWN;
    for (CgroupHierarchy h : point.hierarchies) {
      if (h == CGROUP_UNKNOWN || layout.entries_.count(h) > 0) continue;
      if (lowest == CGROUP_UNKNOWN || h < lowest) lowest = h;
      layout.entries_[h].mount_path = point.mount_path;
    }
    for (CgroupHierarchy h : point.hierarchies) {
      auto it = layout.entries_.find(h);
      if (it != layout.entries_.end() &&
          it->second.mount_path == point.mount_path) {
        it->second.owner = (h == lowest);
      }
    }
  }

  for (const auto& virtual_root :
       machine.virtual_root().cgroup_virtual_root()) {
    auto it = layout.entries_.find(virtual_root.hierarchy());
    if (it == layout.entries_.end()) continue;
    it->second.root = NormalizeRoot(virtual_root.root());
    std::string dir = it->second.mount_path + it->second.root;
    if (!kernel.IsDirectory(dir)) {
      return absl::NotFoundError(absl::StrCat(
          "virtual root ", dir, " of the ",
          HierarchyName(virtual_root.hierarchy()),
          " hierarchy does not exist"));
    }
  }
  return layout;
}

bool CgroupLayout::IsMounted(CgroupHierarchy hierarchy) const {
  return entries_.count(hierarchy) > 0;
}

bool CgroupLayout::OwnsDirectories(CgroupHierarchy hierarchy) const {
  auto it = entries_.find(hierarchy);
  return it != entries_.end() && it->second.owner;
}

std::string CgroupLayout::CgroupDir(CgroupHierarchy hierarchy,
                                    absl::string_view relative) const {
  const Entry& entry = entries_.at(hierarchy);
  if (relative == "/" || relative.empty()) {
    return entry.mount_path + entry.root;
  }
  return absl::StrCat(entry.mount_path, entry.root, relative);
}

absl::StatusOr<std::string> CgroupLayout::FromKernelPath(
    CgroupHierarchy hierarchy, absl::string_view path) const {
  auto it = entries_.find(hierarchy);
  if (it == entries_.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the ", HierarchyName(hierarchy), " hierarchy is not mounted"));
  }
  const std::string& root = it->second.root;
  absl::string_view rest = path;
  // A cgroup namespace reports paths above its root as "/..".
  bool outside = absl::StartsWith(path, "/..") ||
                 !absl::ConsumePrefix(&rest, root) ||
                 !(rest.empty() || absl::StartsWith(rest, "/"));
  if (outside) {
    return absl::NotFoundError(absl::StrCat(
        "cgroup path ", path, " is outside the container root ",
        root.empty() ? "/" : root));
  }
  return rest.empty() ? std::string("/") : std::string(rest);
}

std::string CgroupLayout::MountPath(CgroupHierarchy hierarchy) const {
  auto it = entries_.find(hierarchy);
  return it == entries_.end() ? std::string() : it->second.mount_path;
}

}  // namespace lmctfy
}  // namespace containers
