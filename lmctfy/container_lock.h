// SPDX-License-Identifier: Apache-2.0
// Serialises Create and Destroy of one container across processes, keeps
// Enter and Run out of a container being destroyed, and serialises Update,
// Pause, Resume and KillAll of one container, with flock(2) on freezer cgroup
// directories and files; the kernel drops the locks when their holder dies.

#ifndef LMCTFY_LMCTFY_CONTAINER_LOCK_H_
#define LMCTFY_LMCTFY_CONTAINER_LOCK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// Flocks on a list of directories, held until destruction. Lock
// directories parent first, so two holders never wait on each other in a
// cycle. Move-only; not thread-safe; `kernel` must outlive it.
class ContainerLock {
 public:
  // Exclusive for changing which containers exist, shared for moving tasks.
  enum class Mode { kExclusive, kShared };

  // Opens and locks each of `dirs` in order, waiting for other holders.
  // NOT_FOUND when a directory does not exist (any locks taken are
  // released); other errors name `container` and the directory.
  static absl::StatusOr<ContainerLock> Acquire(
      const KernelApi& kernel, absl::string_view container,
      const std::vector<std::string>& dirs, Mode mode = Mode::kExclusive);

  // For changing an existing container's limits or state (Update, Pause,
  // Resume, KillAll): shared on its freezer directory `freezer_dir`, so it
  // keeps existing meanwhile, as for Enter and Run; then exclusive on the
  // `cgroup.procs` file in it, so such changes of one container wait for each
  // other but not for tasks joining it (a Run into a paused container waits
  // for Resume while holding the shared lock). NOT_FOUND as Acquire.
  static absl::StatusOr<ContainerLock> AcquireForChange(
      const KernelApi& kernel, absl::string_view container,
      const std::string& freezer_dir);

  ContainerLock(ContainerLock&& other) noexcept;
  ContainerLock& operator=(ContainerLock&& other) = delete;
  ContainerLock(const ContainerLock&) = delete;
  ContainerLock& operator=(const ContainerLock&) = delete;
  ~ContainerLock();

 private:
  explicit ContainerLock(const KernelApi& kernel) : kernel_(&kernel) {}

  // Opens `path` with `open_flags` and flocks it with `operation`.
  absl::Status Add(absl::string_view container, const std::string& path,
                   int open_flags, int operation);

  const KernelApi* kernel_;
  std::vector<int> fds_;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_CONTAINER_LOCK_H_
