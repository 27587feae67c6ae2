// SPDX-License-Identifier: Apache-2.0
// The notification thread: waits on eventfds, polls container emptiness and
// existence, and delivers callbacks outside its lock.

#include "lmctfy/notification_listener.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "glog/logging.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

bool Contains(const std::vector<int>& fds, int fd) {
  return std::find(fds.begin(), fds.end(), fd) != fds.end();
}

}  // namespace

NotificationListener::NotificationListener(const KernelApi& kernel,
                                           absl::Duration poll_interval)
    : kernel_(kernel), poll_interval_(poll_interval) {}

NotificationListener::~NotificationListener() { Stop(); }

bool NotificationListener::OnListenerThread() const {
  return std::this_thread::get_id() == thread_id_;
}

void NotificationListener::CloseFd(int fd) const {
  absl::Status closed = kernel_.Close(fd);
  if (!closed.ok()) LOG(ERROR) << "notification listener: " << closed;
}

void NotificationListener::DropEventFd(int epoll_fd, int fd) const {
  // The close would also take it out of the set; removing it first keeps
  // the set right even if someone else holds a duplicate.
  absl::Status removed = kernel_.EpollRemove(epoll_fd, fd);
  if (!removed.ok()) LOG(ERROR) << "notification listener: " << removed;
  CloseFd(fd);
}

absl::Status NotificationListener::StartLocked() {
  if (thread_.joinable()) return absl::OkStatus();
  if (epoll_fd_ < 0) {
    ASSIGN_OR_RETURN(epoll_fd_, kernel_.EpollCreate());
  }
  if (wake_fd_ < 0) {
    ASSIGN_OR_RETURN(wake_fd_, kernel_.EventFd());
    absl::Status added = kernel_.EpollAdd(epoll_fd_, wake_fd_);
    if (!added.ok()) {
      CloseFd(std::exchange(wake_fd_, -1));
      return added;
    }
  }
  // The thread keeps the listener alive until it has left Loop, so Stop may
  // run on it (from a callback) and let it finish on its own.
  std::shared_ptr<NotificationListener> self = shared_from_this();
  thread_ = std::thread([self] { self->Loop(); });
  thread_id_ = thread_.get_id();
  return absl::OkStatus();
}

absl::StatusOr<Container::NotificationId> NotificationListener::Add(
    NotificationWatch watch) {
  absl::MutexLock lock(&mutex_);
  absl::Status started = stopping_
                             ? absl::FailedPreconditionError(absl::StrCat(
                                   "container ", watch.container_name,
                                   ": the notification listener has stopped"))
                             : StartLocked();
  if (started.ok() && watch.event_fd >= 0) {
    started = kernel_.EpollAdd(epoll_fd_, watch.event_fd);
  }
  if (!started.ok()) {
    if (watch.event_fd >= 0) CloseFd(watch.event_fd);
    return started;
  }

  const Container::NotificationId id = next_id_++;
  watches_[id] = std::make_shared<NotificationWatch>(std::move(watch));
  return id;
}

absl::Status NotificationListener::Remove(Container::NotificationId id) {
  std::shared_ptr<NotificationWatch> watch;
  int epoll_fd;
  {
    absl::MutexLock lock(&mutex_);
    epoll_fd = epoll_fd_;
    auto it = watches_.find(id);
    if (it != watches_.end()) {
      watch = std::move(it->second);
      watches_.erase(it);
    }
    // A callback may remove itself; anyone else waits until a running
    // callback of `id` returned, even one that was its final delivery.
    if (!OnListenerThread()) {
      auto idle = [this, id]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return in_flight_ != id;
      };
      mutex_.Await(absl::Condition(&idle));
    }
  }
  if (watch == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("notification ", id, " is not registered"));
  }
  if (watch->event_fd >= 0) DropEventFd(epoll_fd, watch->event_fd);
  return absl::OkStatus();
}

void NotificationListener::Stop() {
  int wake_fd;
  int epoll_fd;
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
    wake_fd = wake_fd_;
  }
  if (thread_.joinable()) {
    if (wake_fd >= 0) kernel_.SignalEventFd(wake_fd, 1).IgnoreError();
    if (std::this_thread::get_id() == thread_.get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }

  std::map<Container::NotificationId, std::shared_ptr<NotificationWatch>>
      watches;
  {
    absl::MutexLock lock(&mutex_);
    watches.swap(watches_);
    wake_fd = std::exchange(wake_fd_, -1);
    epoll_fd = std::exchange(epoll_fd_, -1);
  }
  for (const auto& [id, watch] : watches) {
    if (watch->event_fd >= 0) CloseFd(watch->event_fd);
  }
  if (wake_fd >= 0) CloseFd(wake_fd);
  if (epoll_fd >= 0) CloseFd(epoll_fd);
}

void NotificationListener::Loop() {
  while (true) {
    int epoll_fd;
    {
      absl::MutexLock lock(&mutex_);
      if (stopping_) return;
      epoll_fd = epoll_fd_;
    }

    absl::StatusOr<std::vector<int>> ready =
        kernel_.EpollWait(epoll_fd, poll_interval_);
    std::vector<Delivery> deliveries;
    {
      absl::MutexLock lock(&mutex_);
      if (stopping_) return;
      if (!ready.ok()) {
        // Every watch is affected and none can be waited for any more.
        for (const auto& [id, watch] : watches_) {
          deliveries.push_back(
              {id,
               absl::CancelledError(absl::StrCat(
                   "container ", watch->container_name,
                   ": waiting for events failed: ", ready.status().message())),
               true});
        }
      } else {
        if (Contains(*ready, wake_fd_)) {
          kernel_.DrainEventFd(wake_fd_).IgnoreError();
        }
        deliveries = Check(*ready);
      }
    }
    for (Delivery& delivery : deliveries) Deliver(std::move(delivery));
    // A failing wait returns at once; don't spin on it.
    if (!ready.ok()) kernel_.SleepFor(poll_interval_);
  }
}

std::vector<NotificationListener::Delivery> NotificationListener::Check(
    const std::vector<int>& ready) {
  std::vector<Delivery> deliveries;
  for (const auto& [id, watch] : watches_) {
    Delivery delivery{id, absl::OkStatus(), false};
    bool fd_ready = watch->event_fd >= 0 && Contains(ready, watch->event_fd);
    if (CheckWatch(*watch, fd_ready, &delivery)) {
      deliveries.push_back(std::move(delivery));
    }
  }
  return deliveries;
}

bool NotificationListener::WatchedDirsExist(
    const NotificationWatch& watch) const {
  return std::all_of(
      watch.watched_dirs.begin(), watch.watched_dirs.end(),
      [this](const std::string& dir) { return kernel_.IsDirectory(dir); });
}

bool NotificationListener::CheckWatch(const NotificationWatch& watch,
                                      bool fd_ready, Delivery* delivery) const {
  if (fd_ready) {
    absl::StatusOr<uint64_t> count = kernel_.DrainEventFd(watch.event_fd);
    if (!count.ok()) {
      delivery->status = absl::CancelledError(absl::StrCat(
          "container ", watch.container_name,
          ": reading its event failed: ", count.status().message()));
      delivery->final = true;
      return true;
    }
    // The kernel also signals the eventfd when it removes the cgroup, so
    // existence decides what a signal means.
    if (*count > 0 && WatchedDirsExist(watch)) return true;
  }

  if (!WatchedDirsExist(watch)) {
    delivery->status = absl::NotFoundError(
        absl::StrCat("container ", watch.container_name, " no longer exists"));
    delivery->final = true;
    return true;
  }
  if (watch.empty_tasks_file.empty()) return false;

  absl::StatusOr<std::string> tasks = kernel_.ReadFile(watch.empty_tasks_file);
  if (absl::IsNotFound(tasks.status())) {
    delivery->status = absl::NotFoundError(
        absl::StrCat("container ", watch.container_name, " no longer exists"));
  } else if (!tasks.ok()) {
    delivery->status = absl::CancelledError(absl::StrCat(
        "container ", watch.container_name, ": reading ",
        watch.empty_tasks_file, " failed: ", tasks.status().message()));
  } else if (!tasks->empty()) {
    return false;
  }
  delivery->final = true;
  return true;
}

void NotificationListener::Deliver(Delivery delivery) {
  std::shared_ptr<NotificationWatch> watch;
  int fd_to_close = -1;
  int epoll_fd;
  {
    absl::MutexLock lock(&mutex_);
    auto it = watches_.find(delivery.id);
    // Removed (or stopped) since the check: not started again.
    if (stopping_ || it == watches_.end()) return;
    watch = it->second;
    epoll_fd = epoll_fd_;
    if (delivery.final) {
      watches_.erase(it);
      fd_to_close = watch->event_fd;
    }
    in_flight_ = delivery.id;
  }

  // Closed before the call: the callback may stop the listener and release
  // the kernel, after which this thread must not touch it.
  if (fd_to_close >= 0) DropEventFd(epoll_fd, fd_to_close);
  watch->callback(watch->container, std::move(delivery.status));

  absl::MutexLock lock(&mutex_);
  in_flight_ = 0;
}

}  // namespace lmctfy
}  // namespace containers
