// SPDX-License-Identifier: Apache-2.0
// The usage counters of one cgroup in the cpuacct hierarchy.

#ifndef LMCTFY_CONTROLLERS_CPUACCT_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_CPUACCT_CONTROLLER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

#include "lmctfy/controllers/cgroup_controller.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Reads one cgroup's cpuacct.* files. Does not own `kernel`. Thread-safe: it
// holds no mutable state.
class CpuacctController : public CgroupController {
 public:
  // CPU time split by mode, from cpuacct.stat.
  struct UserSystemNs {
    int64_t user_ns = 0;
    int64_t system_ns = 0;
  };

  // cpuacct.stat counts in USER_HZ ticks, which Linux fixes at 100 per second
  // on every architecture that has cgroups.
  static constexpr int64_t kDefaultUserHz = 100;

  // `user_hz` (> 0) is the tick rate of cpuacct.stat.
  CpuacctController(std::string path, const KernelApi& kernel,
                    int64_t user_hz = kDefaultUserHz);

  // Total CPU time used, in nanoseconds (cpuacct.usage).
  virtual absl::StatusOr<uint64_t> GetUsageNs() const;
  // CPU time used on each CPU, in nanoseconds, in CPU order
  // (cpuacct.usage_percpu). INTERNAL naming the file and the bad word.
  virtual absl::StatusOr<std::vector<int64_t>> GetPerCpuUsageNs() const;
  // User and system time in nanoseconds (cpuacct.stat). INTERNAL naming the
  // file and the key when "user" or "system" is missing or unreadable.
  virtual absl::StatusOr<UserSystemNs> GetUserSystemNs() const;

 private:
  const int64_t user_hz_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_CPUACCT_CONTROLLER_H_
