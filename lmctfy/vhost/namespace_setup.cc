// SPDX-License-Identifier: Apache-2.0
// The in-namespace setup of a virtual host's init; see the header.

#include "lmctfy/vhost/namespace_setup.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr unsigned long kNoSuidDevExec = MS_NOSUID | MS_NODEV | MS_NOEXEC;

// The device nodes of a virtual host's /dev: name, major, minor.
struct DeviceNode {
  const char* name;
  unsigned int major;
  unsigned int minor;
};
constexpr DeviceNode kDeviceNodes[] = {
    {"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
    {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};
constexpr mode_t kDeviceMode = 0666;

// Links every /dev has: name, target.
constexpr const char* kDevLinks[][2] = {
    {"ptmx", "pts/ptmx"},          {"fd", "/proc/self/fd"},
    {"stdin", "/proc/self/fd/0"},  {"stdout", "/proc/self/fd/1"},
    {"stderr", "/proc/self/fd/2"},
};

std::string Below(const std::string& rootfs, absl::string_view path) {
  return absl::StrCat(rootfs, "/", absl::StripPrefix(path, "/"));
}

}  // namespace

NamespaceSetup::NamespaceSetup(const KernelApi& kernel,
                               const ContainerSpec& spec)
    : kernel_(kernel), spec_(spec) {}

absl::Status NamespaceSetup::Apply() const {
  const VirtualHostSpec& vhost = spec_.virtual_host();
  if (vhost.has_network() && vhost.network().virtual_ip().ip_forward()) {
    // /proc/sys/net shows the writer's (new) network namespace.
    RETURN_IF_ERROR(kernel_.WriteFile("/proc/sys/net/ipv4/ip_forward", "1"));
  }
  if (vhost.has_virtual_hostname()) {
    RETURN_IF_ERROR(kernel_.SetHostname(vhost.virtual_hostname()));
  }
  // Nothing mounted from here on may show up in the host's namespace.
  RETURN_IF_ERROR(kernel_.Mount("", "/", "", MS_REC | MS_PRIVATE, ""));

  const std::string rootfs(absl::StripSuffix(spec_.filesystem().rootfs(), "/"));
  if (rootfs.empty()) {
    return kernel_.Mount("proc", "/proc", "proc", kNoSuidDevExec, "");
  }
  return SetUpRootFilesystem(rootfs);
}

absl::Status NamespaceSetup::SetUpRootFilesystem(
    const std::string& rootfs) const {
  // pivot_root needs the new root to be a mount point.
  RETURN_IF_ERROR(kernel_.Mount(rootfs, rootfs, "", MS_BIND | MS_REC, ""));
  RETURN_IF_ERROR(BindExtraMounts(rootfs));

  const std::string proc = Below(rootfs, "proc");
  RETURN_IF_ERROR(EnsureDirectory(proc));
  RETURN_IF_ERROR(kernel_.Mount("proc", proc, "proc", kNoSuidDevExec, ""));

  const std::string sys = Below(rootfs, "sys");
  RETURN_IF_ERROR(EnsureDirectory(sys));
  RETURN_IF_ERROR(
      kernel_.Mount("sysfs", sys, "sysfs", kNoSuidDevExec | MS_RDONLY, ""));

  RETURN_IF_ERROR(MountDev(rootfs));

  const std::string tmp = Below(rootfs, "tmp");
  RETURN_IF_ERROR(EnsureDirectory(tmp));
  RETURN_IF_ERROR(
      kernel_.Mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"));

  // TODO: the machine spec is not written to /run/lmctfy/.machine.spec, so
  // lmctfy run inside a virtual host does not learn its confinement roots.
  return kernel_.PivotRoot(rootfs);
}

absl::Status NamespaceSetup::BindExtraMounts(const std::string& rootfs) const {
  for (const Mounts::Mount& mount : spec_.filesystem().mounts().mount()) {
    const std::string target = Below(rootfs, mount.target());
    RETURN_IF_ERROR(
        kernel_.Mount(mount.source(), target, "", MS_BIND | MS_REC, ""));
    // Bind mounts take nosuid and read-only only on a remount.
    RETURN_IF_ERROR(kernel_.Mount(
        "", target, "",
        MS_BIND | MS_REMOUNT | MS_NOSUID | (mount.read_only() ? MS_RDONLY : 0),
        ""));
    RETURN_IF_ERROR(
        kernel_.Mount("", target, "",
                      MS_REC | (mount.private_() ? MS_PRIVATE : MS_SLAVE), ""));
  }
  return absl::OkStatus();
}

absl::Status NamespaceSetup::MountDev(const std::string& rootfs) const {
  const std::string dev = Below(rootfs, "dev");
  RETURN_IF_ERROR(EnsureDirectory(dev));
  RETURN_IF_ERROR(kernel_.Mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
                                "mode=755,size=64k"));
  for (const DeviceNode& node : kDeviceNodes) {
    const std::string path = absl::StrCat(dev, "/", node.name);
    RETURN_IF_ERROR(kernel_.MkNod(path, S_IFCHR | kDeviceMode,
                                  makedev(node.major, node.minor)));
    // mknod applies the umask.
    RETURN_IF_ERROR(kernel_.Chmod(path, kDeviceMode));
  }
  const std::string pts = absl::StrCat(dev, "/pts");
  RETURN_IF_ERROR(kernel_.MkDir(pts, 0755));
  RETURN_IF_ERROR(kernel_.Mount("devpts", pts, "devpts", MS_NOSUID | MS_NOEXEC,
                                "newinstance,ptmxmode=0666,mode=620,gid=5"));
  for (const auto& link : kDevLinks) {
    RETURN_IF_ERROR(kernel_.Symlink(link[1], absl::StrCat(dev, "/", link[0])));
  }
  return absl::OkStatus();
}

absl::Status NamespaceSetup::EnsureDirectory(const std::string& path) const {
  if (kernel_.IsDirectory(path)) return absl::OkStatus();
  return kernel_.MkDir(path, 0755);
}

}  // namespace lmctfy
}  // namespace containers
