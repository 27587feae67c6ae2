// SPDX-License-Identifier: Apache-2.0
// FUZZ_CHECK: the fuzz targets' assertion. A broken property prints the
// condition, the input (C-escaped) and a detail, then aborts, which libFuzzer
// reports as a crash and saves the input.

#ifndef LMCTFY_FUZZ_FUZZ_CHECK_H_
#define LMCTFY_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace containers {
namespace lmctfy {

[[noreturn]] inline void FuzzCheckFailed(const char* condition,
                                         const char* file, int line,
                                         absl::string_view input,
                                         absl::string_view detail) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n  input: \"%s\"\n  %s\n",
               file, line, condition, absl::CHexEscape(input).c_str(),
               std::string(detail).c_str());
  std::abort();
}

}  // namespace lmctfy
}  // namespace containers

#define FUZZ_CHECK(condition, input, detail)                                \
  do {                                                                      \
    if (!(condition)) {                                                     \
      ::containers::lmctfy::FuzzCheckFailed(#condition, __FILE__, __LINE__, \
                                            (input), (detail));             \
    }                                                                       \
  } while (false)

#endif  // LMCTFY_FUZZ_FUZZ_CHECK_H_
