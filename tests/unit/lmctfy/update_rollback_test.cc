// SPDX-License-Identifier: Apache-2.0
// Regression tests from fuzz/container_spec_fuzzer: a refused Update leaves
// every cgroup file as it was, on the fake cgroup filesystem.

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "lmctfy/container_impl.h"
#include "tests/unit/lmctfy/fake_cgroupfs.h"

namespace containers {
namespace lmctfy {
namespace {

class UpdateRollbackTest : public FakeMachineTest {
 protected:
  void SetUp() override {
    MountSeparately();
    AddContainer("/a",
                 {CGROUP_CPU, CGROUP_CPUACCT, CGROUP_CPUSET, CGROUP_MEMORY});
  }
};

// 761 shares read back as 743 milliCPU, and 743 milliCPU writes 760 shares:
// restoring cpu from what Spec() reported used to move cpu.shares to 760.
TEST_F(UpdateRollbackTest, SharesThatReadBackRoundedAreRestoredExactly) {
  fs_.SetFile("/cg/cpu/a/cpu.shares", "761\n");
  fs_.FailWrite("/cg/memory/a/memory.limit_in_bytes",
                absl::PermissionDeniedError("Permission denied"));
  ContainerSpec spec;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      "cpu { limit: 744 } memory { limit: 67108864 }", &spec));

  absl::Status status =
      ContainerImpl("/a", Context()).Update(spec, Container::UPDATE_DIFF);

  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(fs_.File("/cg/cpu/a/cpu.shares"), "761\n");
  EXPECT_THAT(fs_.LogOf("write /cg/cpu/a/cpu.shares"), ::testing::IsEmpty());
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
