// SPDX-License-Identifier: Apache-2.0
// lmctfy-vhost-init: the built-in pid 1 of a virtual host. It reaps every
// process that ends in the virtual host (orphans are re-parented to it), and
// on SIGTERM (or SIGINT, SIGHUP) passes SIGTERM on to every other process of
// the pid namespace, waits for them up to a grace period, then exits, which
// makes the kernel kill whatever is left. Linked statically and started by
// file descriptor, so it runs inside any root filesystem. Plain libc only.

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <initializer_list>

namespace {

// How long the processes of the virtual host get to end after SIGTERM.
constexpr int kGraceSeconds = 5;

// Installed (rather than left at SIG_DFL) because the kernel drops signals
// that a namespace's init has not asked for.
void Ignore(int) {}

// Reaps every ended child; false once none are left.
bool ReapAll() {
  while (true) {
    const pid_t pid = waitpid(-1, nullptr, WNOHANG);
    if (pid > 0) continue;
    return !(pid < 0 && errno == ECHILD);
  }
}

// Forwards SIGTERM and waits for the namespace to empty, for a while.
[[noreturn]] void Stop(const sigset_t& handled) {
  kill(-1, SIGTERM);
  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += kGraceSeconds;
  while (ReapAll()) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > deadline.tv_sec ||
        (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec)) {
      break;
    }
    const struct timespec tick = {0, 100 * 1000 * 1000};
    sigtimedwait(&handled, nullptr, &tick);
  }
  _exit(0);
}

}  // namespace

int main() {
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (chdir("/") != 0) return 1;

  sigset_t handled;
  sigemptyset(&handled);
  for (int signal : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) {
    sigaddset(&handled, signal);
    struct sigaction action = {};
    action.sa_handler = Ignore;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, nullptr);
  }
  // Every signal stays blocked: the handled ones are taken by sigwaitinfo,
  // the others (bar SIGKILL and SIGSTOP) have no business with an init.
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);

  while (true) {
    siginfo_t info;
    const int signal = sigwaitinfo(&handled, &info);
    if (signal == SIGCHLD) {
      ReapAll();
    } else if (signal > 0) {
      Stop(handled);
    }
  }
}
