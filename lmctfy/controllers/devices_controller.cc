// SPDX-License-Identifier: Apache-2.0
// Reads and writes one container's devices cgroup files.

#include "lmctfy/controllers/devices_controller.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {

DevicesController::DevicesController(std::string path, const KernelApi& kernel)
    : CgroupController(CGROUP_DEVICE, std::move(path), kernel) {}

absl::Status DevicesController::Allow(absl::string_view rule) const {
  return WriteFile("devices.allow", rule);
}

absl::Status DevicesController::Deny(absl::string_view rule) const {
  return WriteFile("devices.deny", rule);
}

absl::StatusOr<std::vector<std::string>> DevicesController::GetList() const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile("devices.list"));
  std::vector<std::string> rules;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    const absl::string_view rule = absl::StripAsciiWhitespace(line);
    if (!rule.empty()) rules.emplace_back(rule);
  }
  return rules;
}

}  // namespace lmctfy
}  // namespace containers
