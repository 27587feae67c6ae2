// SPDX-License-Identifier: Apache-2.0
// Turns a CpuSpec into cpu, cpuacct and cpuset cgroup values and checks them
// (INTERFACE.md 4.7.1).

#ifndef LMCTFY_LMCTFY_RESOURCES_CPU_SETTINGS_H_
#define LMCTFY_LMCTFY_RESOURCES_CPU_SETTINGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/lmctfy.h"
#include "lmctfy/controllers/cpu_controller.h"
#include "lmctfy/controllers/cpuset_controller.h"

namespace containers {
namespace lmctfy {

// CFS period used for every max_limit, in microseconds.
inline constexpr int64_t kCfsPeriodUs = 250000;

// What the kernel offers and what the container has now, asked lazily.
struct CpuFacts {
  // A new container: settings equal to a new cgroup's are not planned.
  bool creating = false;
  bool has_cfs_bandwidth = false;
  bool has_latency_file = false;
  bool cpuset_mounted = false;
  // CPUs the parent may use (cpuset.cpus of the parent).
  std::function<absl::StatusOr<std::set<int>>()> parent_cpus;
  // The container's latency class now (for updates).
  std::function<absl::StatusOr<SchedulingLatency>()> current_latency;
  // The container's cpu.shares now (for updates).
  std::function<absl::StatusOr<uint64_t>()> current_shares;
};

// Values for one container's cpu cgroups; unset members are left alone.
struct CpuPlan {
  std::optional<uint64_t> shares;
  // cfs_quota_us; a value other than -1 also writes the period first.
  std::optional<int64_t> quota_us;
  std::optional<int64_t> latency;  // cpu.lat, Google kernels
  std::optional<std::string> cpus;
};

// Builds and checks the plan for `spec.cpu()` without writing anything.
absl::StatusOr<CpuPlan> PlanCpu(absl::string_view container,
                                const CpuSpec& spec,
                                Container::UpdatePolicy policy,
                                const CpuFacts& facts);

// Writes `plan`; on a failed write restores what it changed, unless the
// cgroups are `fresh` (just made, and removed by the caller on failure).
absl::Status ApplyCpuPlan(const CpuController& cpu,
                          const CpusetController* cpuset, const CpuPlan& plan,
                          bool fresh);

// milliCPU <-> cpu.shares.
uint64_t MilliCpuToShares(uint64_t milli_cpu);
uint64_t SharesToMilliCpu(uint64_t shares);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_RESOURCES_CPU_SETTINGS_H_
