// SPDX-License-Identifier: Apache-2.0
// Finding virtual hosts' inits and namespaces; see the header.

#include "lmctfy/vhost/virtual_host_inspector.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "glog/logging.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

// The file of the freezer cgroup that carries the record: root-owned and
// never handed to a delegate.
constexpr char kRecordFile[] = "cgroup.clone_children";
constexpr char kRecordAttribute[] = "user.lmctfy.virtual_host";
// Joined in this order: user first, as it grants the right to join the
// others it owns; mnt last, as it changes what paths mean.
constexpr const char* kNamespaceTypes[] = {"user", "ipc", "uts",
                                           "net",  "pid", "mnt"};

std::string RecordCarrier(const std::string& freezer_dir) {
  return absl::StrCat(freezer_dir, "/", kRecordFile);
}

// Whether a /proc/<pid>/status says the process is pid 1 of a pid namespace
// below the reader's.
bool IsNamespaceInit(absl::string_view status) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, "NSpid:")) continue;
    std::vector<absl::string_view> ids =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    return ids.size() >= 2 && ids.back() == "1";
  }
  return false;
}

}  // namespace

VirtualHostInspector::VirtualHostInspector(const KernelApi& kernel)
    : kernel_(kernel) {}

absl::Status VirtualHostInspector::WriteRecord(
    const std::string& freezer_dir, const VirtualHostRecord& record) const {
  return kernel_.SetXattr(RecordCarrier(freezer_dir), kRecordAttribute,
                          record.veth_outside);
}

absl::StatusOr<std::optional<VirtualHostRecord>>
VirtualHostInspector::ReadRecord(const std::string& freezer_dir) const {
  absl::StatusOr<std::string> value =
      kernel_.GetXattr(RecordCarrier(freezer_dir), kRecordAttribute);
  if (absl::IsNotFound(value.status())) return std::nullopt;
  if (!value.ok()) return value.status();
  return VirtualHostRecord{*value};
}

absl::StatusOr<pid_t> VirtualHostInspector::FindInit(
    const std::string& freezer_dir) const {
  ASSIGN_OR_RETURN(std::optional<VirtualHostRecord> record,
                   ReadRecord(freezer_dir));
  if (!record.has_value()) return 0;
  ASSIGN_OR_RETURN(std::string procs, kernel_.ReadFile(absl::StrCat(
                                          freezer_dir, "/cgroup.procs")));
  for (absl::string_view line :
       absl::StrSplit(procs, '\n', absl::SkipEmpty())) {
    pid_t pid;
    if (!absl::SimpleAtoi(line, &pid)) continue;
    // A process that ended since the listing is simply not the init.
    absl::StatusOr<std::string> status =
        kernel_.ReadFile(absl::StrCat("/proc/", pid, "/status"));
    if (status.ok() && IsNamespaceInit(*status)) return pid;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "the virtual host in ", freezer_dir, " has no running init"));
}

absl::StatusOr<std::vector<std::string>> VirtualHostInspector::NamespaceFiles(
    pid_t init) const {
  std::vector<std::string> files;
  for (const char* type : kNamespaceTypes) {
    // A kernel without this kind of namespace has no file for it.
    absl::StatusOr<std::string> our_id =
        kernel_.ReadLink(absl::StrCat("/proc/self/ns/", type));
    if (absl::IsNotFound(our_id.status())) continue;
    if (!our_id.ok()) return our_id.status();
    const std::string theirs = absl::StrCat("/proc/", init, "/ns/", type);
    ASSIGN_OR_RETURN(std::string their_id, kernel_.ReadLink(theirs));
    if (their_id != *our_id) files.push_back(theirs);
  }
  return files;
}

absl::StatusOr<bool> VirtualHostInspector::InPidNamespaceOf(pid_t tid,
                                                            pid_t init) const {
  const std::string path = tid == 0 ? std::string("/proc/thread-self/ns/pid")
                                    : absl::StrCat("/proc/", tid, "/ns/pid");
  absl::StatusOr<std::string> theirs = kernel_.ReadLink(path);
  if (!theirs.ok()) {
    return absl::NotFoundError(
        absl::StrCat("thread ", tid, ": ", theirs.status().message()));
  }
  ASSIGN_OR_RETURN(std::string init_ns,
                   kernel_.ReadLink(absl::StrCat("/proc/", init, "/ns/pid")));
  return *theirs == init_ns;
}

}  // namespace lmctfy
}  // namespace containers
