// SPDX-License-Identifier: Apache-2.0
// Tests for CPU mask words, id sets and cpuset list text.

#include "util/cpu_mask.h"

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

CpuSpec::Mask MaskOf(std::initializer_list<uint64_t> words) {
  CpuSpec::Mask mask;
  for (uint64_t word : words) mask.add_data(word);
  return mask;
}

TEST(MaskToCpusTest, LowBitsOfTheOnlyWordAreTheFirstCpus) {
  EXPECT_THAT(MaskToCpus(MaskOf({3})), ElementsAre(0, 1));
}

TEST(MaskToCpusTest, LastWordHoldsCpusZeroToSixtyThree) {
  EXPECT_THAT(MaskToCpus(MaskOf({0x1, uint64_t{1} << 63})),
              ElementsAre(63, 64));
  EXPECT_THAT(MaskToCpus(MaskOf({0x4, 0, 0x1})), ElementsAre(0, 130));
}

TEST(MaskToCpusTest, EmptyMaskHasNoCpus) {
  EXPECT_THAT(MaskToCpus(MaskOf({})), IsEmpty());
  EXPECT_THAT(MaskToCpus(MaskOf({0, 0})), IsEmpty());
}

TEST(CpusToMaskTest, SmallSetsFitInOneWord) {
  EXPECT_THAT(CpusToMask({0, 1}).data(), ElementsAre(3u));
}

TEST(CpusToMaskTest, HighCpusAddLeadingWords) {
  EXPECT_THAT(CpusToMask({0, 130}).data(), ElementsAre(4u, 0u, 1u));
  EXPECT_THAT(CpusToMask({64}).data(), ElementsAre(1u, 0u));
}

TEST(CpusToMaskTest, EmptySetHasNoWords) {
  EXPECT_THAT(CpusToMask({}).data(), IsEmpty());
}

TEST(CpusToMaskTest, NegativeIdsAreIgnored) {
  EXPECT_THAT(CpusToMask({-1}).data(), IsEmpty());
  EXPECT_THAT(CpusToMask({-5, 2}).data(), ElementsAre(4u));
}

TEST(CpusToMaskTest, RoundTripsThroughMaskToCpus) {
  const std::set<int> cpus = {0, 5, 63, 64, 127, 200};
  EXPECT_EQ(MaskToCpus(CpusToMask(cpus)), cpus);
}

TEST(ParseCpuListTest, ParsesSinglesAndRanges) {
  absl::StatusOr<std::set<int>> cpus = ParseCpuList("0-3,8,10-11");
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_THAT(*cpus, ElementsAre(0, 1, 2, 3, 8, 10, 11));
}

TEST(ParseCpuListTest, AcceptsTrailingNewline) {
  absl::StatusOr<std::set<int>> cpus = ParseCpuList("2-3\n");
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_THAT(*cpus, ElementsAre(2, 3));
}

TEST(ParseCpuListTest, EmptyListIsTheEmptySet) {
  for (const char* list : {"", "\n"}) {
    absl::StatusOr<std::set<int>> cpus = ParseCpuList(list);
    ASSERT_TRUE(cpus.ok()) << cpus.status();
    EXPECT_THAT(*cpus, IsEmpty());
  }
}

TEST(ParseCpuListTest, OneCpuRangeIsAccepted) {
  absl::StatusOr<std::set<int>> cpus = ParseCpuList("4-4");
  ASSERT_TRUE(cpus.ok()) << cpus.status();
  EXPECT_THAT(*cpus, ElementsAre(4));
}

TEST(ParseCpuListTest, GarbageIsRefusedNamingListAndItem) {
  for (const char* list : {"a", "1,,2", "1-", "-1", "3-1", "1-2-3", " 1", "+1",
                           "1,", "0x1", "1 2"}) {
    absl::StatusOr<std::set<int>> cpus = ParseCpuList(list);
    EXPECT_EQ(cpus.status().code(), absl::StatusCode::kInvalidArgument) << list;
    EXPECT_THAT(cpus.status().message(),
                HasSubstr(absl::StrCat("cpu list \"", list, "\"")))
        << list;
  }
}

TEST(ParseCpuListTest, BadItemIsNamed) {
  absl::StatusOr<std::set<int>> cpus = ParseCpuList("0-3,7-5,9");
  EXPECT_THAT(cpus.status().message(), HasSubstr("invalid item \"7-5\""));
}

TEST(ParseCpuListTest, IdsAboveTheLimitAreRefused) {
  EXPECT_TRUE(ParseCpuList("65535").ok());
  absl::StatusOr<std::set<int>> cpus = ParseCpuList("0-65536");
  EXPECT_EQ(cpus.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(cpus.status().message(), HasSubstr("\"0-65536\""));
  EXPECT_FALSE(ParseCpuList("99999999999999999999").ok());
}

TEST(FormatCpuListTest, CollapsesRunsIntoRanges) {
  EXPECT_EQ(FormatCpuList({0, 1, 2, 3, 8, 10, 11}), "0-3,8,10-11");
}

TEST(FormatCpuListTest, SingleCpuAndEmptySet) {
  EXPECT_EQ(FormatCpuList({5}), "5");
  EXPECT_EQ(FormatCpuList({}), "");
}

TEST(FormatCpuListTest, RoundTripsThroughParseCpuList) {
  const std::set<int> cpus = {0, 2, 3, 4, 64, 65, 100};
  absl::StatusOr<std::set<int>> parsed = ParseCpuList(FormatCpuList(cpus));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, cpus);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
