// SPDX-License-Identifier: Apache-2.0
// The limits, usage counters and OOM state of one cgroup in the memory
// hierarchy.

#ifndef LMCTFY_CONTROLLERS_MEMORY_CONTROLLER_H_
#define LMCTFY_CONTROLLERS_MEMORY_CONTROLLER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "lmctfy/controllers/cgroup_controller.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Reads and writes one cgroup's memory.* files. Every byte value read is an
// int64: the kernel's "unlimited" reads back as its page-rounded maximum
// (9223372036854771712 on 4 KiB pages) and anything above INT64_MAX
// saturates. Optional files of Google kernels (memory.oom_score_badness and
// the like) are reached through HasFile/ReadInt/WriteInt. Does not own
// `kernel`. Thread-safe: it holds no mutable state.
class MemoryController : public CgroupController {
 public:
  // The state in memory.oom_control.
  struct OomControl {
    // The OOM killer is off for this cgroup; tasks wait instead.
    bool oom_kill_disable = false;
    // The cgroup is at its limit and waiting for memory.
    bool under_oom = false;
    // Tasks the OOM killer has killed here; 0 on kernels without the counter.
    int64_t oom_kill = 0;
  };

  MemoryController(std::string path, const KernelApi& kernel);

  // memory.limit_in_bytes; -1 lifts the limit.
  virtual absl::Status SetLimitBytes(int64_t bytes) const;
  virtual absl::StatusOr<int64_t> GetLimitBytes() const;
  // memory.soft_limit_in_bytes; -1 lifts the soft limit.
  virtual absl::Status SetSoftLimitBytes(int64_t bytes) const;
  virtual absl::StatusOr<int64_t> GetSoftLimitBytes() const;

  // True if the kernel accounts swap (memory.memsw.limit_in_bytes exists).
  virtual bool HasSwapLimit() const;
  // memory.memsw.limit_in_bytes: memory plus swap; -1 lifts the limit.
  virtual absl::Status SetSwapLimitBytes(int64_t bytes) const;
  virtual absl::StatusOr<int64_t> GetSwapLimitBytes() const;

  // memory.usage_in_bytes.
  virtual absl::StatusOr<int64_t> GetUsageBytes() const;
  // memory.max_usage_in_bytes: the high-water mark.
  virtual absl::StatusOr<int64_t> GetMaxUsageBytes() const;
  // memory.failcnt: how often the limit was hit.
  virtual absl::StatusOr<int64_t> GetFailCount() const;

  // Every "key value" line of memory.stat, in file order. INTERNAL naming the
  // file and the line when one has another shape.
  virtual absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetStat()
      const;
  // memory.oom_control. INTERNAL naming the file and the key when
  // oom_kill_disable or under_oom is missing.
  virtual absl::StatusOr<OomControl> GetOomControl() const;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CONTROLLERS_MEMORY_CONTROLLER_H_
