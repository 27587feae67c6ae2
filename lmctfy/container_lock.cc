// SPDX-License-Identifier: Apache-2.0
// Per-container flock(2) locks on freezer cgroup directories.

#include "lmctfy/container_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

namespace containers {
namespace lmctfy {

absl::StatusOr<ContainerLock> ContainerLock::Acquire(
    const KernelApi& kernel, absl::string_view container,
    const std::vector<std::string>& dirs, Mode mode) {
  ContainerLock lock(kernel);
  for (const std::string& dir : dirs) {
    absl::StatusOr<int> fd = kernel.Open(dir, O_RDONLY | O_DIRECTORY);
    if (!fd.ok()) {
      return absl::Status(fd.status().code(),
                          absl::StrCat("locking container ", container, ": ",
                                       fd.status().message()));
    }
    lock.fds_.push_back(*fd);
    VLOG(2) << "container " << container << ": waiting for the lock on " << dir;
    absl::Status locked =
        kernel.Flock(*fd, mode == Mode::kShared ? LOCK_SH : LOCK_EX);
    if (!locked.ok()) {
      return absl::Status(locked.code(),
                          absl::StrCat("locking container ", container, " at ",
                                       dir, ": ", locked.message()));
    }
  }
  return lock;
}

ContainerLock::ContainerLock(ContainerLock&& other) noexcept
    : kernel_(other.kernel_), fds_(std::move(other.fds_)) {
  other.fds_.clear();
}

ContainerLock::~ContainerLock() {
  // Closing the descriptor releases its flock; newest first.
  for (auto it = fds_.rbegin(); it != fds_.rend(); ++it) {
    absl::Status closed = kernel_->Close(*it);
    if (!closed.ok()) LOG(ERROR) << "releasing a container lock: " << closed;
  }
}

}  // namespace lmctfy
}  // namespace containers
