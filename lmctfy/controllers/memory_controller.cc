// SPDX-License-Identifier: Apache-2.0
// Reads and writes one container's memory cgroup files.

#include "lmctfy/controllers/memory_controller.h"

#include <utility>

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kLimitFile[] = "memory.limit_in_bytes";
constexpr char kSoftLimitFile[] = "memory.soft_limit_in_bytes";
constexpr char kSwapLimitFile[] = "memory.memsw.limit_in_bytes";
constexpr char kUsageFile[] = "memory.usage_in_bytes";
constexpr char kMaxUsageFile[] = "memory.max_usage_in_bytes";
constexpr char kFailCountFile[] = "memory.failcnt";
constexpr char kStatFile[] = "memory.stat";
constexpr char kOomControlFile[] = "memory.oom_control";

}  // namespace

MemoryController::MemoryController(std::string path, const KernelApi& kernel)
    : CgroupController(CGROUP_MEMORY, std::move(path), kernel) {}

absl::Status MemoryController::SetLimitBytes(int64_t bytes) const {
  return WriteInt(kLimitFile, bytes);
}

absl::StatusOr<int64_t> MemoryController::GetLimitBytes() const {
  return ReadInt(kLimitFile);
}

absl::Status MemoryController::SetSoftLimitBytes(int64_t bytes) const {
  return WriteInt(kSoftLimitFile, bytes);
}

absl::StatusOr<int64_t> MemoryController::GetSoftLimitBytes() const {
  return ReadInt(kSoftLimitFile);
}

bool MemoryController::HasSwapLimit() const { return HasFile(kSwapLimitFile); }

absl::Status MemoryController::SetSwapLimitBytes(int64_t bytes) const {
  return WriteInt(kSwapLimitFile, bytes);
}

absl::StatusOr<int64_t> MemoryController::GetSwapLimitBytes() const {
  return ReadInt(kSwapLimitFile);
}

absl::StatusOr<int64_t> MemoryController::GetUsageBytes() const {
  return ReadInt(kUsageFile);
}

absl::StatusOr<int64_t> MemoryController::GetMaxUsageBytes() const {
  return ReadInt(kMaxUsageFile);
}

absl::StatusOr<int64_t> MemoryController::GetFailCount() const {
  return ReadInt(kFailCountFile);
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
MemoryController::GetStat() const {
  return ReadKeyValues(kStatFile);
}

absl::StatusOr<MemoryController::OomControl> MemoryController::GetOomControl()
    const {
  ASSIGN_OR_RETURN(const auto pairs, ReadKeyValues(kOomControlFile));
  OomControl control;
  ASSIGN_OR_RETURN(const int64_t kill_disable,
                   ValueOf(pairs, kOomControlFile, "oom_kill_disable"));
  ASSIGN_OR_RETURN(const int64_t under_oom,
                   ValueOf(pairs, kOomControlFile, "under_oom"));
  control.oom_kill_disable = kill_disable != 0;
  control.under_oom = under_oom != 0;

  // Kernels before 4.13 have no oom_kill counter.
  absl::StatusOr<int64_t> kills = ValueOf(pairs, kOomControlFile, "oom_kill");
  if (kills.ok()) control.oom_kill = *kills;
  return control;
}

}  // namespace lmctfy
}  // namespace containers
