// SPDX-License-Identifier: Apache-2.0
// The in-namespace setup of a virtual host's init; see the header.

#include "lmctfy/vhost/namespace_setup.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

#include "lmctfy/vhost/user_namespace.h"
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
// The group of terminals, as devpts hands them out.
constexpr gid_t kTtyGroup = 5;

// Where the root filesystem gets fresh mounts.
constexpr const char* kMountPoints[] = {"proc", "sys", "dev", "tmp"};

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

absl::Status NamespaceSetup::MakeMountPoints() const {
  const std::string rootfs(absl::StripSuffix(spec_.filesystem().rootfs(), "/"));
  if (rootfs.empty()) return absl::OkStatus();
  for (const char* dir : kMountPoints) {
    RETURN_IF_ERROR(EnsureDirectory(Below(rootfs, dir)));
  }
  return absl::OkStatus();
}

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
  if (vhost.has_user_namespace()) {
    // The parent wrote the id maps before releasing us. Files made in our
    // own tmpfs mounts need mapped ids, and the init runs as the root inside.
    RETURN_IF_ERROR(kernel_.SetIdentity(0, 0));
  }
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
  RETURN_IF_ERROR(
      kernel_.Mount("proc", Below(rootfs, "proc"), "proc", kNoSuidDevExec, ""));
  RETURN_IF_ERROR(MountSys(Below(rootfs, "sys")));
  RETURN_IF_ERROR(MountDev(rootfs));
  RETURN_IF_ERROR(kernel_.Mount("tmpfs", Below(rootfs, "tmp"), "tmpfs",
                                MS_NOSUID | MS_NODEV, "mode=1777"));

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

absl::Status NamespaceSetup::MountSys(const std::string& sys) const {
  const VirtualHostSpec& vhost = spec_.virtual_host();
  if (!vhost.has_user_namespace() || vhost.has_network()) {
    return kernel_.Mount("sysfs", sys, "sysfs", kNoSuidDevExec | MS_RDONLY, "");
  }
  // Only the owner of the network namespace may mount sysfs, and the host's
  // network namespace is not ours: bind the host's /sys read-only instead.
  RETURN_IF_ERROR(kernel_.Mount("/sys", sys, "", MS_BIND | MS_REC, ""));
  // The remount keeps nosuid, nodev and noexec, which the host's mount locks.
  // Known gap: only the top mount becomes read-only; the mounts below it
  // (cgroup hierarchies, debugfs, ...) keep their flags. Their files belong
  // to the host's root, unmapped inside, so writes are refused by ownership,
  // but each submount should also be remounted read-only (walk
  // /proc/self/mountinfo below `sys`).
  return kernel_.Mount("", sys, "",
                       MS_BIND | MS_REMOUNT | MS_RDONLY | kNoSuidDevExec, "");
}

absl::Status NamespaceSetup::MountDev(const std::string& rootfs) const {
  const std::string dev = Below(rootfs, "dev");
  RETURN_IF_ERROR(kernel_.Mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
                                "mode=755,size=64k"));
  for (const DeviceNode& node : kDeviceNodes) {
    RETURN_IF_ERROR(
        MakeDeviceNode(dev, node.name, makedev(node.major, node.minor)));
  }
  const std::string pts = absl::StrCat(dev, "/pts");
  RETURN_IF_ERROR(kernel_.MkDir(pts, 0755));
  // The tty group must exist inside for devpts to take it.
  const UserNsSpec& userns = spec_.virtual_host().user_namespace();
  const bool tty_group = !spec_.virtual_host().has_user_namespace() ||
                         MapsInsideId(userns.gid_map(), kTtyGroup);
  RETURN_IF_ERROR(kernel_.Mount(
      "devpts", pts, "devpts", MS_NOSUID | MS_NOEXEC,
      absl::StrCat("newinstance,ptmxmode=0666,mode=620",
                   tty_group ? absl::StrCat(",gid=", kTtyGroup) : "")));
  for (const auto& link : kDevLinks) {
    RETURN_IF_ERROR(kernel_.Symlink(link[1], absl::StrCat(dev, "/", link[0])));
  }
  return absl::OkStatus();
}

absl::Status NamespaceSetup::MakeDeviceNode(const std::string& dev,
                                            absl::string_view name,
                                            dev_t device) const {
  const std::string path = absl::StrCat(dev, "/", name);
  if (spec_.virtual_host().has_user_namespace()) {
    // mknod of devices is refused in a user namespace: the host's node is
    // bound over an empty file instead.
    RETURN_IF_ERROR(kernel_.MkNod(path, S_IFREG | kDeviceMode, 0));
    return kernel_.Mount(absl::StrCat("/dev/", name), path, "", MS_BIND, "");
  }
  RETURN_IF_ERROR(kernel_.MkNod(path, S_IFCHR | kDeviceMode, device));
  // mknod applies the umask.
  return kernel_.Chmod(path, kDeviceMode);
}

absl::Status NamespaceSetup::EnsureDirectory(const std::string& path) const {
  if (kernel_.IsDirectory(path)) return absl::OkStatus();
  return kernel_.MkDir(path, 0755);
}

}  // namespace lmctfy
}  // namespace containers
