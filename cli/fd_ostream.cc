// SPDX-License-Identifier: Apache-2.0
// Output to a duplicated file descriptor.

#include "cli/fd_ostream.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <climits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace containers {
namespace lmctfy {
namespace cli {

FdStreamBuf::FdStreamBuf(int fd) : fd_(fd) {
  setp(buffer_, buffer_ + sizeof(buffer_));
}

FdStreamBuf::~FdStreamBuf() {
  Flush();
  close(fd_);
}

FdStreamBuf::int_type FdStreamBuf::overflow(int_type c) {
  if (!Flush()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) {
    return traits_type::not_eof(c);
  }
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize FdStreamBuf::xsputn(const char* data, std::streamsize size) {
  if (size <= epptr() - pptr()) {
    traits_type::copy(pptr(), data, static_cast<size_t>(size));
    pbump(static_cast<int>(size));
    return size;
  }
  // Large writes skip the buffer.
  if (!Flush() || !WriteAll(data, static_cast<size_t>(size))) return 0;
  return size;
}

int FdStreamBuf::sync() { return Flush() ? 0 : -1; }

bool FdStreamBuf::Flush() {
  const size_t pending = static_cast<size_t>(pptr() - pbase());
  const bool written = WriteAll(pbase(), pending);
  setp(buffer_, buffer_ + sizeof(buffer_));
  return written;
}

bool FdStreamBuf::WriteAll(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t done = write(fd_, data, size);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    data += done;
    size -= static_cast<size_t>(done);
  }
  return true;
}

absl::StatusOr<std::unique_ptr<FdOstream>> FdOstream::Open(int64_t fd) {
  if (fd < 0 || fd > INT_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat("output fd ", fd, " is not a file descriptor"));
  }
  const int copy = fcntl(static_cast<int>(fd), F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    return absl::ErrnoToStatus(errno,
                               absl::StrCat("cannot use output fd ", fd));
  }
  return std::unique_ptr<FdOstream>(new FdOstream(copy));
}

FdOstream::FdOstream(int owned_fd) : std::ostream(nullptr), buffer_(owned_fd) {
  rdbuf(&buffer_);
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
