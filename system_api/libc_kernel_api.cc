// SPDX-License-Identifier: Apache-2.0
// File, directory, mount and signal operations of LibcKernelApi. Spawn and
// Exec live in libc_spawn.cc.

#include "system_api/libc_kernel_api.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr size_t kReadChunkBytes = 64 * 1024;

// Runs a system call until it stops failing with EINTR.
template <typename Fn>
auto RetryOnEintr(Fn fn) -> decltype(fn()) {
  decltype(fn()) result;
  do {
    result = fn();
  } while (result == -1 && errno == EINTR);
  return result;
}

absl::Status ErrnoError(absl::string_view message) {
  return absl::ErrnoToStatus(errno, message);
}

}  // namespace

absl::StatusOr<std::string> LibcKernelApi::ReadFile(
    absl::string_view path) const {
  VLOG(2) << "reading " << path;
  const std::string message = absl::StrCat("reading ", path);
  const std::string path_str(path);
  const int fd = RetryOnEintr(
      [&] { return open(path_str.c_str(), O_RDONLY | O_CLOEXEC); });
  if (fd < 0) return ErrnoError(message);
  absl::Cleanup closer = [fd] { close(fd); };

  std::string contents;
  char buffer[kReadChunkBytes];
  while (true) {
    const ssize_t n =
        RetryOnEintr([&] { return read(fd, buffer, sizeof(buffer)); });
    if (n < 0) return ErrnoError(message);
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  return contents;
}

absl::Status LibcKernelApi::WriteFile(absl::string_view path,
                                      absl::string_view contents) const {
  VLOG(1) << "writing \"" << absl::CHexEscape(contents) << "\" to " << path;
  const std::string message =
      absl::StrCat("writing \"", absl::CHexEscape(contents), "\" to ", path);
  const std::string path_str(path);
  const int fd = RetryOnEintr(
      [&] { return open(path_str.c_str(), O_WRONLY | O_CLOEXEC); });
  if (fd < 0) return ErrnoError(message);
  absl::Cleanup closer = [fd] { close(fd); };

  // cgroup files take one value per write(2), so the value is never split.
  const ssize_t n =
      RetryOnEintr([&] { return write(fd, contents.data(), contents.size()); });
  if (n < 0) return ErrnoError(message);
  if (static_cast<size_t>(n) != contents.size()) {
    return absl::InternalError(absl::StrCat(message, ": short write of ", n,
                                            " of ", contents.size(), " bytes"));
  }
  return absl::OkStatus();
}

bool LibcKernelApi::PathExists(absl::string_view path) const {
  struct stat st;
  return stat(std::string(path).c_str(), &st) == 0;
}

bool LibcKernelApi::IsDirectory(absl::string_view path) const {
  struct stat st;
  return stat(std::string(path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

absl::StatusOr<uint64_t> LibcKernelApi::DirectoryLinkCount(
    absl::string_view path) const {
  const std::string path_str(path);
  struct stat st;
  if (stat(path_str.c_str(), &st) != 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("stat ", path_str));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path_str, " is not a directory"));
  }
  return static_cast<uint64_t>(st.st_nlink);
}

absl::StatusOr<std::vector<std::string>> LibcKernelApi::ListSubdirectories(
    absl::string_view path) const {
  VLOG(2) << "listing " << path;
  const std::string path_str(path);
  // opendir opens with O_CLOEXEC itself; fdopendir on an fd of our own would
  // cost an fstat and two fcntl calls per directory.
  DIR* dir = nullptr;
  do {
    dir = opendir(path_str.c_str());
  } while (dir == nullptr && errno == EINTR);
  if (dir == nullptr) {
    const int saved_errno = errno;
    return absl::ErrnoToStatus(saved_errno,
                               absl::StrCat("listing directory ", path));
  }
  absl::Cleanup closer = [dir] { closedir(dir); };

  std::vector<std::string> names;
  while (true) {
    errno = 0;
    const struct dirent* entry = readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) {
        const int saved_errno = errno;
        return absl::ErrnoToStatus(saved_errno,
                                   absl::StrCat("listing directory ", path));
      }
      break;
    }
    const absl::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;

    bool is_dir = entry->d_type == DT_DIR;
    if (entry->d_type == DT_UNKNOWN) {
      // Some filesystems do not fill d_type; an entry that vanished since
      // readdir is simply not listed.
      struct stat st;
      is_dir =
          fstatat(dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISDIR(st.st_mode);
    }
    if (is_dir) names.emplace_back(name);
  }
  return names;
}

absl::Status LibcKernelApi::MkDir(absl::string_view path, mode_t mode) const {
  VLOG(1) << "creating directory " << path;
  const std::string path_str(path);
  if (RetryOnEintr([&] { return mkdir(path_str.c_str(), mode); }) != 0) {
    return ErrnoError(absl::StrCat("creating directory ", path));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::RmDir(absl::string_view path) const {
  VLOG(1) << "removing directory " << path;
  const std::string path_str(path);
  if (RetryOnEintr([&] { return rmdir(path_str.c_str()); }) != 0) {
    return ErrnoError(absl::StrCat("removing directory ", path));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Rename(absl::string_view from,
                                   absl::string_view to) const {
  VLOG(1) << "renaming " << from << " to " << to;
  const std::string from_str(from);
  const std::string to_str(to);
  // Plain rename(2): cgroupfs refuses renameat2 flags such as
  // RENAME_NOREPLACE, and refuses an existing target by itself.
  if (RetryOnEintr([&] { return rename(from_str.c_str(), to_str.c_str()); }) !=
      0) {
    return ErrnoError(absl::StrCat("renaming ", from, " to ", to));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Chown(absl::string_view path, int64_t uid,
                                  int64_t gid) const {
  VLOG(1) << "changing owner of " << path << " to " << uid << ":" << gid;
  const std::string path_str(path);
  const uid_t kernel_uid =
      uid < 0 ? static_cast<uid_t>(-1) : static_cast<uid_t>(uid);
  const gid_t kernel_gid =
      gid < 0 ? static_cast<gid_t>(-1) : static_cast<gid_t>(gid);
  if (RetryOnEintr([&] {
        return chown(path_str.c_str(), kernel_uid, kernel_gid);
      }) != 0) {
    return ErrnoError(
        absl::StrCat("changing owner of ", path, " to ", uid, ":", gid));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Mount(absl::string_view source,
                                  absl::string_view target,
                                  absl::string_view fstype, unsigned long flags,
                                  absl::string_view data) const {
  VLOG(1) << "mounting " << fstype << " " << source << " on " << target
          << " with \"" << data << "\"";
  const std::string source_str(source);
  const std::string target_str(target);
  const std::string fstype_str(fstype);
  const std::string data_str(data);
  if (mount(source_str.c_str(), target_str.c_str(), fstype_str.c_str(), flags,
            data_str.empty() ? nullptr : data_str.c_str()) != 0) {
    return ErrnoError(absl::StrCat("mounting ", fstype, " ", source, " on ",
                                   target, " with \"", data, "\""));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Kill(pid_t pid, int signal) const {
  VLOG(1) << "sending signal " << signal << " to pid " << pid;
  if (kill(pid, signal) != 0) {
    return ErrnoError(absl::StrCat("sending signal ", signal, " to pid ", pid));
  }
  return absl::OkStatus();
}

void LibcKernelApi::SleepFor(absl::Duration duration) const {
  absl::SleepFor(duration);
}

}  // namespace lmctfy
}  // namespace containers
