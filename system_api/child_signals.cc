// SPDX-License-Identifier: Apache-2.0
// Signal state for a freshly forked or cloned child, before it execs.

#include "system_api/child_signals.h"

#include <signal.h>

namespace containers {
namespace lmctfy {

void ResetSignalsInChild() {
  struct sigaction action = {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  // Fails harmlessly for SIGKILL, SIGSTOP and the libc-internal signals.
  for (int signal = 1; signal < NSIG; ++signal) {
    sigaction(signal, &action, nullptr);
  }
  sigset_t empty;
  sigemptyset(&empty);
  sigprocmask(SIG_SETMASK, &empty, nullptr);
}

}  // namespace lmctfy
}  // namespace containers
