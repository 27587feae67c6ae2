// SPDX-License-Identifier: Apache-2.0
// Tests of DevicesController against a mocked kernel.

#include "lmctfy/controllers/devices_controller.h"

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

const char kDir[] = "/sys/fs/cgroup/devices/web";

std::string InDir(const std::string& file) {
  return std::string(kDir) + "/" + file;
}

absl::StatusOr<std::string> Contents(const std::string& text) { return text; }

class DevicesControllerTest : public ::testing::Test {
 protected:
  StrictMock<MockKernelApi> kernel_;
  DevicesController controller_{kDir, kernel_};
};

TEST_F(DevicesControllerTest, BelongsToDevicesHierarchy) {
  EXPECT_EQ(controller_.hierarchy(), CGROUP_DEVICE);
  EXPECT_EQ(controller_.path(), kDir);
}

TEST_F(DevicesControllerTest, AllowWritesRuleToAllowFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("devices.allow")), Eq("c 1:3 rwm")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.Allow("c 1:3 rwm").ok());
}

TEST_F(DevicesControllerTest, AllowErrorNamesRuleAndFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("devices.allow")), Eq("x 1:3 r")))
      .WillOnce(Return(absl::InvalidArgumentError("Invalid argument")));

  absl::Status status = controller_.Allow("x 1:3 r");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("\"x 1:3 r\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("devices.allow")));
}

TEST_F(DevicesControllerTest, DenyWritesRuleToDenyFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("devices.deny")), Eq("a *:* rwm")))
      .WillOnce(Return(absl::OkStatus()));

  EXPECT_TRUE(controller_.Deny("a *:* rwm").ok());
}

TEST_F(DevicesControllerTest, DenyErrorNamesRuleAndFile) {
  EXPECT_CALL(kernel_, WriteFile(Eq(InDir("devices.deny")), Eq("a *:* rwm")))
      .WillOnce(Return(absl::PermissionDeniedError("Operation not permitted")));

  absl::Status status = controller_.Deny("a *:* rwm");
  EXPECT_TRUE(absl::IsPermissionDenied(status));
  EXPECT_THAT(status.message(), HasSubstr("\"a *:* rwm\""));
  EXPECT_THAT(status.message(), HasSubstr(InDir("devices.deny")));
}

TEST_F(DevicesControllerTest, GetListReturnsTrimmedNonEmptyLines) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("devices.list"))))
      .WillOnce(Return(Contents("c 1:3 rwm\n\n b 8:0 r \n")));

  auto rules = controller_.GetList();
  ASSERT_TRUE(rules.ok());
  EXPECT_THAT(*rules, ElementsAre("c 1:3 rwm", "b 8:0 r"));
}

TEST_F(DevicesControllerTest, GetListOfFullyDeniedCgroupIsEmpty) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("devices.list"))))
      .WillOnce(Return(Contents("")));

  auto rules = controller_.GetList();
  ASSERT_TRUE(rules.ok());
  EXPECT_THAT(*rules, IsEmpty());
}

TEST_F(DevicesControllerTest, GetListReturnsKernelError) {
  EXPECT_CALL(kernel_, ReadFile(Eq(InDir("devices.list"))))
      .WillOnce(Return(absl::NotFoundError(InDir("devices.list"))));

  auto rules = controller_.GetList();
  EXPECT_TRUE(absl::IsNotFound(rules.status()));
  EXPECT_THAT(rules.status().message(), HasSubstr(InDir("devices.list")));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
