// SPDX-License-Identifier: Apache-2.0
// Descriptor-level calls of LibcKernelApi: open/close, flock, eventfd, poll,
// epoll and extended attributes.

#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <climits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

#include "system_api/libc_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

absl::Status ErrnoError(absl::string_view message) {
  return absl::ErrnoToStatus(errno, message);
}

// epoll_wait(2) takes milliseconds as an int; round up so a short wait is not 0.
int TimeoutMs(absl::Duration timeout) {
  if (timeout == absl::InfiniteDuration()) return -1;
  int64_t ms =
      absl::ToInt64Milliseconds(absl::Ceil(timeout, absl::Milliseconds(1)));
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms < 0 ? 0 : ms);
}

}  // namespace

absl::StatusOr<int> LibcKernelApi::Open(absl::string_view path,
                                        int flags) const {
  const std::string path_str(path);
  int fd;
  do {
    fd = open(path_str.c_str(), flags | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ErrnoError(absl::StrCat("opening ", path));
  return fd;
}

absl::Status LibcKernelApi::Close(int fd) const {
  // close(2) must not be retried on EINTR: the fd is gone either way.
  if (close(fd) != 0 && errno != EINTR) {
    return ErrnoError(absl::StrCat("closing fd ", fd));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Flock(int fd, int operation) const {
  int result;
  do {
    result = flock(fd, operation);
  } while (result != 0 && errno == EINTR);
  if (result != 0) return ErrnoError(absl::StrCat("locking fd ", fd));
  return absl::OkStatus();
}

absl::StatusOr<int> LibcKernelApi::EventFd() const {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return ErrnoError("creating an eventfd");
  return fd;
}

absl::Status LibcKernelApi::SignalEventFd(int fd, uint64_t value) const {
  ssize_t n;
  do {
    n = write(fd, &value, sizeof(value));
  } while (n < 0 && errno == EINTR);
  if (n != sizeof(value)) {
    return ErrnoError(absl::StrCat("signalling eventfd ", fd));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> LibcKernelApi::DrainEventFd(int fd) const {
  uint64_t value = 0;
  ssize_t n;
  do {
    n = read(fd, &value, sizeof(value));
  } while (n < 0 && errno == EINTR);
  if (n < 0 && errno == EAGAIN) return 0;
  if (n != sizeof(value)) {
    return ErrnoError(absl::StrCat("reading eventfd ", fd));
  }
  return value;
}

absl::StatusOr<int> LibcKernelApi::EpollCreate() const {
  int fd = epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) return ErrnoError("creating an epoll instance");
  return fd;
}

absl::Status LibcKernelApi::EpollAdd(int epoll_fd, int fd) const {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
    return ErrnoError(absl::StrCat("adding fd ", fd, " to epoll ", epoll_fd));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::EpollRemove(int epoll_fd, int fd) const {
  if (epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr) != 0) {
    return ErrnoError(
        absl::StrCat("removing fd ", fd, " from epoll ", epoll_fd));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<int>> LibcKernelApi::EpollWait(
    int epoll_fd, absl::Duration timeout) const {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  int count = epoll_wait(epoll_fd, events, kMaxEvents, TimeoutMs(timeout));
  if (count < 0 && errno != EINTR) {
    return ErrnoError(absl::StrCat("waiting on epoll ", epoll_fd));
  }
  std::vector<int> ready;
  for (int i = 0; i < count; ++i) ready.push_back(events[i].data.fd);
  return ready;
}

absl::Status LibcKernelApi::SetXattr(absl::string_view path,
                                     absl::string_view name,
                                     absl::string_view value) const {
  if (setxattr(std::string(path).c_str(), std::string(name).c_str(),
               value.data(), value.size(), 0) != 0) {
    return ErrnoError(absl::StrCat("setting ", name, " on ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> LibcKernelApi::GetXattr(
    absl::string_view path, absl::string_view name) const {
  const std::string path_str(path);
  const std::string name_str(name);
  char buffer[256];
  ssize_t n =
      getxattr(path_str.c_str(), name_str.c_str(), buffer, sizeof(buffer));
  if (n < 0) {
    if (errno == ENODATA) {
      return absl::NotFoundError(
          absl::StrCat(path, " has no attribute ", name));
    }
    return ErrnoError(absl::StrCat("reading ", name, " of ", path));
  }
  return std::string(buffer, static_cast<size_t>(n));
}

}  // namespace lmctfy
}  // namespace containers
