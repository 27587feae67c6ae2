// SPDX-License-Identifier: Apache-2.0
// Reads and writes one container's cpuset cgroup files.

#include "lmctfy/controllers/cpuset_controller.h"

#include <utility>

#include "absl/strings/ascii.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr char kCpusFile[] = "cpuset.cpus";
constexpr char kMemsFile[] = "cpuset.mems";

}  // namespace

CpusetController::CpusetController(std::string path, const KernelApi& kernel)
    : CgroupController(CGROUP_CPUSET, std::move(path), kernel) {}

absl::Status CpusetController::SetCpus(absl::string_view cpu_list) const {
  return WriteFile(kCpusFile, cpu_list);
}

absl::StatusOr<std::string> CpusetController::GetCpus() const {
  return ReadList(kCpusFile);
}

absl::Status CpusetController::SetMems(absl::string_view node_list) const {
  return WriteFile(kMemsFile, node_list);
}

absl::StatusOr<std::string> CpusetController::GetMems() const {
  return ReadList(kMemsFile);
}

absl::StatusOr<std::string> CpusetController::ReadList(
    absl::string_view file) const {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(file));
  return std::string(absl::StripAsciiWhitespace(text));
}

}  // namespace lmctfy
}  // namespace containers
