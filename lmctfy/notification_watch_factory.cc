// SPDX-License-Identifier: Apache-2.0
// Validates event specs and registers memory cgroup events with the kernel.

#include "lmctfy/notification_watch_factory.h"

#include <fcntl.h>

#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "lmctfy/container_name.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

absl::Status ValidateEventSpec(const std::string& name, const EventSpec& spec) {
  const int events = static_cast<int>(spec.has_oom()) +
                     static_cast<int>(spec.has_memory_threshold()) +
                     static_cast<int>(spec.has_container_empty());
  if (events == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", name, ": the event spec names no event"));
  }
  if (events > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", name, ": the event spec names ", events,
                     " events, but a registration takes exactly one"));
  }
  if (spec.has_memory_threshold() && !spec.memory_threshold().has_usage()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "container ", name, ": memory_threshold needs a usage in bytes"));
  }
  if (spec.has_memory_threshold() && spec.memory_threshold().usage() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("container ", name, ": memory_threshold usage ",
                     spec.memory_threshold().usage(), " is negative"));
  }
  return absl::OkStatus();
}

}  // namespace

NotificationWatchFactory::NotificationWatchFactory(const KernelApi& kernel,
                                                   const CgroupLayout& layout)
    : kernel_(kernel), layout_(layout) {}

absl::StatusOr<std::string> NotificationWatchFactory::MemoryDir(
    const std::string& name) const {
  if (!layout_.IsMounted(CGROUP_MEMORY)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "container ", name,
        ": memory events need the memory cgroup hierarchy, which is not "
        "mounted"));
  }
  std::string current = name;
  while (current != "/" &&
         !kernel_.IsDirectory(layout_.CgroupDir(CGROUP_MEMORY, current))) {
    current = ParentName(current);
  }
  return layout_.CgroupDir(CGROUP_MEMORY, current);
}

absl::StatusOr<int> NotificationWatchFactory::RegisterEventFd(
    const std::string& name, const std::string& dir,
    const std::string& control_file, const std::string& arguments) const {
  const std::string event_control = absl::StrCat(dir, "/cgroup.event_control");
  if (!kernel_.PathExists(event_control)) {
    return absl::FailedPreconditionError(
        absl::StrCat("container ", name, ": ", event_control,
                     " does not exist, so memory events cannot be watched"));
  }

  ASSIGN_OR_RETURN(int event_fd, kernel_.EventFd());
  absl::Cleanup close_event_fd = [this, event_fd] {
    kernel_.Close(event_fd).IgnoreError();
  };
  const std::string control_path = absl::StrCat(dir, "/", control_file);
  ASSIGN_OR_RETURN(int control_fd, kernel_.Open(control_path, O_RDONLY));
  // The kernel keeps what it needs from the control file at registration.
  absl::Cleanup close_control_fd = [this, control_fd] {
    kernel_.Close(control_fd).IgnoreError();
  };

  const std::string line = absl::StrCat(event_fd, " ", control_fd, arguments);
  VLOG(1) << "container " << name << ": writing \"" << line << "\" to "
          << event_control;
  absl::Status written = kernel_.WriteFile(event_control, line);
  if (!written.ok()) {
    return absl::Status(written.code(),
                        absl::StrCat("container ", name, ": registering ",
                                     control_path, ": ", written.message()));
  }
  std::move(close_event_fd).Cancel();
  return event_fd;
}

absl::StatusOr<NotificationWatch> NotificationWatchFactory::Make(
    const std::string& name, const EventSpec& spec, Container* container,
    Container::EventCallback callback) const {
  RETURN_IF_ERROR(ValidateEventSpec(name, spec));

  NotificationWatch watch;
  watch.container_name = name;
  watch.container = container;
  watch.callback = std::move(callback);
  const std::string freezer_dir = layout_.CgroupDir(CGROUP_FREEZER, name);
  watch.watched_dirs.push_back(freezer_dir);
  if (spec.has_container_empty()) {
    watch.empty_tasks_file = absl::StrCat(freezer_dir, "/tasks");
    return watch;
  }

  ASSIGN_OR_RETURN(std::string memory_dir, MemoryDir(name));
  if (spec.has_oom()) {
    ASSIGN_OR_RETURN(watch.event_fd, RegisterEventFd(name, memory_dir,
                                                     "memory.oom_control", ""));
  } else {
    ASSIGN_OR_RETURN(
        watch.event_fd,
        RegisterEventFd(name, memory_dir, "memory.usage_in_bytes",
                        absl::StrCat(" ", spec.memory_threshold().usage())));
  }
  watch.watched_dirs.push_back(memory_dir);
  return watch;
}

}  // namespace lmctfy
}  // namespace containers
