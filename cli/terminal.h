// SPDX-License-Identifier: Apache-2.0
// Keyboard input for `lmctfy top`: single key presses from a terminal, with
// the terminal put back as it was afterwards, and Ctrl-C or SIGTERM ending
// the wait instead of the process.

#ifndef LMCTFY_CLI_TERMINAL_H_
#define LMCTFY_CLI_TERMINAL_H_

#include <signal.h>
#include <termios.h>

#include <optional>

#include "absl/time/time.h"

namespace containers {
namespace lmctfy {
namespace cli {

// While it lives, `fd` (when it is a terminal) delivers keys one at a time
// without echo, and SIGINT/SIGTERM only mark the reader as interrupted.
// Not thread-safe; at most one may exist at a time.
class KeyReader {
 public:
  explicit KeyReader(int fd);
  ~KeyReader();
  KeyReader(const KeyReader&) = delete;
  KeyReader& operator=(const KeyReader&) = delete;

  // Waits up to `timeout` for a key. Without a terminal it only waits.
  // Returns early, with nothing, when interrupted.
  std::optional<char> WaitForKey(absl::Duration timeout);
  // Whether SIGINT or SIGTERM arrived.
  bool interrupted() const;

 private:
  int fd_;
  bool terminal_ = false;
  struct termios saved_ {};
  struct sigaction saved_int_ {};
  struct sigaction saved_term_ {};
};

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_CLI_TERMINAL_H_
