// SPDX-License-Identifier: Apache-2.0
// Memory enforcement on the real kernel: limits read back from the cgroup
// files, swap ceilings in both directions, and a limit below current usage
// refused with the old limit kept.

#include <sys/types.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "include/lmctfy.h"
#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMiB = 1024 * 1024;

class MemoryTest : public IntegrationTest {
 protected:
  bool HasSwapAccounting() {
    const std::string file =
        CgroupDir("memory", "/") + "/memory.memsw.limit_in_bytes";
    return access(file.c_str(), F_OK) == 0;
  }
};

TEST_F(MemoryTest, UpdateDiffMovesLimitAndReservationInTheKernel) {
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/mem", absl::StrCat("memory { limit: ", 64 * kMiB,
                                         " reservation: ", 16 * kMiB, " }")));
  const CommandResult updated =
      RunCli({"update", "diff", "/mem",
              absl::StrCat("memory { limit: ", 96 * kMiB,
                           " reservation: ", 48 * kMiB, " }")});
  ASSERT_EQ(updated.exit_code, 0) << updated;

  EXPECT_EQ(ReadCgroupInt("memory", "/mem", "memory.limit_in_bytes"),
            96 * kMiB);
  EXPECT_EQ(ReadCgroupInt("memory", "/mem", "memory.soft_limit_in_bytes"),
            48 * kMiB);
}

TEST_F(MemoryTest, SwapLimitIsTheMemoryPlusSwapCeilingBothWays) {
  if (!HasSwapAccounting()) {
    GTEST_SKIP() << "memory.memsw.limit_in_bytes is absent (no swap "
                    "accounting in this kernel)";
  }
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/swap", absl::StrCat("memory { limit: ", 64 * kMiB,
                                          " swap_limit: ", 128 * kMiB, " }")));
  EXPECT_EQ(ReadCgroupInt("memory", "/swap", "memory.memsw.limit_in_bytes"),
            128 * kMiB);

  // Raising both needs the swap ceiling written first.
  CommandResult updated =
      RunCli({"update", "diff", "/swap",
              absl::StrCat("memory { limit: ", 256 * kMiB,
                           " swap_limit: ", 512 * kMiB, " }")});
  ASSERT_EQ(updated.exit_code, 0) << updated;
  EXPECT_EQ(ReadCgroupInt("memory", "/swap", "memory.limit_in_bytes"),
            256 * kMiB);
  EXPECT_EQ(ReadCgroupInt("memory", "/swap", "memory.memsw.limit_in_bytes"),
            512 * kMiB);

  // Lowering both needs the memory limit written first.
  updated = RunCli({"update", "diff", "/swap",
                    absl::StrCat("memory { limit: ", 32 * kMiB,
                                 " swap_limit: ", 48 * kMiB, " }")});
  ASSERT_EQ(updated.exit_code, 0) << updated;
  EXPECT_EQ(ReadCgroupInt("memory", "/swap", "memory.limit_in_bytes"),
            32 * kMiB);
  EXPECT_EQ(ReadCgroupInt("memory", "/swap", "memory.memsw.limit_in_bytes"),
            48 * kMiB);
}

TEST_F(MemoryTest, SwapLimitBelowMemoryLimitIsRefused) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/lowswap", absl::StrCat("memory { limit: ", 64 * kMiB, " }")));
  const CommandResult refused =
      RunCli({"update", "diff", "/lowswap",
              absl::StrCat("memory { swap_limit: ", 32 * kMiB, " }")});
  EXPECT_NE(refused.exit_code, 0) << refused;
  EXPECT_THAT(refused.err, HasSubstr("swap_limit"));
  EXPECT_EQ(ReadCgroupInt("memory", "/lowswap", "memory.limit_in_bytes"),
            64 * kMiB);
}

TEST_F(MemoryTest, LimitBelowCurrentUsageIsRefusedAndTheOldLimitStays) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/busy", absl::StrCat("memory { limit: ", 256 * kMiB, " }")));
  ASSERT_GT(RunInBackground("/busy", {LMCTFY_MEMHOG_PATH, "64", "120"}), 0);
  ASSERT_TRUE(WaitUntil([] {
    return ReadCgroupInt("memory", "/busy", "memory.usage_in_bytes") >=
           64 * kMiB;
  })) << "memhog never reached 64 MiB";

  absl::StatusOr<std::unique_ptr<Container>> busy = api().Get("/busy");
  ASSERT_TRUE(busy.ok()) << busy.status();
  ContainerSpec lower;
  lower.mutable_memory()->set_limit(16 * kMiB);
  absl::Status status = (*busy)->Update(lower, Container::UPDATE_DIFF);

  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("/busy"));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat("memory.limit ", 16 * kMiB,
                                     " is below current usage")));
  EXPECT_EQ(ReadCgroupInt("memory", "/busy", "memory.limit_in_bytes"),
            256 * kMiB);
}

TEST_F(MemoryTest, FailedMemoryWriteRestoresTheCpuSharesAlreadyWritten) {
  ASSERT_NO_FATAL_FAILURE(CreateWithCli(
      "/rollback",
      absl::StrCat("cpu { limit: 500 } memory { limit: ", 256 * kMiB, " }")));
  ASSERT_GT(RunInBackground("/rollback", {LMCTFY_MEMHOG_PATH, "64", "120"}), 0);
  ASSERT_TRUE(WaitUntil([] {
    return ReadCgroupInt("memory", "/rollback", "memory.usage_in_bytes") >=
           64 * kMiB;
  })) << "memhog never reached 64 MiB";

  // cpu is applied before memory; the kernel then refuses the memory limit.
  const CommandResult refused = RunCli(
      {"update", "diff", "/rollback",
       absl::StrCat("cpu { limit: 2000 } memory { limit: ", 16 * kMiB, " }")});
  EXPECT_EQ(refused.exit_code, 9) << refused;  // FAILED_PRECONDITION
  EXPECT_THAT(refused.err, HasSubstr("below current usage"));
  EXPECT_EQ(ReadCgroupInt("cpu", "/rollback", "cpu.shares"), 512);
  EXPECT_EQ(ReadCgroupInt("memory", "/rollback", "memory.limit_in_bytes"),
            256 * kMiB);
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
