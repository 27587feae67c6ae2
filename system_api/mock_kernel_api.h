// SPDX-License-Identifier: Apache-2.0
// GoogleMock stand-in for the kernel, shared by every unit test.

#ifndef LMCTFY_SYSTEM_API_MOCK_KERNEL_API_H_
#define LMCTFY_SYSTEM_API_MOCK_KERNEL_API_H_

#include <string>
#include <vector>

#include "gmock/gmock.h"

#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

class MockKernelApi : public KernelApi {
 public:
  MOCK_METHOD(absl::StatusOr<std::string>, ReadFile, (absl::string_view path),
              (const, override));
  MOCK_METHOD(absl::Status, WriteFile,
              (absl::string_view path, absl::string_view contents),
              (const, override));
  MOCK_METHOD(bool, PathExists, (absl::string_view path), (const, override));
  MOCK_METHOD(bool, IsDirectory, (absl::string_view path), (const, override));
  MOCK_METHOD(absl::StatusOr<uint64_t>, DirectoryLinkCount,
              (absl::string_view path), (const, override));
  MOCK_METHOD(absl::StatusOr<std::vector<std::string>>, ListSubdirectories,
              (absl::string_view path), (const, override));
  MOCK_METHOD(absl::Status, MkDir, (absl::string_view path, mode_t mode),
              (const, override));
  MOCK_METHOD(absl::Status, RmDir, (absl::string_view path), (const, override));
  MOCK_METHOD(absl::Status, Rename,
              (absl::string_view from, absl::string_view to),
              (const, override));
  MOCK_METHOD(absl::Status, Chown,
              (absl::string_view path, int64_t uid, int64_t gid),
              (const, override));
  MOCK_METHOD(absl::Status, Mount,
              (absl::string_view source, absl::string_view target,
               absl::string_view fstype, unsigned long flags,
               absl::string_view data),
              (const, override));
  MOCK_METHOD(absl::Status, Unmount, (absl::string_view target, int flags),
              (const, override));
  MOCK_METHOD(absl::Status, PivotRoot, (absl::string_view new_root),
              (const, override));
  MOCK_METHOD(absl::Status, SetHostname, (absl::string_view name),
              (const, override));
  MOCK_METHOD(absl::Status, SetIdentity, (uid_t uid, gid_t gid),
              (const, override));
  MOCK_METHOD(absl::Status, Chmod, (absl::string_view path, mode_t mode),
              (const, override));
  MOCK_METHOD(absl::Status, MkNod,
              (absl::string_view path, mode_t mode, dev_t device),
              (const, override));
  MOCK_METHOD(absl::Status, Symlink,
              (absl::string_view target, absl::string_view path),
              (const, override));
  MOCK_METHOD(absl::StatusOr<std::string>, ReadLink, (absl::string_view path),
              (const, override));
  MOCK_METHOD(absl::StatusOr<StoppedChild>, CloneStopped,
              (const CloneRequest& request), (const, override));
  MOCK_METHOD(absl::Status, ReleaseChild, (const StoppedChild& child),
              (const, override));
  MOCK_METHOD(void, AbortChild, (const StoppedChild& child), (const, override));
  MOCK_METHOD(absl::StatusOr<int>, WaitForExit, (pid_t pid), (const, override));
  MOCK_METHOD(void, ExitProcess, (int status), (const, override));
  MOCK_METHOD(absl::Status, Kill, (pid_t pid, int signal), (const, override));
  MOCK_METHOD(absl::StatusOr<pid_t>, Spawn, (const SpawnRequest& request),
              (const, override));
  MOCK_METHOD(absl::Status, Exec, (const std::vector<std::string>& argv),
              (const, override));
  MOCK_METHOD(void, SleepFor, (absl::Duration duration), (const, override));
  MOCK_METHOD(absl::StatusOr<int>, Open, (absl::string_view path, int flags),
              (const, override));
  MOCK_METHOD(absl::Status, Close, (int fd), (const, override));
  MOCK_METHOD(absl::Status, Flock, (int fd, int operation), (const, override));
  MOCK_METHOD(absl::StatusOr<int>, EventFd, (), (const, override));
  MOCK_METHOD(absl::Status, SignalEventFd, (int fd, uint64_t value),
              (const, override));
  MOCK_METHOD(absl::StatusOr<uint64_t>, DrainEventFd, (int fd),
              (const, override));
  MOCK_METHOD(absl::StatusOr<int>, EpollCreate, (), (const, override));
  MOCK_METHOD(absl::Status, EpollAdd, (int epoll_fd, int fd),
              (const, override));
  MOCK_METHOD(absl::Status, EpollRemove, (int epoll_fd, int fd),
              (const, override));
  MOCK_METHOD(absl::StatusOr<std::vector<int>>, EpollWait,
              (int epoll_fd, absl::Duration timeout), (const, override));
  MOCK_METHOD(absl::Status, SetXattr,
              (absl::string_view path, absl::string_view name,
               absl::string_view value),
              (const, override));
  MOCK_METHOD(absl::StatusOr<std::string>, GetXattr,
              (absl::string_view path, absl::string_view name),
              (const, override));
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_SYSTEM_API_MOCK_KERNEL_API_H_
