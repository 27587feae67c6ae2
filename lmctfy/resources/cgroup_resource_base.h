// SPDX-License-Identifier: Apache-2.0
// Plumbing shared by resources whose cgroup sits in one hierarchy at the
// container's own name (memory, devices, perf_event).

#ifndef LMCTFY_LMCTFY_RESOURCES_CGROUP_RESOURCE_BASE_H_
#define LMCTFY_LMCTFY_RESOURCES_CGROUP_RESOURCE_BASE_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "lmctfy/cgroup_layout.h"
#include "lmctfy/resources/resource_handler.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Remembers, per process, whether optional kernel files exist in a
// hierarchy, so the check (and its warning) happens once. Thread-safe.
class KernelFeatureCache {
 public:
  explicit KernelFeatureCache(const KernelApi& kernel) : kernel_(kernel) {}

  // Whether `file` exists in the cgroup directory `dir`; the first answer for
  // each file name is kept.
  bool HasFile(absl::string_view dir, absl::string_view file) const;

 private:
  const KernelApi& kernel_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, bool> known_ ABSL_GUARDED_BY(mu_);
};

// Destroys a handler whose creation failed with `cause`, logging (not
// returning) a failure to remove it, since `cause` is what the caller sees.
void RemoveAfterFailure(ResourceHandler& handler, const absl::Status& cause);

// Base of the factories of single-hierarchy resources.
class CgroupResourceFactoryBase : public ResourceHandlerFactory {
 public:
  CgroupResourceFactoryBase(CgroupHierarchy hierarchy,
                            absl::string_view resource_name,
                            const KernelApi& kernel,
                            const CgroupLayout& layout);

  absl::string_view resource_name() const override { return resource_name_; }
  bool Isolates(absl::string_view name) const override;
  std::vector<TaskCgroup> TaskCgroups(absl::string_view name) const override;
  absl::Status InitMachine(const InitSpec& spec) const override;

 protected:
  // The cgroup directory of container `name` in this hierarchy.
  std::string Dir(absl::string_view name) const;
  // FAILED_PRECONDITION when the hierarchy is not mounted or the parent of
  // `name` does not isolate this resource.
  absl::Status CheckCanIsolate(absl::string_view name) const;
  // The directory a new container's optional files are checked in.
  std::string FeatureDir(absl::string_view name) const;

  const KernelApi& kernel() const { return kernel_; }
  const CgroupLayout& layout() const { return layout_; }
  const KernelFeatureCache& features() const { return features_; }
  CgroupHierarchy hierarchy() const { return hierarchy_; }

 private:
  const CgroupHierarchy hierarchy_;
  const std::string resource_name_;
  const KernelApi& kernel_;
  const CgroupLayout& layout_;
  KernelFeatureCache features_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_CGROUP_RESOURCE_BASE_H_
