// SPDX-License-Identifier: Apache-2.0
// Bad container names and unparsable specs are refused by `lmctfy create`
// with INVALID_ARGUMENT (exit 3) before anything reaches the kernel.

#include <set>
#include <string>

#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

constexpr char kGoodSpec[] = "memory { limit: 67108864 }";

// One refused input and a readable name for the test it becomes.
struct BadInput {
  std::string label;
  std::string value;
};

std::string Label(const ::testing::TestParamInfo<BadInput>& info) {
  return info.param.label;
}

class BadNameTest : public IntegrationTest,
                    public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadNameTest, CreateRefusesTheNameAndMakesNoCgroup) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created = RunCli({"create", GetParam().value, kGoodSpec});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_EQ(AllCgroupDirs(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Names, BadNameTest,
    ::testing::Values(BadInput{"EmptyComponent", "a//b"},
                      BadInput{"LeadingDoubleSlash", "//x"},
                      BadInput{"DotDotAboveRoot", "/.."},
                      BadInput{"DotDotEscapingRoot", "/a/../../x"},
                      BadInput{"TasksFile", "/tasks"},
                      BadInput{"ProcsFile", "/a/cgroup.procs"},
                      BadInput{"ControlFile", "/memory.limit_in_bytes"},
                      BadInput{"Space", "bad name"}, BadInput{"Plus", "/a+b"},
                      BadInput{"Hidden", "/.hidden"},
                      BadInput{"LeadingDash", "/-x"},
                      BadInput{"LongComponent", "/" + std::string(300, 'n')},
                      BadInput{"NonAscii", "/\xc3\xa9"}),
    Label);

class BadSpecTest : public IntegrationTest,
                    public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadSpecTest, CreateRefusesTheSpecAndMakesNoCgroup) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created =
      RunCli({"create", "/specfail", GetParam().value});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_EQ(AllCgroupDirs(), before);
}

INSTANTIATE_TEST_SUITE_P(
    Specs, BadSpecTest,
    ::testing::Values(BadInput{"UnclosedBrace", "memory {"},
                      BadInput{"UnknownField", "nosuchfield: 1"},
                      BadInput{"NegativeUnsigned", "cpu { limit: -1 }"},
                      BadInput{"WrongValueType", "memory { limit: x }"},
                      BadInput{"GarbageBytes", "\xff\xfe\xfd\x01junk\x80"}),
    Label);

using ImpossibleSpecTest = IntegrationTest;

// A spec that parses but asks for something impossible is refused too, and
// the refusal leaves nothing half-made.
TEST_F(ImpossibleSpecTest,
       CpuLimitAboveTheKernelMaximumIsRefusedBeforeAnyMkdir) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult created =
      RunCli({"create", "/toomuch", "cpu { limit: 100000000 }"});

  EXPECT_EQ(created.exit_code, 3) << created;
  EXPECT_EQ(AllCgroupDirs(), before);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
