// SPDX-License-Identifier: Apache-2.0
// Reads one container's cpuacct cgroup counters.

#include "lmctfy/controllers/cpuacct_controller.h"

#include <limits>
#include <utility>

#include "glog/logging.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kUsageFile[] = "cpuacct.usage";
constexpr char kPerCpuUsageFile[] = "cpuacct.usage_percpu";
constexpr char kStatFile[] = "cpuacct.stat";
constexpr int64_t kNanosPerSecond = 1000000000;

// ticks * 1e9 / hz without overflowing on the way; saturates at INT64_MAX.
int64_t TicksToNanos(int64_t ticks, int64_t hz) {
  const int64_t seconds = ticks / hz;
  if (seconds > std::numeric_limits<int64_t>::max() / kNanosPerSecond) {
    return std::numeric_limits<int64_t>::max();
  }
  return seconds * kNanosPerSecond + (ticks % hz) * kNanosPerSecond / hz;
}

}  // namespace

CpuacctController::CpuacctController(std::string path, const KernelApi& kernel,
                                     int64_t user_hz)
    : CgroupController(CGROUP_CPUACCT, std::move(path), kernel),
      user_hz_(user_hz) {
  CHECK_GT(user_hz_, 0) << "USER_HZ must be positive";
}

absl::StatusOr<uint64_t> CpuacctController::GetUsageNs() const {
  return ReadUint(kUsageFile);
}

absl::StatusOr<std::vector<int64_t>> CpuacctController::GetPerCpuUsageNs()
    const {
  return ReadIntList(kPerCpuUsageFile);
}

absl::StatusOr<CpuacctController::UserSystemNs>
CpuacctController::GetUserSystemNs() const {
  ASSIGN_OR_RETURN(const auto pairs, ReadKeyValues(kStatFile));
  ASSIGN_OR_RETURN(const int64_t user_ticks, ValueOf(pairs, kStatFile, "user"));
  ASSIGN_OR_RETURN(const int64_t system_ticks,
                   ValueOf(pairs, kStatFile, "system"));

  UserSystemNs times;
  times.user_ns = TicksToNanos(user_ticks, user_hz_);
  times.system_ns = TicksToNanos(system_ticks, user_hz_);
  return times;
}

}  // namespace lmctfy
}  // namespace containers
