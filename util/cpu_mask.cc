// SPDX-License-Identifier: Apache-2.0
// CPU masks: proto bitmap words, id sets and "0-3,8" list text.

#include "util/cpu_mask.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace containers {
namespace lmctfy {
namespace {

constexpr int kBitsPerWord = 64;

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A CPU id in decimal, without sign or spaces, at most kMaxCpuId.
bool ParseCpuId(absl::string_view text, int* id) {
  return AllDigits(text) && text.size() <= 6 && absl::SimpleAtoi(text, id) &&
         *id <= kMaxCpuId;
}

absl::Status BadList(absl::string_view list, absl::string_view item) {
  return absl::InvalidArgumentError(absl::StrCat(
      "cpu list \"", absl::CHexEscape(list), "\" has invalid item \"",
      absl::CHexEscape(item), "\" (expected ids 0-", kMaxCpuId,
      " or ascending ranges like 0-3)"));
}

}  // namespace

std::set<int> MaskToCpus(const CpuSpec::Mask& mask) {
  std::set<int> cpus;
  const int words = mask.data_size();
  for (int i = 0; i < words; ++i) {
    const uint64_t word = mask.data(i);
    const int base = (words - 1 - i) * kBitsPerWord;
    for (int bit = 0; bit < kBitsPerWord; ++bit) {
      if ((word >> bit) & 1) cpus.insert(base + bit);
    }
  }
  return cpus;
}

CpuSpec::Mask CpusToMask(const std::set<int>& cpus) {
  CpuSpec::Mask mask;
  if (cpus.empty() || *cpus.rbegin() < 0) return mask;

  const int words = *cpus.rbegin() / kBitsPerWord + 1;
  std::vector<uint64_t> data(words, 0);
  for (int cpu : cpus) {
    if (cpu < 0) continue;
    data[words - 1 - cpu / kBitsPerWord] |= uint64_t{1} << (cpu % kBitsPerWord);
  }
  for (uint64_t word : data) mask.add_data(word);
  return mask;
}

absl::StatusOr<std::set<int>> ParseCpuList(absl::string_view list) {
  std::set<int> cpus;
  const absl::string_view body = absl::StripTrailingAsciiWhitespace(list);
  if (body.empty()) return cpus;

  for (absl::string_view item : absl::StrSplit(body, ',')) {
    std::vector<absl::string_view> bounds =
        absl::StrSplit(item, absl::MaxSplits('-', 1));
    int first = 0;
    int last = 0;
    if (!ParseCpuId(bounds[0], &first)) return BadList(list, item);
    last = first;
    if (bounds.size() == 2 && (!ParseCpuId(bounds[1], &last) || last < first)) {
      return BadList(list, item);
    }
    for (int cpu = first; cpu <= last; ++cpu) cpus.insert(cpu);
  }
  return cpus;
}

std::string FormatCpuList(const std::set<int>& cpus) {
  std::vector<std::string> ranges;
  auto it = cpus.begin();
  while (it != cpus.end()) {
    const int first = *it;
    int last = first;
    for (++it; it != cpus.end() && *it == last + 1; ++it) last = *it;
    ranges.push_back(first == last ? absl::StrCat(first)
                                   : absl::StrCat(first, "-", last));
  }
  return absl::StrJoin(ranges, ",");
}

}  // namespace lmctfy
}  // namespace containers
