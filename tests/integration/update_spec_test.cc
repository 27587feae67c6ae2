// SPDX-License-Identifier: Apache-2.0
// Update and Spec on the real kernel: diff touches only the fields given,
// replace resets the others to their defaults, and Spec() reads back what
// Create wrote.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/common/parse_spec.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMiB = 1024 * 1024;
// What memory.limit_in_bytes reads when unlimited (4 KiB pages).
constexpr int64_t kUnlimited = 9223372036854771712;

class UpdateSpecTest : public IntegrationTest {
 protected:
  // Creates /u with cpu and memory limits all set to non-defaults.
  void CreateFullySet() {
    ASSERT_NO_FATAL_FAILURE(CreateWithCli(
        "/u", absl::StrCat("cpu { limit: 500 max_limit: 300 mask { data: 1 } } "
                           "memory { limit: ",
                           64 * kMiB, " reservation: ", 32 * kMiB, " }")));
  }
};

TEST_F(UpdateSpecTest, DiffChangesOnlyTheGivenFields) {
  ASSERT_NO_FATAL_FAILURE(CreateFullySet());

  const CommandResult updated = RunCli(
      {"update", "diff", "/u",
       absl::StrCat("memory { limit: ", 128 * kMiB, " } cpu { limit: 2000 }")});
  ASSERT_EQ(updated.exit_code, 0) << updated;

  EXPECT_EQ(ReadCgroupInt("memory", "/u", "memory.limit_in_bytes"), 128 * kMiB);
  EXPECT_EQ(ReadCgroupInt("cpu", "/u", "cpu.shares"), 2048);
  // Untouched: reservation, cap and mask.
  EXPECT_EQ(ReadCgroupInt("memory", "/u", "memory.soft_limit_in_bytes"),
            32 * kMiB);
  EXPECT_EQ(ReadCgroupInt("cpu", "/u", "cpu.cfs_quota_us"), 75000);
  EXPECT_EQ(ReadCgroupFile("cpuset", "/u", "cpuset.cpus"), "0");
}

TEST_F(UpdateSpecTest, ReplaceResetsUnsetFieldsToDefaults) {
  ASSERT_NO_FATAL_FAILURE(CreateFullySet());

  const CommandResult updated =
      RunCli({"update", "replace", "/u", "cpu { limit: 250 } memory { }"});
  ASSERT_EQ(updated.exit_code, 0) << updated;

  EXPECT_EQ(ReadCgroupInt("cpu", "/u", "cpu.shares"), 256);
  EXPECT_EQ(ReadCgroupInt("cpu", "/u", "cpu.cfs_quota_us"), -1);
  EXPECT_EQ(ReadCgroupFile("cpuset", "/u", "cpuset.cpus"),
            ReadCgroupFile("cpuset", "/", "cpuset.cpus"));
  EXPECT_EQ(ReadCgroupInt("memory", "/u", "memory.limit_in_bytes"), kUnlimited);
  EXPECT_EQ(ReadCgroupInt("memory", "/u", "memory.soft_limit_in_bytes"), 0);
}

TEST_F(UpdateSpecTest, ReplaceWithoutAnIsolatedSectionChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(CreateFullySet());

  const CommandResult refused =
      RunCli({"update", "replace", "/u", "cpu { limit: 250 }"});
  EXPECT_EQ(refused.exit_code, 3) << refused;
  EXPECT_THAT(refused.err, HasSubstr("memory"));
  EXPECT_EQ(ReadCgroupInt("cpu", "/u", "cpu.shares"), 512);
  EXPECT_EQ(ReadCgroupInt("memory", "/u", "memory.limit_in_bytes"), 64 * kMiB);
}

TEST_F(UpdateSpecTest, InvalidValueInOneSectionWritesNoSection) {
  ASSERT_NO_FATAL_FAILURE(CreateFullySet());

  // The memory part is fine; the cpu cap is below the 4 milliCPU minimum.
  const CommandResult refused =
      RunCli({"update", "diff", "/u",
              absl::StrCat("memory { limit: ", 100 * kMiB,
                           " } cpu { max_limit: 1 }")});
  EXPECT_EQ(refused.exit_code, 3) << refused;
  EXPECT_THAT(refused.err, HasSubstr("max_limit"));
  EXPECT_EQ(ReadCgroupInt("memory", "/u", "memory.limit_in_bytes"), 64 * kMiB);
}

TEST_F(UpdateSpecTest, SpecReadsBackWhatCreateWrote) {
  const ContainerSpec spec = ParseSpec(
      absl::StrCat("cpu { limit: 1500 max_limit: 600 mask { data: 2 } } "
                   "memory { limit: ",
                   96 * kMiB, " reservation: ", 24 * kMiB, " }"));
  DestroyAtTearDown("/roundtrip");
  absl::StatusOr<std::unique_ptr<Container>> created =
      api().Create("/roundtrip", spec);
  ASSERT_TRUE(created.ok()) << created.status();

  absl::StatusOr<ContainerSpec> read = (*created)->Spec();
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->cpu().limit(), 1500u);
  EXPECT_EQ(read->cpu().max_limit(), 600u);
  ASSERT_EQ(read->cpu().mask().data_size(), 1);
  EXPECT_EQ(read->cpu().mask().data(0), 2u);
  EXPECT_EQ(read->memory().limit(), 96 * kMiB);
  EXPECT_EQ(read->memory().reservation(), 24 * kMiB);
  EXPECT_FALSE(read->has_device());

  // Feeding the read-back spec to a replace update changes nothing.
  ASSERT_TRUE((*created)->Update(*read, Container::UPDATE_REPLACE).ok());
  EXPECT_EQ(ReadCgroupInt("cpu", "/roundtrip", "cpu.cfs_quota_us"), 150000);
  EXPECT_EQ(ReadCgroupFile("cpuset", "/roundtrip", "cpuset.cpus"), "1");
  EXPECT_EQ(ReadCgroupInt("memory", "/roundtrip", "memory.limit_in_bytes"),
            96 * kMiB);
}

TEST_F(UpdateSpecTest, SpecReadsBackTheKernelsDeviceWhitelist) {
  const ContainerSpec spec = ParseSpec(
      "device { restrictions_set { "
      "restrictions { permission: DENY type: DEVICE_ALL "
      "access: READ access: WRITE access: MKNOD } "
      "restrictions { permission: ALLOW type: DEVICE_CHAR major: 1 minor: 3 "
      "access: READ access: WRITE } } }");
  DestroyAtTearDown("/whitelist");
  absl::StatusOr<std::unique_ptr<Container>> created =
      api().Create("/whitelist", spec);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(ReadCgroupFile("devices", "/whitelist", "devices.list"),
            "c 1:3 rw");

  absl::StatusOr<ContainerSpec> read = (*created)->Spec();
  ASSERT_TRUE(read.ok()) << read.status();
  const auto& rules = read->device().restrictions_set().restrictions();
  ASSERT_EQ(rules.size(), 1);
  EXPECT_EQ(rules[0].permission(), DeviceSpec::ALLOW);
  EXPECT_EQ(rules[0].type(), DeviceSpec::DEVICE_CHAR);
  EXPECT_EQ(rules[0].major(), 1);
  EXPECT_EQ(rules[0].minor(), 3);
  ASSERT_EQ(rules[0].access_size(), 2);
  EXPECT_EQ(rules[0].access(0), DeviceSpec::READ);
  EXPECT_EQ(rules[0].access(1), DeviceSpec::WRITE);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
