// SPDX-License-Identifier: Apache-2.0
// Tests of CpusetController against a mocked kernel.

#include "lmctfy/controllers/cpuset_controller.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::StrictMock;

const char kDir[] = "/sys/fs/cgroup/cpuset/web";

std::string InDir(const std::string& file) {
  return std::string(kDir) + "/" + file;
}

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

class CpusetControllerTest : public ::testing::Test {
 protected:
  StrictMock<MockKernelApi> kernel_;
  CpusetController controller_{kDir, kernel_};
};

TEST_F(CpusetControllerTest, BelongsToCpusetHierarchy) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_CPUSET);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(CpusetControllerTest, SetCpusWritesListVerbatim) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cpuset.cpus")), Eq("0-3,8")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.SetCpus("0-3,8").ok());
}

TEST_F(CpusetControllerTest, SetCpusErrorNamesListAndFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cpuset.cpus")), Eq("64")))
      .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));

  absl::Status status = controller_.SetCpus("64");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"64\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpuset.cpus")));
}

TEST_F(CpusetControllerTest, GetCpusTrimsTrailingNewline) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuset.cpus"))))
      .WillOnce(Return(Contents("0-3,8\n")));

  absl::StatusOr<std::string> cpus = controller_.GetCpus();
  ASSERT_TRUE(cpus.ok());
  EXPECT_EQ(*cpus, "0-3,8");
}

TEST_F(CpusetControllerTest, GetCpusOfUnassignedCgroupIsEmpty) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuset.cpus"))))
      .WillOnce(Return(Contents("\n")));

  absl::StatusOr<std::string> cpus = controller_.GetCpus();
  ASSERT_TRUE(cpus.ok());
  EXPECT_EQ(*cpus, "");
}

TEST_F(CpusetControllerTest, GetCpusReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuset.cpus"))))
      .WillOnce(Return(absl::NotFoundError(InDir("cpuset.cpus"))));

  absl::StatusOr<std::string> cpus = controller_.GetCpus();
  EXPECT_TRUE(absl::IsNotFound(cpus.status()));
  EXPECT_THAT(cpus.status().message(), HasSubstr(InDir("cpuset.cpus")));
}

TEST_F(CpusetControllerTest, SetMemsWritesListVerbatim) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cpuset.mems")), Eq("0")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.SetMems("0").ok());
}

TEST_F(CpusetControllerTest, SetMemsErrorNamesListAndFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("cpuset.mems")), Eq("3")))
      .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));

  absl::Status status = controller_.SetMems("3");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"3\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("cpuset.mems")));
}

TEST_F(CpusetControllerTest, GetMemsTrimsTrailingNewline) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuset.mems"))))
      .WillOnce(Return(Contents("0-1\n")));

  absl::StatusOr<std::string> mems = controller_.GetMems();
  ASSERT_TRUE(mems.ok());
  EXPECT_EQ(*mems, "0-1");
}

TEST_F(CpusetControllerTest, GetMemsReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("cpuset.mems"))))
      .WillOnce(Return(absl::PermissionDeniedError(InDir("cpuset.mems"))));

  absl::StatusOr<std::string> mems = controller_.GetMems();
  EXPECT_TRUE(absl::IsPermissionDenied(mems.status()));
  EXPECT_THAT(mems.status().message(), HasSubstr(InDir("cpuset.mems")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
