// SPDX-License-Identifier: Apache-2.0
// MemorySpec field rules and the memory/memsw write order (INTERFACE.md
// 4.7.2).

#include "lmctfy/resources/memory_settings.h"

#include <unistd.h>

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr char kLimitFile[] = "memory.limit_in_bytes";
constexpr char kSoftLimitFile[] = "memory.soft_limit_in_bytes";
constexpr char kSwapFile[] = "memory.memsw.limit_in_bytes";
// The granularity of memory.limit_in_bytes.
int64_t PageSize() {
  static const int64_t page_size = sysconf(_SC_PAGESIZE);
  return page_size;
}

absl::Status Invalid(absl::string_view container, absl::string_view field,
                     int64_t value, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "container ", container, ": memory.", field, " ", value, " ", why));
}

absl::Status Unimplemented(absl::string_view container,
                           absl::string_view field, absl::string_view why) {
  return absl::UnimplementedError(
      absl::StrCat("container ", container, ": memory.", field, " ", why));
}

// A byte count: values of 2^63-1 and more mean unlimited (-1); other
// negatives and zero mean nothing.
absl::StatusOr<int64_t> ByteValue(absl::string_view container,
                                  absl::string_view field, int64_t value,
                                  bool zero_allowed) {
  if (value == -1 || value >= kMax) return -1;
  if (value < -1 || (value == 0 && !zero_allowed)) {
    return Invalid(container, field, value,
                   "is not a byte count (use -1 for unlimited)");
  }
  return value;
}

// A Google-kernel file: refused when set and absent, else planned.
struct OptionalField {
  absl::string_view field;
  absl::string_view file;
  bool set;
  int64_t value;
  bool has_default;
  int64_t default_value;
};

absl::Status PlanOptional(absl::string_view container,
                          const OptionalField& f, bool replace,
                          const HasMemoryFileFn& has_file, MemoryPlan* plan) {
  if (!f.set && !(replace && f.has_default)) return absl::OkStatus();
  if (!has_file(f.file)) {
    if (!f.set) return absl::OkStatus();
    return Unimplemented(container, f.field,
                         absl::StrCat("needs the kernel file ", f.file,
                                      ", which this kernel lacks"));
  }
  plan->extra.emplace_back(std::string(f.file), f.set ? f.value
                                                      : f.default_value);
  return absl::OkStatus();
}

absl::Status PlanGoogleFields(absl::string_view container,
                              const MemorySpec& spec, bool replace,
                              const HasMemoryFileFn& has_file,
                              MemoryPlan* plan) {
  if (spec.has_eviction_priority() &&
      (spec.eviction_priority() < 0 || spec.eviction_priority() > 10000)) {
    return Invalid(container, "eviction_priority", spec.eviction_priority(),
                   "is outside 0..10000");
  }
  const MemorySpec::Dirty& dirty = spec.dirty();
  bool any_ratio = dirty.has_ratio() || dirty.has_background_ratio();
  bool any_limit = dirty.has_limit() || dirty.has_background_limit();
  if (any_ratio && any_limit) {
    return absl::InvalidArgumentError(absl::StrCat(
        "container ", container,
        ": memory.dirty sets both ratios and limits; set one kind only"));
  }
  const OptionalField fields[] = {
      {"eviction_priority", "memory.oom_score_badness",
       spec.has_eviction_priority(), spec.eviction_priority(), true, 5000},
      {"compression_sampling_ratio", "memory.compression_sampling_ratio",
       spec.has_compression_sampling_ratio(),
       spec.compression_sampling_ratio(), true, 0},
      {"stale_page_age", "memory.stale_page_age", spec.has_stale_page_age(),
       spec.stale_page_age(), true, 1},
      {"dirty.ratio", "memory.dirty_ratio", dirty.has_ratio(), dirty.ratio(),
       !any_limit, 75},
      {"dirty.background_ratio", "memory.dirty_background_ratio",
       dirty.has_background_ratio(), dirty.background_ratio(), !any_limit, 10},
      {"dirty.limit", "memory.dirty_limit_in_bytes", dirty.has_limit(),
       dirty.limit(), any_limit, 0},
      {"dirty.background_limit", "memory.dirty_background_limit_in_bytes",
       dirty.has_background_limit(), dirty.background_limit(), any_limit, 0},
      {"kmem_charge_usage", "memory.kmem_charge_usage",
       spec.has_kmem_charge_usage(), spec.kmem_charge_usage() ? 1 : 0, true,
       0},
  };
  for (const OptionalField& f : fields) {
    RETURN_IF_ERROR(PlanOptional(container, f, replace, has_file, plan));
  }
  return absl::OkStatus();
}

absl::Status RefuseUnimplemented(absl::string_view container,
                                 const MemorySpec& spec) {
  if (spec.has_max_limit()) {
    return Unimplemented(container, "max_limit", "is not supported");
  }
  if (spec.has_hugetlbfs_path()) {
    return Unimplemented(container, "hugetlbfs_path", "is not supported");
  }
  if (spec.has_tmpfs()) {
    return Unimplemented(container, "tmpfs", "is not supported");
  }
  return absl::OkStatus();
}

// -1 and the kernel's page-rounded maximum both mean "unlimited".
int64_t Ceiling(int64_t value) { return value < 0 ? kMax : value; }

struct Written {
  const char* file;
  int64_t old_value;
};

// The kernel answers EBUSY (FAILED_PRECONDITION from the kernel layer) when
// it cannot reclaim enough to bring usage under a lowered limit; the caller
// can only free memory first, so the message says how much is in use.
absl::Status ExplainBusyLimit(const MemoryController& controller,
                              absl::string_view file, int64_t value,
                              const absl::Status& status) {
  if (!absl::IsFailedPrecondition(status) ||
      (file != kLimitFile && file != kSwapFile)) {
    return status;
  }
  absl::StatusOr<int64_t> usage = controller.GetUsageBytes();
  return absl::FailedPreconditionError(absl::StrCat(
      file == kLimitFile ? "memory.limit " : "memory.swap_limit ", value,
      " is below current usage ",
      usage.ok() ? absl::StrCat(*usage) : std::string("(unreadable)"), ": ",
      status.message()));
}

}  // namespace

absl::StatusOr<MemoryPlan> PlanMemory(
    absl::string_view container, const MemorySpec& spec,
    Container::UpdatePolicy policy, bool creating,
    const HasMemoryFileFn& has_file,
    const std::function<absl::StatusOr<int64_t>()>& current_limit) {
  const bool replace = policy == Container::UPDATE_REPLACE;
  RETURN_IF_ERROR(RefuseUnimplemented(container, spec));

  MemoryPlan plan;
  if (spec.has_limit()) {
    ASSIGN_OR_RETURN(plan.limit,
                     ByteValue(container, "limit", spec.limit(), false));
    // The kernel rounds a limit down to whole pages: below one page it would
    // become 0 and every task would be killed at once.
    if (*plan.limit != -1 && *plan.limit < PageSize()) {
      return Invalid(container, "limit", *plan.limit,
                     absl::StrCat("is below one page (", PageSize(),
                                  " bytes); the kernel would make it 0"));
    }
  } else if (replace && !creating) {
    plan.limit = -1;
  }
  if (spec.has_reservation()) {
    ASSIGN_OR_RETURN(plan.reservation, ByteValue(container, "reservation",
                                                 spec.reservation(), true));
  } else if (replace) {
    plan.reservation = 0;
  }

  if (spec.has_swap_limit() && !has_file(kSwapFile)) {
    return Unimplemented(container, "swap_limit",
                         absl::StrCat("needs the kernel file ", kSwapFile,
                                      " (swap accounting), which this "
                                      "kernel lacks"));
  }
  if (spec.has_swap_limit()) {
    ASSIGN_OR_RETURN(plan.swap_limit, ByteValue(container, "swap_limit",
                                                spec.swap_limit(), false));
  } else if (replace && !creating && has_file(kSwapFile)) {
    plan.swap_limit = -1;
  }
  if (spec.has_swap_limit() && *plan.swap_limit != -1) {
    int64_t limit;
    if (plan.limit.has_value()) {
      limit = *plan.limit;
    } else {
      ASSIGN_OR_RETURN(limit, current_limit());
    }
    if (*plan.swap_limit < Ceiling(limit)) {
      return Invalid(container, "swap_limit", *plan.swap_limit,
                     absl::StrCat("is below the memory limit ", limit,
                                  " (it is the memory+swap ceiling)"));
    }
  }

  RETURN_IF_ERROR(PlanGoogleFields(container, spec, replace, has_file, &plan));
  return plan;
}

absl::Status ApplyMemoryPlan(const MemoryController& controller,
                             const MemoryPlan& plan, bool fresh) {
  std::vector<Written> written;
  auto write = [&](const char* file, int64_t value) -> absl::Status {
    if (fresh) return controller.WriteInt(file, value);
    ASSIGN_OR_RETURN(int64_t old_value, controller.ReadInt(file));
    absl::Status status = controller.WriteInt(file, value);
    if (!status.ok()) return ExplainBusyLimit(controller, file, value, status);
    written.push_back({file, old_value});
    return absl::OkStatus();
  };
  auto apply = [&]() -> absl::Status {
    // A new cgroup has no limits, so every change lowers them: memory first.
    bool swap_first = false;
    if (plan.swap_limit.has_value() && !fresh) {
      ASSIGN_OR_RETURN(int64_t old_swap, controller.ReadInt(kSwapFile));
      swap_first = Ceiling(*plan.swap_limit) >= Ceiling(old_swap);
    }
    if (swap_first) RETURN_IF_ERROR(write(kSwapFile, *plan.swap_limit));
    if (plan.limit.has_value()) RETURN_IF_ERROR(write(kLimitFile, *plan.limit));
    if (plan.swap_limit.has_value() && !swap_first) {
      RETURN_IF_ERROR(write(kSwapFile, *plan.swap_limit));
    }
    if (plan.reservation.has_value()) {
      RETURN_IF_ERROR(write(kSoftLimitFile, *plan.reservation));
    }
    for (const auto& [file, value] : plan.extra) {
      RETURN_IF_ERROR(write(file.c_str(), value));
    }
    return absl::OkStatus();
  };

  absl::Status status = apply();
  if (status.ok()) return status;
  for (auto it = written.rbegin(); it != written.rend(); ++it) {
    absl::Status restored = controller.WriteInt(it->file, it->old_value);
    if (!restored.ok()) {
      LOG(ERROR) << "restoring " << controller.FilePath(it->file)
                 << " after a failed update: " << restored;
    }
  }
  return status;
}

}  // namespace lmctfy
}  // namespace containers
