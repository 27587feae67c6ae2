// SPDX-License-Identifier: Apache-2.0
// The single door between lmctfy and the kernel. Every file, directory,
// mount, signal and process operation of the library goes through it, so
// unit tests can replace the kernel with a mock.

#ifndef LMCTFY_SYSTEM_API_KERNEL_API_H_
#define LMCTFY_SYSTEM_API_KERNEL_API_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace containers {
namespace lmctfy {

// What a new process needs before it execs: the tasks files it joins and how
// its file descriptors are set up.
struct SpawnRequest {
  // Program and arguments; argv[0] is looked up in PATH when it has no '/'.
  std::vector<std::string> argv;
  // `tasks` files the child writes "0" to, in order, before it execs.
  std::vector<std::string> tasks_files;
  // New session, stdio on /dev/null and every other fd closed.
  bool detached = false;
  // Namespace files (e.g. /proc/<pid>/ns/mnt) the child joins with setns(2),
  // in order, after the tasks files; a user namespace comes first, and after
  // joining one the child becomes its uid and gid 0, without supplementary
  // groups. The program then runs in a grandchild made with CLONE_PARENT, so
  // that it really is in the pid namespace and still the caller's child;
  // Spawn returns the grandchild's pid.
  std::vector<std::string> namespace_files = {};
};

// A process started in new namespaces by KernelApi::CloneStopped: it waits
// until ReleaseChild (or AbortChild) is called.
struct CloneRequest {
  // CLONE_NEW* flags of the namespaces to create.
  int namespace_flags = 0;
  // `tasks` files the child writes "0" to before anything else.
  std::vector<std::string> tasks_files;
  // Runs in the child once released, before the exec; an error stops the
  // child and is returned by ReleaseChild.
  std::function<absl::Status()> setup;
  // The program: argv[0] is looked up in the child's PATH after `setup`,
  // unless `program_fd` (opened before, e.g. outside a new root) is >= 0,
  // in which case that file is executed.
  std::vector<std::string> argv;
  int program_fd = -1;
};

// The handle of a stopped child from KernelApi::CloneStopped.
struct StoppedChild {
  pid_t pid = -1;
  // Our ends of the release and report pipes.
  int release_fd = -1;
  int report_fd = -1;
};

// Kernel operations used by lmctfy. Errors carry the errno-derived code
// (absl::ErrnoToStatus) and name the path or object involved.
// Implementations must be thread-safe.
class KernelApi {
 public:
  virtual ~KernelApi() = default;

  // Reads the whole file.
  virtual absl::StatusOr<std::string> ReadFile(
      absl::string_view path) const = 0;
  // Writes `contents` to an existing file with one write(2).
  virtual absl::Status WriteFile(absl::string_view path,
                                 absl::string_view contents) const = 0;
  // True if `path` exists (any type).
  virtual bool PathExists(absl::string_view path) const = 0;
  // True if `path` exists and is a directory.
  virtual bool IsDirectory(absl::string_view path) const = 0;
  // st_nlink of directory `path`: 2 + its subdirectories on cgroupfs (and
  // tmpfs), so 2 means it has none. NOT_FOUND when it does not exist.
  virtual absl::StatusOr<uint64_t> DirectoryLinkCount(
      absl::string_view path) const = 0;
  // Names of the subdirectories of `path`, in directory order.
  virtual absl::StatusOr<std::vector<std::string>> ListSubdirectories(
      absl::string_view path) const = 0;
  // mkdir(2) with `mode`.
  virtual absl::Status MkDir(absl::string_view path, mode_t mode) const = 0;
  // rmdir(2).
  virtual absl::Status RmDir(absl::string_view path) const = 0;
  // rename(2) of `from` to `to`. cgroup v1 renames a cgroup directory within
  // its parent in one step and fails ALREADY_EXISTS when `to` exists.
  virtual absl::Status Rename(absl::string_view from,
                              absl::string_view to) const = 0;
  // chown(2); -1 leaves that id unchanged.
  virtual absl::Status Chown(absl::string_view path, int64_t uid,
                             int64_t gid) const = 0;
  // mount(2).
  virtual absl::Status Mount(absl::string_view source, absl::string_view target,
                             absl::string_view fstype, unsigned long flags,
                             absl::string_view data) const = 0;
  // umount2(2).
  virtual absl::Status Unmount(absl::string_view target, int flags) const = 0;
  // Makes directory `new_root` (a mount point) the root of the calling
  // process's mount namespace and detaches the old root below it.
  virtual absl::Status PivotRoot(absl::string_view new_root) const = 0;
  // sethostname(2) in the calling process's uts namespace.
  virtual absl::Status SetHostname(absl::string_view name) const = 0;
  // Drops the calling process's supplementary groups, then sets its real,
  // effective and saved gid and uid (setgroups, setresgid, setresuid).
  virtual absl::Status SetIdentity(uid_t uid, gid_t gid) const = 0;
  // chmod(2).
  virtual absl::Status Chmod(absl::string_view path, mode_t mode) const = 0;
  // mknod(2).
  virtual absl::Status MkNod(absl::string_view path, mode_t mode,
                             dev_t device) const = 0;
  // symlink(2): makes `path` point to `target`.
  virtual absl::Status Symlink(absl::string_view target,
                               absl::string_view path) const = 0;
  // readlink(2).
  virtual absl::StatusOr<std::string> ReadLink(
      absl::string_view path) const = 0;
  // kill(2).
  virtual absl::Status Kill(pid_t pid, int signal) const = 0;
  // Forks a child that joins `request.tasks_files` and execs `request.argv`.
  // Returns the child's pid once the exec succeeded; a failure before or at
  // exec is returned as an error and the child is reaped.
  virtual absl::StatusOr<pid_t> Spawn(const SpawnRequest& request) const = 0;
  // Replaces the calling process with `argv` (PATH lookup), with every signal
  // unblocked and at its default action. Returns only on failure, with the
  // signals left so.
  virtual absl::Status Exec(const std::vector<std::string>& argv) const = 0;
  // Starts a child in new namespaces (CloneRequest) that joins its tasks
  // files, then waits to be released; its stdio is /dev/null, it leads a
  // new session and holds no other fd of ours.
  virtual absl::StatusOr<StoppedChild> CloneStopped(
      const CloneRequest& request) const = 0;
  // Lets the child run its setup and exec; returns once it exec'd, or its
  // failure (the child is then reaped). Closes the handle's fds either way.
  virtual absl::Status ReleaseChild(const StoppedChild& child) const = 0;
  // SIGKILLs and reaps a child that was not released, closing its fds.
  virtual void AbortChild(const StoppedChild& child) const = 0;
  // Waits for a child to end: its exit status, or 128 + the signal number.
  virtual absl::StatusOr<int> WaitForExit(pid_t pid) const = 0;
  // Ends the calling process with `status` at once (_exit).
  virtual void ExitProcess(int status) const = 0;
  // Sleeps the calling thread.
  virtual void SleepFor(absl::Duration duration) const = 0;

  // open(2); O_CLOEXEC is always added. Returns the new fd.
  virtual absl::StatusOr<int> Open(absl::string_view path, int flags) const = 0;
  // close(2).
  virtual absl::Status Close(int fd) const = 0;
  // flock(2) with LOCK_SH or LOCK_EX (optionally | LOCK_NB); blocks
  // otherwise.
  virtual absl::Status Flock(int fd, int operation) const = 0;
  // A non-blocking, close-on-exec eventfd(2) starting at 0.
  virtual absl::StatusOr<int> EventFd() const = 0;
  // Adds `value` to an eventfd's counter.
  virtual absl::Status SignalEventFd(int fd, uint64_t value) const = 0;
  // Reads and resets an eventfd's counter; 0 when it was not signalled.
  virtual absl::StatusOr<uint64_t> DrainEventFd(int fd) const = 0;
  // A close-on-exec epoll(7) instance.
  virtual absl::StatusOr<int> EpollCreate() const = 0;
  // Adds `fd` to `epoll_fd`, watched for readability (and hang-up).
  virtual absl::Status EpollAdd(int epoll_fd, int fd) const = 0;
  // Removes `fd` from `epoll_fd`.
  virtual absl::Status EpollRemove(int epoll_fd, int fd) const = 0;
  // Waits up to `timeout` until some fds of `epoll_fd` are ready and returns
  // those; none when interrupted by a signal.
  virtual absl::StatusOr<std::vector<int>> EpollWait(
      int epoll_fd, absl::Duration timeout) const = 0;
  // setxattr(2) of `name` on `path`.
  virtual absl::Status SetXattr(absl::string_view path, absl::string_view name,
                                absl::string_view value) const = 0;
  // getxattr(2); NOT_FOUND when the attribute is absent.
  virtual absl::StatusOr<std::string> GetXattr(
      absl::string_view path, absl::string_view name) const = 0;
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_SYSTEM_API_KERNEL_API_H_
