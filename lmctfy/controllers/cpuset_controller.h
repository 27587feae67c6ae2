// SPDX-License-Identifier: Apache-2.0
// The CPU and memory-node placement of one cgroup in the cpuset hierarchy.

#ifndef LMCTFY_CONTROLLERS_CPUSET_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_CPUSET_CONTROLLER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "lmctfy/controllers/cgroup_controller.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Reads and writes one cgroup's cpuset.cpus and cpuset.mems. Lists use the
// kernel's syntax ("0-3,8"). Does not own `kernel`. Thread-safe: it holds no
// mutable state.
class CpusetController : public CgroupController {
 public:
  CpusetController(std::string path, const KernelApi& kernel);

  // cpuset.cpus: the CPUs the cgroup may run on.
  virtual absl::Status SetCpus(absl::string_view cpu_list) const;
  // The list without surrounding whitespace; empty when none are assigned.
  virtual absl::StatusOr<std::string> GetCpus() const;
  // cpuset.mems: the memory nodes the cgroup may allocate from.
  virtual absl::Status SetMems(absl::string_view node_list) const;
  virtual absl::StatusOr<std::string> GetMems() const;

 private:
  absl::StatusOr<std::string> ReadList(absl::string_view file) const;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_CPUSET_CONTROLLER_H_
