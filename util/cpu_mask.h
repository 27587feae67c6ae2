// SPDX-License-Identifier: Apache-2.0
// Conversions between CpuSpec.Mask bitmaps, CPU id sets and the kernel's
// cpuset list text (INTERFACE.md 3.2 and 4.7.1).

#ifndef LMCTFY_UTIL_CPU_MASK_H_
#define LMCTFY_UTIL_CPU_MASK_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "include/lmctfy.pb.h"

namespace containers {
namespace lmctfy {

// Highest CPU id ParseCpuList accepts; far above any kernel's NR_CPUS.
inline constexpr int kMaxCpuId = 65535;

// Mask words (last word = CPUs 0-63) to a sorted set of CPU ids.
std::set<int> MaskToCpus(const CpuSpec::Mask& mask);

// CPU ids to mask words, leading all-zero words omitted (empty set -> no
// words). Negative ids are ignored.
CpuSpec::Mask CpusToMask(const std::set<int>& cpus);

// "0-3,8,10-11" (kernel cpuset list format, may end with newline, empty
// allowed) to ids. INVALID_ARGUMENT naming the list and the bad item on
// garbage, reversed ranges or ids above kMaxCpuId.
absl::StatusOr<std::set<int>> ParseCpuList(absl::string_view list);

// Ids to the shortest ascending list text, e.g. "0-3,8,10-11"; empty set ->
// "".
std::string FormatCpuList(const std::set<int>& cpus);

}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_UTIL_CPU_MASK_H_
