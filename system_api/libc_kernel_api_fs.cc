// SPDX-License-Identifier: Apache-2.0
// Mount-namespace and naming calls of LibcKernelApi used to set up a virtual
// host: unmount, pivot_root, sethostname, the init's ids, mknod, symlink and
// readlink.

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "system_api/libc_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

absl::Status ErrnoError(absl::string_view message) {
  return absl::ErrnoToStatus(errno, message);
}

}  // namespace

absl::Status LibcKernelApi::Unmount(absl::string_view target, int flags) const {
  VLOG(1) << "unmounting " << target;
  const std::string target_str(target);
  if (umount2(target_str.c_str(), flags) != 0) {
    return ErrnoError(absl::StrCat("unmounting ", target));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::PivotRoot(absl::string_view new_root) const {
  VLOG(1) << "pivoting the root to " << new_root;
  const std::string root(new_root);
  if (chdir(root.c_str()) != 0) {
    return ErrnoError(absl::StrCat("changing directory to ", new_root));
  }
  // With both arguments ".", the old root ends up stacked under the new one
  // and can be detached without a directory to park it in.
  if (syscall(SYS_pivot_root, ".", ".") != 0) {
    return ErrnoError(absl::StrCat("pivot_root into ", new_root));
  }
  if (umount2(".", MNT_DETACH) != 0) {
    return ErrnoError(absl::StrCat("detaching the old root under ", new_root));
  }
  if (chdir("/") != 0) return ErrnoError("changing directory to the new /");
  return absl::OkStatus();
}

absl::Status LibcKernelApi::SetHostname(absl::string_view name) const {
  VLOG(1) << "setting the hostname to " << name;
  if (sethostname(name.data(), name.size()) != 0) {
    return ErrnoError(absl::StrCat("setting the hostname to \"", name, "\""));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::SetIdentity(uid_t uid, gid_t gid) const {
  VLOG(1) << "becoming uid " << uid << ", gid " << gid;
  if (setgroups(0, nullptr) != 0) {
    return ErrnoError("dropping the supplementary groups");
  }
  if (setresgid(gid, gid, gid) != 0) {
    return ErrnoError(absl::StrCat("setting the group ids to ", gid));
  }
  if (setresuid(uid, uid, uid) != 0) {
    return ErrnoError(absl::StrCat("setting the user ids to ", uid));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Chmod(absl::string_view path, mode_t mode) const {
  VLOG(1) << "changing mode of " << path << " to " << std::oct << mode;
  const std::string path_str(path);
  if (chmod(path_str.c_str(), mode) != 0) {
    return ErrnoError(absl::StrCat("changing mode of ", path));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::MkNod(absl::string_view path, mode_t mode,
                                  dev_t device) const {
  VLOG(1) << "creating node " << path;
  const std::string path_str(path);
  if (mknod(path_str.c_str(), mode, device) != 0) {
    return ErrnoError(absl::StrCat("creating device node ", path, " (",
                                   major(device), ":", minor(device), ")"));
  }
  return absl::OkStatus();
}

absl::Status LibcKernelApi::Symlink(absl::string_view target,
                                    absl::string_view path) const {
  VLOG(1) << "linking " << path << " to " << target;
  const std::string target_str(target);
  const std::string path_str(path);
  if (symlink(target_str.c_str(), path_str.c_str()) != 0) {
    return ErrnoError(absl::StrCat("linking ", path, " to ", target));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> LibcKernelApi::ReadLink(
    absl::string_view path) const {
  VLOG(2) << "reading link " << path;
  const std::string path_str(path);
  char buffer[PATH_MAX];
  const ssize_t n = readlink(path_str.c_str(), buffer, sizeof(buffer));
  if (n < 0) return ErrnoError(absl::StrCat("reading link ", path));
  return std::string(buffer, static_cast<size_t>(n));
}

}  // namespace lmctfy
}  // namespace containers
