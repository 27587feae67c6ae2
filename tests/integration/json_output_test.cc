// SPDX-License-Identifier: Apache-2.0
// The json output style on the real kernel: what a script reading
// `lmctfy -j ...` gets back matches what the kernel holds.

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

#include "include/lmctfy.pb.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

class JsonOutputTest : public IntegrationTest {};

TEST_F(JsonOutputTest, SpecParsesBackIntoTheKernelsValues) {
  CreateWithCli("/json", "memory { limit: 33554432 } cpu { limit: 500 }");

  const CommandResult result = RunCli({"-j", "spec", "/json"});
  ASSERT_EQ(result.exit_code, 0) << result;
  ContainerSpec spec;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(result.out, &spec).ok())
      << result.out;

  EXPECT_EQ(spec.memory().limit(),
            ReadCgroupInt("memory", "/json", "memory.limit_in_bytes"));
  EXPECT_EQ(spec.cpu().limit(),
            ReadCgroupInt("cpu", "/json", "cpu.shares") * 1000 / 1024);
}

TEST_F(JsonOutputTest, StatsParseBackIntoContainerStats) {
  CreateWithCli("/jstats", "memory { limit: 33554432 }");

  const CommandResult result = RunCli({"-j", "stats", "summary", "/jstats"});
  ASSERT_EQ(result.exit_code, 0) << result;
  ContainerStats stats;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(result.out, &stats).ok())
      << result.out;
  EXPECT_EQ(stats.memory().limit(), 33554432);
}

TEST_F(JsonOutputTest, ListPrintsOneObjectPerContainer) {
  CreateWithCli("/jlist", "");
  CreateWithCli("/jlist/a", "");
  CreateWithCli("/jlist/b", "");

  const CommandResult result =
      RunCli({"--lmctfy_output_style=json", "list", "containers", "/jlist"});
  ASSERT_EQ(result.exit_code, 0) << result;
  const std::vector<std::string> lines =
      absl::StrSplit(result.out, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"name\":\"/jlist/a\"}",
                                             "{\"name\":\"/jlist/b\"}"}));
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
