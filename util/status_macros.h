// SPDX-License-Identifier: Apache-2.0
// Early-return helpers for absl::Status and absl::StatusOr, written as plain
// statement macros without compiler extensions.

#ifndef LMCTFY_UTIL_STATUS_MACROS_H_
#define LMCTFY_UTIL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                 \
  do {                                                        \
    ::absl::Status lmctfy_status_macro_value_ = (expr);       \
    if (!lmctfy_status_macro_value_.ok()) {                   \
      return lmctfy_status_macro_value_;                      \
    }                                                         \
  } while (false)

#define LMCTFY_STATUS_MACROS_CONCAT_INNER_(a, b) a##b
#define LMCTFY_STATUS_MACROS_CONCAT_(a, b) \
  LMCTFY_STATUS_MACROS_CONCAT_INNER_(a, b)

#define LMCTFY_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) {                                    \
    return statusor.status();                              \
  }                                                        \
  lhs = std::move(statusor).value()

// Evaluates `expr` (an absl::StatusOr<T>); on error returns its status,
// otherwise assigns the value to `lhs`, which may be a declaration.
#define ASSIGN_OR_RETURN(lhs, expr)                                         \
  LMCTFY_ASSIGN_OR_RETURN_IMPL_(                                            \
      LMCTFY_STATUS_MACROS_CONCAT_(lmctfy_statusor_, __LINE__), lhs, expr)

#endif  // LMCTFY_UTIL_STATUS_MACROS_H_
