// SPDX-License-Identifier: Apache-2.0
// Shared lookups of single-hierarchy resources.

#include "lmctfy/resources/cgroup_resource_base.h"

#include "absl/strings/str_cat.h"
#include "glog/logging.h"
#include "lmctfy/container_name.h"
#include "util/hierarchy_names.h"

namespace containers {
namespace lmctfy {

bool KernelFeatureCache::HasFile(absl::string_view dir,
                                 absl::string_view file) const {
  absl::MutexLock lock(&mu_);
  auto it = known_.find(file);
  if (it != known_.end()) return it->second;
  bool present = kernel_.PathExists(absl::StrCat(dir, "/", file));
  // Vanilla kernels lack the Google-only files, so this is the normal case
  // there, not a warning; each command would otherwise format several lines.
  if (!present) {
    VLOG(1) << "kernel file " << file << " is absent (checked in " << dir
            << "); settings that need it are skipped or refused";
  }
  known_.emplace(std::string(file), present);
  return present;
}

void RemoveAfterFailure(ResourceHandler& handler, const absl::Status& cause) {
  absl::Status removed = handler.Destroy();
  if (!removed.ok()) {
    LOG(ERROR) << "removing the " << handler.resource_name()
               << " cgroup after a failed create (" << cause
               << "): " << removed;
  }
}

CgroupResourceFactoryBase::CgroupResourceFactoryBase(
    CgroupHierarchy hierarchy, absl::string_view resource_name,
    const KernelApi& kernel, const CgroupLayout& layout)
    : hierarchy_(hierarchy),
      resource_name_(resource_name),
      kernel_(kernel),
      layout_(layout),
      features_(kernel) {}

std::string CgroupResourceFactoryBase::Dir(absl::string_view name) const {
  return layout_.CgroupDir(hierarchy_, name);
}

bool CgroupResourceFactoryBase::Isolates(absl::string_view name) const {
  if (!layout_.IsMounted(hierarchy_)) return false;
  return name == "/" || kernel_.IsDirectory(Dir(name));
}

std::vector<TaskCgroup> CgroupResourceFactoryBase::TaskCgroups(
    absl::string_view name) const {
  if (!layout_.IsMounted(hierarchy_)) return {};
  std::string current(name);
  while (current != "/" && !kernel_.IsDirectory(Dir(current))) {
    current = ParentName(current);
  }
  return {TaskCgroup{hierarchy_, Dir(current)}};
}

absl::Status CgroupResourceFactoryBase::InitMachine(const InitSpec&) const {
  return absl::OkStatus();
}

absl::Status CgroupResourceFactoryBase::CheckCanIsolate(
    absl::string_view name) const {
  if (!layout_.IsMounted(hierarchy_)) {
    return absl::FailedPreconditionError(
        absl::StrCat("container ", name, ": ", resource_name_,
                     " needs the ", HierarchyName(hierarchy_),
                     " cgroup hierarchy, which is not mounted"));
  }
  std::string parent = ParentName(name);
  if (!Isolates(parent)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container ", name, ": cannot isolate ", resource_name_,
        " because its parent ", parent, " does not"));
  }
  return absl::OkStatus();
}

std::string CgroupResourceFactoryBase::FeatureDir(
    absl::string_view name) const {
  return Dir(ParentName(name));
}

}  // namespace lmctfy
}  // namespace containers
