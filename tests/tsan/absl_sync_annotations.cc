// SPDX-License-Identifier: Apache-2.0
// Linked into TSan builds of the tests only (LMCTFY_SANITIZE=thread). Debian's
// Abseil is built without ThreadSanitizer, so TSan cannot see that
// absl::Mutex and absl::Notification order memory, nor absl::Status's
// reference count, and reports every access they order as a race. These
// definitions take the place of the library's (the test binary exports them, so
// calls from inside libabsl come here too), tell TSan about the ordering, and
// forward to the real functions.

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/base/config.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace {

// The library's definition of `mangled_tail`, the part of the mangled name
// after "_ZN4absl<inline namespace>" (or "_ZNK4absl..." when `is_const`).
void* RealFunction(const char* mangled_tail, bool is_const = false) {
  const std::string ns =
      ABSL_INTERNAL_TOKEN_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name = std::string(is_const ? "_ZNK4absl" : "_ZN4absl") +
                           std::to_string(ns.size()) + ns + mangled_tail;
  void* real = dlsym(RTLD_NEXT, name.c_str());
  if (real == nullptr) {
    std::fprintf(stderr, "tsan annotations: %s not found\n", name.c_str());
    std::abort();
  }
  return real;
}

// The Mutex whose Await or Unlock this thread is in. Abseil evaluates
// Conditions inside those calls (a waiter's own, or on the unlocking thread),
// so an evaluation is ordered with that Mutex's other holders.
thread_local void* current_mutex = nullptr;

template <typename Fn>
Fn Real(const char* mangled_tail, bool is_const = false) {
  return reinterpret_cast<Fn>(RealFunction(mangled_tail, is_const));
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

// A lock acquires what the last unlock released. An unlock also acquires,
// since Abseil may run a waiter's Condition on the unlocking thread.
void Mutex::Lock() {
  static const auto real = Real<void (*)(Mutex*)>("5Mutex4LockEv");
  real(this);
  __tsan_acquire(this);
}

void Mutex::ReaderLock() {
  static const auto real = Real<void (*)(Mutex*)>("5Mutex10ReaderLockEv");
  real(this);
  __tsan_acquire(this);
}

bool Mutex::TryLock() {
  static const auto real = Real<bool (*)(Mutex*)>("5Mutex7TryLockEv");
  const bool locked = real(this);
  if (locked) __tsan_acquire(this);
  return locked;
}

void Mutex::Unlock() {
  static const auto real = Real<void (*)(Mutex*)>("5Mutex6UnlockEv");
  __tsan_acquire(this);
  __tsan_release(this);
  current_mutex = this;
  real(this);
  current_mutex = nullptr;
}

void Mutex::ReaderUnlock() {
  static const auto real = Real<void (*)(Mutex*)>("5Mutex12ReaderUnlockEv");
  __tsan_release(this);
  real(this);
}

// Waiting releases the lock and takes it again.
void Mutex::Await(const Condition& cond) {
  static const auto real = Real<void (*)(Mutex*, const Condition&)>(
      "5Mutex5AwaitERKNS0_9ConditionE");
  __tsan_release(this);
  __tsan_release(const_cast<Condition*>(&cond));
  current_mutex = this;
  real(this, cond);
  current_mutex = nullptr;
  __tsan_acquire(this);
  __tsan_acquire(const_cast<Condition*>(&cond));
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  static const auto real = Real<bool (*)(Mutex*, const Condition&, Duration)>(
      "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  __tsan_release(this);
  __tsan_release(const_cast<Condition*>(&cond));
  current_mutex = this;
  const bool met = real(this, cond, timeout);
  current_mutex = nullptr;
  __tsan_acquire(this);
  __tsan_acquire(const_cast<Condition*>(&cond));
  return met;
}

bool Condition::Eval() const {
  static const auto real =
      Real<bool (*)(const Condition*)>("9Condition4EvalEv", true);
  // The waiter released the Condition (its captured state) before waiting
  // and acquires it when done.
  Condition* const self = const_cast<Condition*>(this);
  void* const mutex = current_mutex;
  if (mutex != nullptr) __tsan_acquire(mutex);
  __tsan_acquire(self);
  const bool met = real(this);
  __tsan_release(self);
  if (mutex != nullptr) __tsan_release(mutex);
  return met;
}

// Notify releases; a wait that returns acquires.
void Notification::Notify() {
  static const auto real =
      Real<void (*)(Notification*)>("12Notification6NotifyEv");
  __tsan_release(this);
  real(this);
}

void Notification::WaitForNotification() const {
  static const auto real = Real<void (*)(const Notification*)>(
      "12Notification19WaitForNotificationEv", true);
  real(this);
  __tsan_acquire(const_cast<Notification*>(this));
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  static const auto real = Real<bool (*)(const Notification*, Duration)>(
      "12Notification30WaitForNotificationWithTimeoutENS0_8DurationE", true);
  const bool notified = real(this, timeout);
  __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

// The last reference to a shared Status payload deletes it: every drop
// releases, and acquires the earlier drops.
void Status::UnrefNonInlined(uintptr_t rep) {
  static const auto real =
      Real<void (*)(uintptr_t)>("6Status15UnrefNonInlinedEm");
  void* const payload = reinterpret_cast<void*>(rep);
  __tsan_release(payload);
  __tsan_acquire(payload);
  real(rep);
}

ABSL_NAMESPACE_END
}  // namespace absl
