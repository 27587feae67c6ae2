// SPDX-License-Identifier: Apache-2.0
// Reads and writes one container's cpu cgroup files.

#include "lmctfy/controllers/cpu_controller.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kSharesFile[] = "cpu.shares";
constexpr char kCfsPeriodFile[] = "cpu.cfs_period_us";
constexpr char kCfsQuotaFile[] = "cpu.cfs_quota_us";
constexpr char kLatencyFile[] = "cpu.lat";
constexpr char kIdleFile[] = "cpu.idle";
constexpr char kStatFile[] = "cpu.stat";

}  // namespace

CpuController::CpuController(std::string path, const KernelApi& kernel)
    : CgroupController(CGROUP_CPU, std::move(path), kernel) {}

absl::Status CpuController::SetShares(uint64_t shares) const {
  return WriteUint(kSharesFile, shares);
}

absl::StatusOr<uint64_t> CpuController::GetShares() const {
  return ReadUint(kSharesFile);
}

bool CpuController::HasCfsBandwidth() const { return HasFile(kCfsQuotaFile); }

absl::Status CpuController::SetCfsPeriodUs(int64_t period_us) const {
  return WriteInt(kCfsPeriodFile, period_us);
}

absl::StatusOr<int64_t> CpuController::GetCfsPeriodUs() const {
  return ReadInt(kCfsPeriodFile);
}

absl::Status CpuController::SetCfsQuotaUs(int64_t quota_us) const {
  return WriteInt(kCfsQuotaFile, quota_us);
}

absl::StatusOr<int64_t> CpuController::GetCfsQuotaUs() const {
  return ReadInt(kCfsQuotaFile);
}

bool CpuController::HasLatency() const { return HasFile(kLatencyFile); }

absl::Status CpuController::SetLatency(int64_t latency) const {
  return WriteInt(kLatencyFile, latency);
}

absl::StatusOr<int64_t> CpuController::GetLatency() const {
  return ReadInt(kLatencyFile);
}

bool CpuController::HasIdle() const { return HasFile(kIdleFile); }

absl::Status CpuController::SetIdle(bool idle) const {
  return WriteFile(kIdleFile, idle ? "1" : "0");
}

absl::StatusOr<bool> CpuController::GetIdle() const {
  ASSIGN_OR_RETURN(const int64_t value, ReadInt(kIdleFile));
  if (value != 0 && value != 1) {
    return absl::InternalError(absl::StrCat(
        FilePath(kIdleFile), ": expected 0 or 1, read \"", value, "\""));
  }
  return value == 1;
}

absl::StatusOr<CpuController::ThrottlingStats>
CpuController::GetThrottlingStats() const {
  ASSIGN_OR_RETURN(const auto pairs, ReadKeyValues(kStatFile));
  ThrottlingStats stats;
  ASSIGN_OR_RETURN(stats.periods, ValueOf(pairs, kStatFile, "nr_periods"));
  ASSIGN_OR_RETURN(stats.throttled_periods,
                   ValueOf(pairs, kStatFile, "nr_throttled"));
  ASSIGN_OR_RETURN(stats.throttled_time_ns,
                   ValueOf(pairs, kStatFile, "throttled_time"));
  return stats;
}

}  // namespace lmctfy
}  // namespace containers
