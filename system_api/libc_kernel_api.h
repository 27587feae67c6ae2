// SPDX-License-Identifier: Apache-2.0
// The real kernel behind KernelApi: thin pass-throughs to libc system calls.

#ifndef LMCTFY_SYSTEM_API_LIBC_KERNEL_API_H_
#define LMCTFY_SYSTEM_API_LIBC_KERNEL_API_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// KernelApi on plain libc calls. Every fd it opens is close-on-exec, EINTR is
// retried, and errors come from absl::ErrnoToStatus with the path (or pid,
// program) in the message. Stateless and thread-safe.
class LibcKernelApi : public KernelApi {
 public:
  LibcKernelApi() = default;
  LibcKernelApi(const LibcKernelApi&) = delete;
  LibcKernelApi& operator=(const LibcKernelApi&) = delete;

  // Reads until EOF (cgroup files report size 0).
  absl::StatusOr<std::string> ReadFile(absl::string_view path) const override;
  // Opens without O_CREAT/O_TRUNC and writes everything in one write(2); a
  // short write is INTERNAL.
  absl::Status WriteFile(absl::string_view path,
                         absl::string_view contents) const override;
  bool PathExists(absl::string_view path) const override;
  bool IsDirectory(absl::string_view path) const override;
  // Directory entries (not symlinks to directories), without "." and "..".
  absl::StatusOr<uint64_t> DirectoryLinkCount(
      absl::string_view path) const override;
  absl::StatusOr<std::vector<std::string>> ListSubdirectories(
      absl::string_view path) const override;
  absl::Status MkDir(absl::string_view path, mode_t mode) const override;
  absl::Status RmDir(absl::string_view path) const override;
  absl::Status Rename(absl::string_view from,
                      absl::string_view to) const override;
  absl::Status Chown(absl::string_view path, int64_t uid,
                     int64_t gid) const override;
  absl::Status Mount(absl::string_view source, absl::string_view target,
                     absl::string_view fstype, unsigned long flags,
                     absl::string_view data) const override;
  absl::Status Unmount(absl::string_view target, int flags) const override;
  // chdir, pivot_root(".", "."), lazy unmount of the old root, chdir("/").
  absl::Status PivotRoot(absl::string_view new_root) const override;
  absl::Status SetHostname(absl::string_view name) const override;
  absl::Status SetIdentity(uid_t uid, gid_t gid) const override;
  absl::Status Chmod(absl::string_view path, mode_t mode) const override;
  absl::Status MkNod(absl::string_view path, mode_t mode,
                     dev_t device) const override;
  absl::Status Symlink(absl::string_view target,
                       absl::string_view path) const override;
  absl::StatusOr<std::string> ReadLink(absl::string_view path) const override;
  absl::Status Kill(pid_t pid, int signal) const override;
  // fork + exec; see libc_spawn.cc. INVALID_ARGUMENT for an empty argv,
  // NOT_FOUND when argv[0] is not in PATH, otherwise the errno of the step
  // that failed in the child (joining a tasks file, detaching, exec).
  absl::StatusOr<pid_t> Spawn(const SpawnRequest& request) const override;
  // Clears interval timers, then execvp. INTERNAL with the errno text when it
  // returns.
  absl::Status Exec(const std::vector<std::string>& argv) const override;
  void SleepFor(absl::Duration duration) const override;
  // Namespaced children; see libc_clone.cc.
  absl::StatusOr<StoppedChild> CloneStopped(
      const CloneRequest& request) const override;
  absl::Status ReleaseChild(const StoppedChild& child) const override;
  void AbortChild(const StoppedChild& child) const override;
  absl::StatusOr<int> WaitForExit(pid_t pid) const override;
  void ExitProcess(int status) const override;

  // Descriptor-level calls; see libc_kernel_api_fds.cc.
  absl::StatusOr<int> Open(absl::string_view path, int flags) const override;
  absl::Status Close(int fd) const override;
  absl::Status Flock(int fd, int operation) const override;
  absl::StatusOr<int> EventFd() const override;
  absl::Status SignalEventFd(int fd, uint64_t value) const override;
  absl::StatusOr<uint64_t> DrainEventFd(int fd) const override;
  absl::StatusOr<int> EpollCreate() const override;
  absl::Status EpollAdd(int epoll_fd, int fd) const override;
  absl::Status EpollRemove(int epoll_fd, int fd) const override;
  absl::StatusOr<std::vector<int>> EpollWait(
      int epoll_fd, absl::Duration timeout) const override;
  absl::Status SetXattr(absl::string_view path, absl::string_view name,
                        absl::string_view value) const override;
  absl::StatusOr<std::string> GetXattr(absl::string_view path,
                                       absl::string_view name) const override;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_SYSTEM_API_LIBC_KERNEL_API_H_
