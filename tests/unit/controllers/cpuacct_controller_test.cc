// SPDX-License-Identifier: Apache-2.0
// Tests of CpuacctController against a mocked kernel.

#include "lmctfy/controllers/cpuacct_controller.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;
using ::testing::StrictMock;

const char kDir[] = "/sys/fs/cgroup/cpuacct/web";

std::string InDir(const std::string& file) {
  return std::string(kDir) + "/" + file;
}

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

class CpuacctControllerTest : public ::testing::Test {
 protected:
  void ExpectRead(const std::string& file, const std::string& text) {
    EXPECT_CALL(kernel_, ReadFile(Eq(InDir(file))))
        .WillOnce(Return(Contents(text)));
  }
  void ExpectReadFails(const std::string& file) {
    EXPECT_CALL(kernel_, ReadFile(Eq(InDir(file))))
        .WillOnce(Return(absl::NotFoundError(InDir(file) + ": missing")));
  }

  StrictMock<MockKernelApi> kernel_;
  CpuacctController controller_{kDir, kernel_};
};

TEST_F(CpuacctControllerTest, BelongsToCpuacctHierarchy) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_CPUACCT);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(CpuacctControllerTest, GetUsageReadsUsageFile) {
  ExpectRead("cpuacct.usage", "987654321\n");

  absl::StatusOr<uint64_t> usage = controller_.GetUsageNs();
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(*usage, 987654321u);
}

TEST_F(CpuacctControllerTest, GetUsageRejectsGarbage) {
  ExpectRead("cpuacct.usage", "n/a\n");

  absl::StatusOr<uint64_t> usage = controller_.GetUsageNs();
  EXPECT_TRUE(absl::IsInternal(usage.status()));
  EXPECT_THAT(usage.status().message(), HasSubstr(InDir("cpuacct.usage")));
  EXPECT_THAT(usage.status().message(), HasSubstr("\"n/a\""));
}

TEST_F(CpuacctControllerTest, GetUsageReturnsKernelError) {
  ExpectReadFails("cpuacct.usage");

  absl::StatusOr<uint64_t> usage = controller_.GetUsageNs();
  EXPECT_TRUE(absl::IsNotFound(usage.status()));
  EXPECT_THAT(usage.status().message(), HasSubstr(InDir("cpuacct.usage")));
}

TEST_F(CpuacctControllerTest, GetPerCpuUsageReadsValuesInCpuOrder) {
  ExpectRead("cpuacct.usage_percpu", "300 0 100 200 \n");

  auto usage = controller_.GetPerCpuUsageNs();
  ASSERT_TRUE(usage.ok());
  EXPECT_THAT(*usage, ElementsAre(300, 0, 100, 200));
}

TEST_F(CpuacctControllerTest, GetPerCpuUsageOfEmptyFileIsEmpty) {
  ExpectRead("cpuacct.usage_percpu", "\n");

  auto usage = controller_.GetPerCpuUsageNs();
  ASSERT_TRUE(usage.ok());
  EXPECT_THAT(*usage, IsEmpty());
}

TEST_F(CpuacctControllerTest, GetPerCpuUsageRejectsGarbage) {
  ExpectRead("cpuacct.usage_percpu", "300 abc\n");

  auto usage = controller_.GetPerCpuUsageNs();
  EXPECT_TRUE(absl::IsInternal(usage.status()));
  EXPECT_THAT(usage.status().message(),
              HasSubstr(InDir("cpuacct.usage_percpu")));
  EXPECT_THAT(usage.status().message(), HasSubstr("\"abc\""));
}

TEST_F(CpuacctControllerTest, GetPerCpuUsageReturnsKernelError) {
  ExpectReadFails("cpuacct.usage_percpu");

  auto usage = controller_.GetPerCpuUsageNs();
  EXPECT_TRUE(absl::IsNotFound(usage.status()));
  EXPECT_THAT(usage.status().message(),
              HasSubstr(InDir("cpuacct.usage_percpu")));
}

TEST_F(CpuacctControllerTest, GetUserSystemConvertsTicksToNanoseconds) {
  ExpectRead("cpuacct.stat", "user 250\nsystem 3\n");

  auto times = controller_.GetUserSystemNs();
  ASSERT_TRUE(times.ok());
  EXPECT_EQ(times->user_ns, 2500000000);
  EXPECT_EQ(times->system_ns, 30000000);
}

TEST_F(CpuacctControllerTest, GetUserSystemUsesGivenTickRate) {
  CpuacctController controller(kDir, kernel_, 300);
  ExpectRead("cpuacct.stat", "user 1\nsystem 450\n");

  auto times = controller.GetUserSystemNs();
  ASSERT_TRUE(times.ok());
  EXPECT_EQ(times->user_ns, 3333333);
  EXPECT_EQ(times->system_ns, 1500000000);
}

TEST_F(CpuacctControllerTest, GetUserSystemSaturatesHugeTickCounts) {
  ExpectRead("cpuacct.stat", "user 9223372036854775807\nsystem 0\n");

  auto times = controller_.GetUserSystemNs();
  ASSERT_TRUE(times.ok());
  EXPECT_EQ(times->user_ns, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(times->system_ns, 0);
}

TEST_F(CpuacctControllerTest, GetUserSystemRejectsMissingSystemLine) {
  ExpectRead("cpuacct.stat", "user 1\n");

  auto times = controller_.GetUserSystemNs();
  EXPECT_TRUE(absl::IsInternal(times.status()));
  EXPECT_THAT(times.status().message(), HasSubstr(InDir("cpuacct.stat")));
  EXPECT_THAT(times.status().message(), HasSubstr("\"system\""));
}

TEST_F(CpuacctControllerTest, GetUserSystemRejectsMissingUserLine) {
  ExpectRead("cpuacct.stat", "system 1\n");

  auto times = controller_.GetUserSystemNs();
  EXPECT_TRUE(absl::IsInternal(times.status()));
  EXPECT_THAT(times.status().message(), HasSubstr("\"user\""));
}

TEST_F(CpuacctControllerTest, GetUserSystemRejectsMalformedLine) {
  ExpectRead("cpuacct.stat", "user 1 2\nsystem 1\n");

  auto times = controller_.GetUserSystemNs();
  EXPECT_TRUE(absl::IsInternal(times.status()));
  EXPECT_THAT(times.status().message(), HasSubstr(InDir("cpuacct.stat")));
  EXPECT_THAT(times.status().message(), HasSubstr("user 1 2"));
}

TEST_F(CpuacctControllerTest, GetUserSystemReturnsKernelError) {
  ExpectReadFails("cpuacct.stat");

  auto times = controller_.GetUserSystemNs();
  EXPECT_TRUE(absl::IsNotFound(times.status()));
  EXPECT_THAT(times.status().message(), HasSubstr(InDir("cpuacct.stat")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
