// SPDX-License-Identifier: Apache-2.0
// The background thread that watches registered container events (cgroup
// eventfds and polled conditions) and calls their callbacks.

#ifndef LMCTFY_LMCTFY_NOTIFICATION_LISTENER_H_
#define LMCTFY_LMCTFY_NOTIFICATION_LISTENER_H_

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

#include "include/lmctfy.h"
#include "system_api/kernel_api.h"

namespace containers {
namespace lmctfy {

// What one registration watches and whom it tells.
struct NotificationWatch {
  // An eventfd the kernel signals for the event; the listener owns and
  // closes it. -1 when the event is polled instead.
  int event_fd = -1;
  // Polled instead of an eventfd: the event fires once this file (a `tasks`
  // file) reads empty.
  std::string empty_tasks_file;
  // Directories whose removal means the container is gone.
  std::vector<std::string> watched_dirs;
  // Name for messages.
  std::string container_name;
  Container* container = nullptr;
  Container::EventCallback callback;
};

// Runs one thread, started by the first Add, that waits in epoll(7) on every
// registered eventfd plus a wake-up eventfd (for Stop), and checks polled
// events and the watched directories every `poll_interval`.
//
// Delivery rules: an eventfd that fires calls back OK; a polled event calls
// back OK once and is dropped; a watched directory that disappears calls back
// NOT_FOUND once and drops the watch; a failed eventfd read calls back
// CANCELLED once and drops it. Callbacks run on the listener thread without
// any lock held, so they may call Remove (their own id included).
//
// Thread-safe. Stop (or the destructor) joins the thread and closes every fd
// it owns; it may be called from a callback, in which case the thread ends
// as soon as that callback returns.
class NotificationListener
    : public std::enable_shared_from_this<NotificationListener> {
 public:
  NotificationListener(const KernelApi& kernel, absl::Duration poll_interval);
  ~NotificationListener();

  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

  // Takes ownership of `watch.event_fd` (closed on failure too) and returns
  // the new id, counting from 1. An error when the thread could not start.
  absl::StatusOr<Container::NotificationId> Add(NotificationWatch watch);

  // Drops `id`. Once it returns, the callback is not started again, and a
  // call that is running on another thread has finished. INVALID_ARGUMENT
  // when `id` is not registered (never was, removed, or dropped after a
  // final delivery).
  absl::Status Remove(Container::NotificationId id);

  // Ends the thread and closes every fd. Later Adds fail FAILED_PRECONDITION.
  void Stop();

 private:
  struct Delivery {
    Container::NotificationId id;
    absl::Status status;
    // The watch is dropped with this delivery.
    bool final;
  };

  absl::Status StartLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void Loop();
  // Kernel checks of every watch after a wait that reported `ready`.
  std::vector<Delivery> Check(const std::vector<int>& ready)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // The delivery, if any, that the state of one watch calls for.
  bool CheckWatch(const NotificationWatch& watch, bool fd_ready,
                  Delivery* delivery) const;
  bool WatchedDirsExist(const NotificationWatch& watch) const;
  void Deliver(Delivery delivery);
  void CloseFd(int fd) const;
  // Takes a watch's eventfd out of the epoll set and closes it.
  void DropEventFd(int epoll_fd, int fd) const;
  bool OnListenerThread() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const KernelApi& kernel_;
  const absl::Duration poll_interval_;

  absl::Mutex mutex_;
  std::map<Container::NotificationId, std::shared_ptr<NotificationWatch>>
      watches_ ABSL_GUARDED_BY(mutex_);
  Container::NotificationId next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  // The id whose callback is running, 0 for none.
  Container::NotificationId in_flight_ ABSL_GUARDED_BY(mutex_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int epoll_fd_ ABSL_GUARDED_BY(mutex_) = -1;
  int wake_fd_ ABSL_GUARDED_BY(mutex_) = -1;
  std::thread thread_;
  std::thread::id thread_id_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_LMCTFY_NOTIFICATION_LISTENER_H_
