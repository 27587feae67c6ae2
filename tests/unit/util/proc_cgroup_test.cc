// SPDX-License-Identifier: Apache-2.0
// Tests for /proc/<pid>/cgroup parsing.

#include "util/proc_cgroup.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(ProcCgroupTest, MapsEverySubsystemToItsPath) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup(
          "12:freezer:/a/b\n"
          "4:cpu,cpuacct:/batch/a\n"
          "1:name=systemd:/user.slice\n"
          "0::/init.scope\n");
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, UnorderedElementsAre(Pair("freezer", "/a/b"),
                                           Pair("cpu", "/batch/a"),
                                           Pair("cpuacct", "/batch/a"),
                                           Pair("name=systemd", "/user.slice"),
                                           Pair("", "/init.scope")));
}

TEST(ProcCgroupTest, PathsMayContainColons) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("3:memory:/a:b:c\n");
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, UnorderedElementsAre(Pair("memory", "/a:b:c")));
}

TEST(ProcCgroupTest, PathsOutsideACgroupNamespaceAreKept) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("5:freezer:/../../outside");
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, UnorderedElementsAre(Pair("freezer", "/../../outside")));
}

TEST(ProcCgroupTest, EmptyContentsGiveNoEntries) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("");
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, IsEmpty());
}

TEST(ProcCgroupTest, FirstLineForASubsystemWins) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("2:cpu:/first\n3:cpu:/second\n");
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, UnorderedElementsAre(Pair("cpu", "/first")));
}

TEST(ProcCgroupTest, LineWithoutTwoColonsIsRefusedWithItsNumber) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("2:cpu:/a\n3:memory\n");
  EXPECT_EQ(paths.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(paths.status().message(),
              HasSubstr("malformed /proc cgroup line 2: \"3:memory\""));
}

TEST(ProcCgroupTest, NonNumericHierarchyIdIsRefused) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("x:cpu:/a\n");
  EXPECT_EQ(paths.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(paths.status().message(), HasSubstr("\"x:cpu:/a\""));
}

TEST(ProcCgroupTest, RelativePathIsRefused) {
  absl::StatusOr<absl::flat_hash_map<std::string, std::string>> paths =
      ParseProcCgroup("4:cpu:a\n");
  EXPECT_EQ(paths.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(paths.status().message(), HasSubstr("\"4:cpu:a\""));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
