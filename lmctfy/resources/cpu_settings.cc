// SPDX-License-Identifier: Apache-2.0
// CpuSpec field rules: shares conversion, CFS quota, cpuset mask, latency.

#include "lmctfy/resources/cpu_settings.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "glog/logging.h"
#include "util/cpu_mask.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr uint64_t kMaxMilliCpu = 256000;  // 262144 shares, the kernel's max
constexpr uint64_t kMinMaxLimit = 4;       // a quota of 1000 us
constexpr uint64_t kNoCap = std::numeric_limits<uint64_t>::max();

absl::Status Invalid(absl::string_view container, absl::string_view field,
                     absl::string_view value, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "container ", container, ": cpu.", field, " ", value, " ", why));
}

int64_t LatencyFileValue(SchedulingLatency latency) {
  switch (latency) {
    case PREMIER:
      return 25;
    case PRIORITY:
      return 50;
    case NORMAL:
      return 100;
    case BEST_EFFORT:
      return -1;
  }
  return 50;
}

absl::Status PlanLatency(absl::string_view container, const CpuSpec& spec,
                         Container::UpdatePolicy policy, const CpuFacts& facts,
                         CpuPlan* plan) {
  if (facts.creating) {
    SchedulingLatency wanted =
        spec.has_scheduling_latency() ? spec.scheduling_latency() : PRIORITY;
    if (facts.has_latency_file) {
      plan->latency = LatencyFileValue(wanted);
    } else if (spec.has_scheduling_latency() &&
               (wanted == PRIORITY || wanted == PREMIER)) {
      return absl::UnimplementedError(absl::StrCat(
          "container ", container, ": cpu.scheduling_latency ",
          SchedulingLatency_Name(wanted),
          " needs the kernel file cpu.lat, which this kernel lacks"));
    }
    return absl::OkStatus();
  }
  bool replace = policy == Container::UPDATE_REPLACE;
  if (!spec.has_scheduling_latency() && !replace) return absl::OkStatus();
  ASSIGN_OR_RETURN(SchedulingLatency current, facts.current_latency());
  SchedulingLatency wanted =
      spec.has_scheduling_latency() ? spec.scheduling_latency() : PRIORITY;
  if (wanted != current) {
    return Invalid(container, "scheduling_latency",
                   SchedulingLatency_Name(wanted),
                   absl::StrCat("differs from the current ",
                                SchedulingLatency_Name(current),
                                "; latency cannot change after creation"));
  }
  return absl::OkStatus();
}

absl::Status PlanMask(absl::string_view container, const CpuSpec& spec,
                      bool replace, const CpuFacts& facts, CpuPlan* plan) {
  // A new cpuset cgroup already holds its parent's CPUs.
  if (!spec.has_mask() &&
      !(replace && facts.cpuset_mounted && !facts.creating)) {
    return absl::OkStatus();
  }
  if (!facts.cpuset_mounted) {
    return absl::FailedPreconditionError(
        absl::StrCat("container ", container,
                     ": cpu.mask needs the cpuset hierarchy, which is not "
                     "mounted"));
  }
  ASSIGN_OR_RETURN(std::set<int> parent_cpus, facts.parent_cpus());
  if (!spec.has_mask()) {
    plan->cpus = FormatCpuList(parent_cpus);
    return absl::OkStatus();
  }
  std::set<int> cpus = MaskToCpus(spec.mask());
  std::string listed = FormatCpuList(cpus);
  if (cpus.empty()) {
    return Invalid(container, "mask", "{}", "selects no CPU");
  }
  std::vector<int> outside;
  std::set_difference(cpus.begin(), cpus.end(), parent_cpus.begin(),
                      parent_cpus.end(), std::back_inserter(outside));
  if (!outside.empty()) {
    return Invalid(container, "mask", listed,
                   absl::StrCat("includes CPUs ", absl::StrJoin(outside, ","),
                                " outside the parent's set ",
                                FormatCpuList(parent_cpus)));
  }
  plan->cpus = listed;
  return absl::OkStatus();
}

absl::Status PlanQuota(absl::string_view container, const CpuSpec& spec,
                       bool replace, const CpuFacts& facts, CpuPlan* plan) {
  if (!spec.has_max_limit()) {
    // A new cgroup starts without a cap.
    if (replace && facts.has_cfs_bandwidth && !facts.creating) {
      plan->quota_us = -1;
    }
    return absl::OkStatus();
  }
  if (!facts.has_cfs_bandwidth) {
    return absl::UnimplementedError(absl::StrCat(
        "container ", container,
        ": cpu.max_limit needs the kernel file cpu.cfs_quota_us "
        "(CONFIG_CFS_BANDWIDTH), which this kernel lacks"));
  }
  uint64_t max_limit = spec.max_limit();
  if (max_limit == kNoCap) {
    plan->quota_us = -1;
    return absl::OkStatus();
  }
  if (max_limit < kMinMaxLimit) {
    return Invalid(container, "max_limit", absl::StrCat(max_limit),
                   "is below the minimum of 4 milliCPU (a 1 ms quota)");
  }
  const uint64_t per_milli = kCfsPeriodUs / 1000;
  if (max_limit > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) /
                      per_milli) {
    return Invalid(container, "max_limit", absl::StrCat(max_limit),
                   "is too large");
  }
  plan->quota_us = static_cast<int64_t>(max_limit * per_milli);
  return absl::OkStatus();
}

}  // namespace

uint64_t MilliCpuToShares(uint64_t milli_cpu) {
  return std::max<uint64_t>(2, milli_cpu * 1024 / 1000);
}

uint64_t SharesToMilliCpu(uint64_t shares) {
  return shares < 2 ? 0 : shares * 1000 / 1024;
}

absl::StatusOr<CpuPlan> PlanCpu(absl::string_view container,
                                const CpuSpec& spec,
                                Container::UpdatePolicy policy,
                                const CpuFacts& facts) {
  const bool replace = policy == Container::UPDATE_REPLACE;
  CpuPlan plan;
  if (spec.has_limit()) {
    if (spec.limit() > kMaxMilliCpu) {
      return Invalid(container, "limit", absl::StrCat(spec.limit()),
                     "exceeds the maximum of 256000 milliCPU");
    }
    plan.shares = MilliCpuToShares(spec.limit());
    // Shares that already read back as the limit stay as they are: the
    // conversion rounds, so rewriting them could change them (761 shares
    // read back as 743, which writes 760). A failed update restores the
    // resources it changed from what Spec() reported, and must not move
    // cpu.shares that way.
    if (!facts.creating && facts.current_shares) {
      ASSIGN_OR_RETURN(uint64_t current, facts.current_shares());
      if (SharesToMilliCpu(current) == spec.limit()) plan.shares.reset();
    }
  } else if (replace && !facts.creating) {
    plan.shares = 1024;
  }
  RETURN_IF_ERROR(PlanQuota(container, spec, replace, facts, &plan));
  RETURN_IF_ERROR(PlanMask(container, spec, replace, facts, &plan));
  RETURN_IF_ERROR(PlanLatency(container, spec, policy, facts, &plan));
  return plan;
}

absl::Status ApplyCpuPlan(const CpuController& cpu,
                          const CpusetController* cpuset, const CpuPlan& plan,
                          bool fresh) {
  struct Undo {
    const CgroupController* controller;
    std::string file;
    std::string old_value;
  };
  std::vector<Undo> undo;
  auto write = [&](const CgroupController& controller, const char* file,
                   const std::string& value) -> absl::Status {
    // A new cgroup is removed on failure, so it needs no undo.
    if (fresh) return controller.WriteFile(file, value);
    ASSIGN_OR_RETURN(std::string old_value, controller.ReadFile(file));
    while (!old_value.empty() && old_value.back() == '\n') old_value.pop_back();
    if (old_value == value) return absl::OkStatus();
    RETURN_IF_ERROR(controller.WriteFile(file, value));
    undo.push_back({&controller, file, std::move(old_value)});
    return absl::OkStatus();
  };
  auto apply = [&]() -> absl::Status {
    if (plan.latency.has_value()) {
      RETURN_IF_ERROR(write(cpu, "cpu.lat", absl::StrCat(*plan.latency)));
    }
    if (plan.shares.has_value()) {
      RETURN_IF_ERROR(write(cpu, "cpu.shares", absl::StrCat(*plan.shares)));
    }
    if (plan.quota_us.has_value()) {
      if (*plan.quota_us != -1) {
        RETURN_IF_ERROR(
            write(cpu, "cpu.cfs_period_us", absl::StrCat(kCfsPeriodUs)));
      }
      RETURN_IF_ERROR(
          write(cpu, "cpu.cfs_quota_us", absl::StrCat(*plan.quota_us)));
    }
    if (plan.cpus.has_value() && cpuset != nullptr) {
      RETURN_IF_ERROR(write(*cpuset, "cpuset.cpus", *plan.cpus));
    }
    return absl::OkStatus();
  };

  absl::Status status = apply();
  if (status.ok()) return status;
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    absl::Status restored = it->controller->WriteFile(it->file, it->old_value);
    if (!restored.ok()) {
      LOG(ERROR) << "restoring " << it->controller->FilePath(it->file)
                 << " after a failed update: " << restored;
    }
  }
  return status;
}

}  // namespace lmctfy
}  // namespace containers
