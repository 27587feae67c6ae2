// SPDX-License-Identifier: Apache-2.0
// An std::ostream that writes to a file descriptor, for --lmctfy_output_fd.

#ifndef LMCTFY_CLI_FD_OSTREAM_H_
#define LMCTFY_CLI_FD_OSTREAM_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <streambuf>

#include "absl/status/statusor.h"

namespace containers {
namespace lmctfy {
namespace cli {

// Buffers output and writes it in full to a descriptor it owns. Not
// thread-safe.
class FdStreamBuf : public std::streambuf {
 public:
  // Takes ownership of `fd`.
  explicit FdStreamBuf(int fd);
  ~FdStreamBuf() override;
  FdStreamBuf(const FdStreamBuf&) = delete;
  FdStreamBuf& operator=(const FdStreamBuf&) = delete;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* data, std::streamsize size) override;
  int sync() override;

 private:
  // Writes the buffered bytes; false when the descriptor refused them.
  bool Flush();
  bool WriteAll(const char* data, size_t size);

  int fd_;
  char buffer_[4096];
};

// An output stream on a duplicate of `fd`; the caller keeps `fd`. Fails with
// the errno-derived code when `fd` is not an open descriptor.
class FdOstream : public std::ostream {
 public:
  static absl::StatusOr<std::unique_ptr<FdOstream>> Open(int64_t fd);

 private:
  explicit FdOstream(int owned_fd);

  FdStreamBuf buffer_;
};

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_FD_OSTREAM_H_
