// SPDX-License-Identifier: Apache-2.0
// Freezes, thaws and reads one container's freezer cgroup.

#include "lmctfy/controllers/freezer_controller.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kStateFile[] = "freezer.state";
constexpr char kParentFreezingFile[] = "freezer.parent_freezing";
constexpr absl::Duration kFirstPollDelay = absl::Milliseconds(1);
constexpr absl::Duration kMaxPollDelay = absl::Milliseconds(50);

}  // namespace

absl::string_view FreezerStateName(FreezerState state) {
  switch (state) {
    case FreezerState::kThawed:
      return "THAWED";
    case FreezerState::kFreezing:
      return "FREEZING";
    case FreezerState::kFrozen:
      return "FROZEN";
  }
  return "UNKNOWN";
}

FreezerController::FreezerController(std::string path, const KernelApi& kernel)
    : CgroupController(CGROUP_FREEZER, std::move(path), kernel) {}

bool FreezerController::HasState() const { return HasFile(kStateFile); }

bool FreezerController::SupportsHierarchicalFreeze() const {
  return HasFile(kParentFreezingFile);
}

absl::Status FreezerController::Freeze() const {
  return WriteState(FreezerState::kFrozen);
}

absl::Status FreezerController::Thaw() const {
  return WriteState(FreezerState::kThawed);
}

absl::StatusOr<FreezerState> FreezerController::GetState() const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(kStateFile));
  const absl::string_view name = absl::StripAsciiWhitespace(text);
  for (FreezerState state : {FreezerState::kThawed, FreezerState::kFreezing,
                             FreezerState::kFrozen}) {
    if (name == FreezerStateName(state)) return state;
  }
  return absl::InternalError(absl::StrCat(
      FilePath(kStateFile), ": unknown freezer state \"", name, "\""));
}

absl::Status FreezerController::FreezeAndWait(absl::Duration timeout) const {
  RETURN_IF_ERROR(Freeze());
  return WaitForState(FreezerState::kFrozen, timeout);
}

absl::Status FreezerController::ThawAndWait(absl::Duration timeout) const {
  RETURN_IF_ERROR(Thaw());
  return WaitForState(FreezerState::kThawed, timeout);
}

absl::Status FreezerController::WriteState(FreezerState state) const {
  return WriteFile(kStateFile, FreezerStateName(state));
}

// The sleeps are added up instead of reading a clock, so the bound is the
// same under a mocked kernel and the wait never ends early on a slow machine.
absl::Status FreezerController::WaitForState(FreezerState target,
                                             absl::Duration timeout) const {
  absl::Duration slept = absl::ZeroDuration();
  absl::Duration delay = kFirstPollDelay;
  while (true) {
    ASSIGN_OR_RETURN(const FreezerState state, GetState());
    if (state == target) return absl::OkStatus();

    if (slept >= timeout) {
      return absl::DeadlineExceededError(absl::StrCat(
          FilePath(kStateFile), " still reads ", FreezerStateName(state),
          " after waiting ", absl::FormatDuration(slept), " for ",
          FreezerStateName(target)));
    }
    const absl::Duration nap = std::min(delay, timeout - slept);
    kernel().SleepFor(nap);
    slept += nap;
    delay = std::min(2 * delay, kMaxPollDelay);
  }
}

}  // namespace lmctfy
}  // namespace containers
