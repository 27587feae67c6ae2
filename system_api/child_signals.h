// SPDX-License-Identifier: Apache-2.0
// Signal state for a freshly forked or cloned child, before it execs.

#ifndef LMCTFY_SYSTEM_API_CHILD_SIGNALS_H_
#define LMCTFY_SYSTEM_API_CHILD_SIGNALS_H_

namespace containers {
namespace lmctfy {

// Sets every signal back to its default action and empties the signal mask,
// so a program lmctfy starts inherits no ignored or blocked signal of the
// caller's. Async-signal-safe (only sigaction and sigprocmask).
void ResetSignalsInChild();

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_SYSTEM_API_CHILD_SIGNALS_H_
