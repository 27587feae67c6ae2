// SPDX-License-Identifier: Apache-2.0
// Children in new namespaces for LibcKernelApi (CloneStopped, ReleaseChild,
// AbortChild) and waiting for or ending processes.
//
// CloneStopped forks a helper, which clones the real child with
// CLONE_PARENT | CLONE_NEW*: the child is then pid 1 of its new pid namespace
// and still our own child, and the clone happens in a single-threaded process,
// where the child may safely allocate while it sets itself up.

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "system_api/child_signals.h"
#include "system_api/libc_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

// The environment of a virtual host's init.
constexpr char kInitPath[] =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// What the helper and the child write to the report pipe.
enum RecordKind : int {
  kChildPid = 1,  // value: the child's pid (from the helper)
  kReady,         // the child joined its cgroups and waits for release
  kFailure,       // value: an absl::StatusCode; a message follows
};

struct RecordHeader {
  int kind;
  int value;
  int message_length;
};

void WriteAll(int fd, const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
}

void WriteRecord(int fd, RecordKind kind, int value,
                 absl::string_view message = "") {
  const RecordHeader header = {kind, value, static_cast<int>(message.size())};
  WriteAll(fd, &header, sizeof(header));
  WriteAll(fd, message.data(), message.size());
}

[[noreturn]] void FailChild(int report_fd, const absl::Status& status) {
  WriteRecord(report_fd, kFailure, static_cast<int>(status.code()),
              status.message());
  _exit(127);
}

// Reads exactly `size` bytes; false on EOF or error.
bool ReadAll(int fd, void* data, size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = read(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// The next record; NOT_FOUND at a clean end of the pipe.
absl::StatusOr<RecordHeader> ReadRecord(int fd, std::string* message) {
  RecordHeader header;
  const ssize_t first = read(fd, &header, 1);
  if (first == 0) return absl::NotFoundError("end of report");
  if (first < 0) {
    if (errno == EINTR) return ReadRecord(fd, message);
    return absl::ErrnoToStatus(errno, "reading a child's report");
  }
  if (!ReadAll(fd, reinterpret_cast<char*>(&header) + 1, sizeof(header) - 1) ||
      header.message_length < 0 || header.message_length > (1 << 20)) {
    return absl::InternalError("a child's report is truncated");
  }
  message->resize(static_cast<size_t>(header.message_length));
  if (!ReadAll(fd, message->data(), message->size())) {
    return absl::InternalError("a child's report is truncated");
  }
  return header;
}

void Reap(pid_t pid) {
  while (waitpid(pid, nullptr, 0) == -1 && errno == EINTR) {
  }
}

void JoinTasks(const CloneRequest& request, int report_fd) {
  for (const std::string& file : request.tasks_files) {
    const int fd = open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1) {
      FailChild(report_fd,
                absl::ErrnoToStatus(errno, absl::StrCat("joining ", file)));
    }
    close(fd);
  }
}

// Stdio on /dev/null, a new session, and no fds but `keep` (sorted) left.
void Detach(int null_fd, std::vector<int> keep, int report_fd) {
  if (setsid() < 0) {
    FailChild(report_fd, absl::ErrnoToStatus(errno, "starting a new session"));
  }
  for (int target = STDIN_FILENO; target <= STDERR_FILENO; ++target) {
    if (dup2(null_fd, target) < 0) {
      FailChild(report_fd,
                absl::ErrnoToStatus(errno, "redirecting stdio to /dev/null"));
    }
  }
  std::sort(keep.begin(), keep.end());
  unsigned int next = STDERR_FILENO + 1;
  for (int fd : keep) {
    if (fd < static_cast<int>(next)) continue;
    if (static_cast<unsigned int>(fd) > next) {
      syscall(SYS_close_range, next, static_cast<unsigned int>(fd) - 1, 0U);
    }
    next = static_cast<unsigned int>(fd) + 1;
  }
  syscall(SYS_close_range, next, ~0U, 0U);
}

[[noreturn]] void Exec(const CloneRequest& request, int report_fd) {
  clearenv();
  setenv("PATH", kInitPath, 1);
  setenv("HOME", "/", 1);
  std::vector<std::string> args = request.argv;
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ResetSignalsInChild();
  if (request.program_fd >= 0) {
    execveat(request.program_fd, "", argv.data(), environ, AT_EMPTY_PATH);
  } else {
    execvp(argv[0], argv.data());
  }
  FailChild(report_fd,
            absl::ErrnoToStatus(
                errno, absl::StrCat("executing \"", request.argv[0], "\"")));
}

// The child: pid 1 of its namespaces, waiting for the release byte.
[[noreturn]] void RunChild(const CloneRequest& request, int null_fd,
                           int release_fd, int report_fd) {
  JoinTasks(request, report_fd);
  Detach(null_fd, {release_fd, report_fd, request.program_fd}, report_fd);
  WriteRecord(report_fd, kReady, 0);
  char go = 0;
  ssize_t n;
  do {
    n = read(release_fd, &go, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) _exit(126);  // Aborted, or the parent went away.
  close(release_fd);
  if (request.setup) {
    const absl::Status status = request.setup();
    if (!status.ok()) FailChild(report_fd, status);
  }
  Exec(request, report_fd);
}

// The helper between us and the child: clones it and reports its pid.
[[noreturn]] void RunHelper(const CloneRequest& request, int null_fd,
                            int release_fd, int report_fd) {
  const long pid = syscall(SYS_clone,
                           static_cast<unsigned long>(request.namespace_flags) |
                               CLONE_PARENT | SIGCHLD,
                           nullptr, nullptr, nullptr, nullptr);
  if (pid == 0) RunChild(request, null_fd, release_fd, report_fd);
  if (pid < 0) {
    FailChild(report_fd,
              absl::ErrnoToStatus(errno, "cloning into new namespaces"));
  }
  WriteRecord(report_fd, kChildPid, static_cast<int>(pid));
  _exit(0);
}

absl::Status ChildFailure(const RecordHeader& header,
                          const std::string& message) {
  return absl::Status(static_cast<absl::StatusCode>(header.value), message);
}

void CloseHandle(const StoppedChild& child) {
  if (child.release_fd >= 0) close(child.release_fd);
  if (child.report_fd >= 0) close(child.report_fd);
}

}  // namespace

absl::StatusOr<StoppedChild> LibcKernelApi::CloneStopped(
    const CloneRequest& request) const {
  if (request.argv.empty()) {
    return absl::InvalidArgumentError("starting an init: empty command line");
  }
  VLOG(1) << "cloning " << request.argv[0] << " with namespace flags 0x"
          << std::hex << request.namespace_flags;
  int release[2];
  int report[2];
  if (pipe2(release, O_CLOEXEC) != 0) {
    return absl::ErrnoToStatus(errno, "creating a pipe for an init");
  }
  if (pipe2(report, O_CLOEXEC) != 0) {
    const int error = errno;
    close(release[0]);
    close(release[1]);
    return absl::ErrnoToStatus(error, "creating a pipe for an init");
  }
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) {
    const int error = errno;
    for (int fd : {release[0], release[1], report[0], report[1]}) close(fd);
    return absl::ErrnoToStatus(error, "opening /dev/null for an init");
  }

  sigset_t all_signals;
  sigset_t old_signals;
  sigfillset(&all_signals);
  pthread_sigmask(SIG_SETMASK, &all_signals, &old_signals);
  const pid_t helper = fork();
  if (helper == 0) {
    close(release[1]);
    close(report[0]);
    RunHelper(request, null_fd, release[0], report[1]);
  }
  const int fork_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old_signals, nullptr);
  for (int fd : {release[0], report[1], null_fd}) close(fd);
  StoppedChild child;
  child.release_fd = release[1];
  child.report_fd = report[0];
  if (helper < 0) {
    CloseHandle(child);
    return absl::ErrnoToStatus(fork_errno, "forking to start an init");
  }

  // The helper reports the child's pid (or its clone error) and the child
  // reports that it joined its cgroups; the two race, so either may come
  // first.
  std::string message;
  absl::StatusOr<RecordHeader> record;
  bool ready = false;
  while (child.pid <= 0 || !ready) {
    record = ReadRecord(child.report_fd, &message);
    if (!record.ok() || record->kind == kFailure) break;
    if (record->kind == kChildPid) child.pid = record->value;
    if (record->kind == kReady) ready = true;
  }
  Reap(helper);
  if (child.pid > 0 && ready) return child;

  if (child.pid > 0) {
    kill(child.pid, SIGKILL);
    Reap(child.pid);
  }
  CloseHandle(child);
  if (record.ok() && record->kind == kFailure) {
    return ChildFailure(*record, message);
  }
  if (absl::IsNotFound(record.status())) {
    return absl::InternalError("an init ended before it was ready");
  }
  return record.ok() ? absl::InternalError(absl::StrCat(
                           "unexpected report ", record->kind, " from an init"))
                     : record.status();
}

absl::Status LibcKernelApi::ReleaseChild(const StoppedChild& child) const {
  VLOG(1) << "releasing pid " << child.pid;
  const char go = 1;
  WriteAll(child.release_fd, &go, 1);
  close(child.release_fd);

  std::string message;
  absl::StatusOr<RecordHeader> record = ReadRecord(child.report_fd, &message);
  close(child.report_fd);
  // The report pipe closes at a successful exec.
  if (absl::IsNotFound(record.status())) return absl::OkStatus();
  kill(child.pid, SIGKILL);
  Reap(child.pid);
  if (record.ok() && record->kind == kFailure) {
    return ChildFailure(*record, message);
  }
  return record.ok() ? absl::InternalError(absl::StrCat(
                           "unexpected report ", record->kind, " from an init"))
                     : record.status();
}

void LibcKernelApi::AbortChild(const StoppedChild& child) const {
  VLOG(1) << "aborting pid " << child.pid;
  kill(child.pid, SIGKILL);
  Reap(child.pid);
  CloseHandle(child);
}

absl::StatusOr<int> LibcKernelApi::WaitForExit(pid_t pid) const {
  int status = 0;
  pid_t waited;
  do {
    waited = waitpid(pid, &status, 0);
  } while (waited == -1 && errno == EINTR);
  if (waited < 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("waiting for pid ", pid));
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

void LibcKernelApi::ExitProcess(int status) const { _exit(status); }

}  // namespace lmctfy
}  // namespace containers
