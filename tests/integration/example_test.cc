// SPDX-License-Identifier: Apache-2.0
// The library example (examples/contain_a_command.cc) works on the real
// kernel and cleans up after itself.

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::ContainsRegex;

using ExampleTest = IntegrationTest;

TEST_F(ExampleTest, ContainACommandRunsAndLeavesNothingBehind) {
  const std::set<std::string> before = AllCgroupDirs();

  const CommandResult ran = RunCommand({LMCTFY_EXAMPLE_PATH});

  EXPECT_EQ(ran.exit_code, 0) << ran;
  EXPECT_THAT(ran.out, ContainsRegex("pid [0-9]+"));
  EXPECT_EQ(AllCgroupDirs(), before);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
