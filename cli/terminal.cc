// SPDX-License-Identifier: Apache-2.0
// Raw key input from a terminal and interruptible waits.

#include "cli/terminal.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

volatile sig_atomic_t g_interrupted = 0;

void MarkInterrupted(int) { g_interrupted = 1; }

int TimeoutMillis(absl::Duration timeout) {
  const int64_t ms = absl::ToInt64Milliseconds(timeout);
  if (ms < 0) return 0;
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

}  // namespace

KeyReader::KeyReader(int fd) : fd_(fd) {
  g_interrupted = 0;
  // No SA_RESTART: a signal must end the poll below.
  struct sigaction action {};
  action.sa_handler = MarkInterrupted;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &saved_int_);
  sigaction(SIGTERM, &action, &saved_term_);

  if (isatty(fd_) && tcgetattr(fd_, &saved_) == 0) {
    struct termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    terminal_ = tcsetattr(fd_, TCSANOW, &raw) == 0;
  }
}

KeyReader::~KeyReader() {
  if (terminal_) tcsetattr(fd_, TCSANOW, &saved_);
  sigaction(SIGINT, &saved_int_, nullptr);
  sigaction(SIGTERM, &saved_term_, nullptr);
}

std::optional<char> KeyReader::WaitForKey(absl::Duration timeout) {
  if (g_interrupted) return std::nullopt;
  struct pollfd poll_fd = {fd_, POLLIN, 0};
  const int ready = poll(terminal_ ? &poll_fd : nullptr, terminal_ ? 1 : 0,
                         TimeoutMillis(timeout));
  if (ready <= 0 || !(poll_fd.revents & POLLIN)) return std::nullopt;
  char key = 0;
  if (read(fd_, &key, 1) != 1) return std::nullopt;
  return key;
}

bool KeyReader::interrupted() const { return g_interrupted != 0; }

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
