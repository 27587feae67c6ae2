// SPDX-License-Identifier: Apache-2.0
// The files of one cgroup in the cpu hierarchy: weight, bandwidth cap,
// latency class, idle scheduling and throttling counters.

#ifndef LMCTFY_CONTROLLERS_CPU_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_CPU_CONTROLLER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "lmctfy/controllers/cgroup_controller.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Reads and writes one cgroup's cpu.* files. Does not own `kernel`.
// Thread-safe: it holds no mutable state.
class CpuController : public CgroupController {
 public:
  // What cpu.stat says about the bandwidth cap.
  struct ThrottlingStats {
    // Enforcement periods that have elapsed.
    int64_t periods = 0;
    // Periods in which the cgroup hit its quota.
    int64_t throttled_periods = 0;
    // Total time the cgroup was throttled, in nanoseconds.
    int64_t throttled_time_ns = 0;
  };

  CpuController(std::string path, const KernelApi& kernel);

  // cpu.shares: the relative weight.
  virtual absl::Status SetShares(uint64_t shares) const;
  virtual absl::StatusOr<uint64_t> GetShares() const;

  // True if the kernel has CFS bandwidth control (cpu.cfs_quota_us exists).
  virtual bool HasCfsBandwidth() const;
  // cpu.cfs_period_us: the enforcement period in microseconds.
  virtual absl::Status SetCfsPeriodUs(int64_t period_us) const;
  virtual absl::StatusOr<int64_t> GetCfsPeriodUs() const;
  // cpu.cfs_quota_us: run time allowed per period in microseconds; -1 means
  // no cap.
  virtual absl::Status SetCfsQuotaUs(int64_t quota_us) const;
  virtual absl::StatusOr<int64_t> GetCfsQuotaUs() const;

  // True if the kernel has the latency class file cpu.lat (Google kernels).
  virtual bool HasLatency() const;
  virtual absl::Status SetLatency(int64_t latency) const;
  virtual absl::StatusOr<int64_t> GetLatency() const;

  // True if the kernel has SCHED_IDLE cgroups (cpu.idle exists).
  virtual bool HasIdle() const;
  virtual absl::Status SetIdle(bool idle) const;
  // INTERNAL, naming the file and the text, for anything but 0 or 1.
  virtual absl::StatusOr<bool> GetIdle() const;

  // The counters of cpu.stat. INTERNAL, naming the file and the key, when
  // one of nr_periods, nr_throttled or throttled_time is missing.
  virtual absl::StatusOr<ThrottlingStats> GetThrottlingStats() const;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_CPU_CONTROLLER_H_
