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

absl::Status ContainerLock::Add(absl::string_view container,
                                const std::string& path, int open_flags,
                                int operation) {
  absl::StatusOr<int> fd = kernel_->Open(path, open_flags);
  if (!fd.ok()) {
    return absl::Status(fd.status().code(),
                        absl::StrCat("locking container ", container, ": ",
                                     fd.status().message()));
  }
  fds_.push_back(*fd);
  VLOG(2) << "container " << container << ": waiting for the lock on " << path;
  absl::Status locked = kernel_->Flock(*fd, operation);
  if (!locked.ok()) {
    return absl::Status(locked.code(),
                        absl::StrCat("locking container ", container, " at ",
                                     path, ": ", locked.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<ContainerLock> ContainerLock::Acquire(
    const KernelApi& kernel, absl::string_view container,
    const std::vector<std::string>& dirs, Mode mode) {
  ContainerLock lock(kernel);
  for (const std::string& dir : dirs) {
    absl::Status locked = lock.Add(container, dir, O_RDONLY | O_DIRECTORY,
                                   mode == Mode::kShared ? LOCK_SH : LOCK_EX);
    if (!locked.ok()) return locked;
  }
  return lock;
}

absl::StatusOr<ContainerLock> ContainerLock::AcquireForChange(
    const KernelApi& kernel, absl::string_view container,
    const std::string& freezer_dir) {
  ContainerLock lock(kernel);
  absl::Status locked =
      lock.Add(container, freezer_dir, O_RDONLY | O_DIRECTORY, LOCK_SH);
  if (locked.ok()) {
    locked = lock.Add(container, absl::StrCat(freezer_dir, "/cgroup.procs"),
                      O_RDONLY, LOCK_EX);
  }
  if (!locked.ok()) return locked;
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
