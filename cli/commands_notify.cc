// SPDX-License-Identifier: Apache-2.0
// `notify memory oom|threshold`: register for one event and wait for it.

#include <cstdint>
#include <limits>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

#include "cli/commands.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// The first delivery of an event. Shared with the callback, which the
// library may call again (on its own thread) after the command is done.
struct FirstDelivery {
  absl::Mutex mutex;
  bool delivered ABSL_GUARDED_BY(mutex) = false;
  absl::Status status ABSL_GUARDED_BY(mutex);
  absl::Notification done;
};

// Registers `spec` on container `name`, blocks until the first delivery and
// reports it: notification_status="0" on success, else the delivered error.
absl::Status WaitForEvent(const std::string& name, const EventSpec& spec,
                          const CommandContext& context,
                          CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   context.api->Get(name));

  auto delivery = std::make_shared<FirstDelivery>();
  Container::EventCallback callback = [delivery](Container*,
                                                 absl::Status status) {
    absl::MutexLock lock(&delivery->mutex);
    if (delivery->delivered) return;
    delivery->delivered = true;
    delivery->status = std::move(status);
    delivery->done.Notify();
  };
  ASSIGN_OR_RETURN(const Container::NotificationId id,
                   container->RegisterNotification(spec, std::move(callback)));
  delivery->done.WaitForNotification();

  // Only the first event is reported; a failure to stop listening changes
  // nothing about it.
  container->UnregisterNotification(id).IgnoreError();

  absl::MutexLock lock(&delivery->mutex);
  RETURN_IF_ERROR(delivery->status);
  output->AddPair("notification_status", "0");
  return absl::OkStatus();
}

}  // namespace

absl::Status NotifyOomCommand(const std::vector<std::string>& args,
                              const CommandContext& context,
                              CommandOutput* output) {
  EventSpec spec;
  spec.mutable_oom();
  return WaitForEvent(args[0], spec, context, output);
}

absl::Status NotifyThresholdCommand(const std::vector<std::string>& args,
                                    const CommandContext& context,
                                    CommandOutput* output) {
  uint64_t threshold = 0;
  if (!absl::SimpleAtoi(args[1], &threshold)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "memory threshold \"", args[1], "\" is not a decimal byte count"));
  }
  // The proto field is signed.
  if (threshold > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return absl::InvalidArgumentError(
        absl::StrCat("memory threshold ", threshold, " is too large"));
  }

  EventSpec spec;
  spec.mutable_memory_threshold()->set_usage(static_cast<int64_t>(threshold));
  return WaitForEvent(args[0], spec, context, output);
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
