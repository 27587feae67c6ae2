// SPDX-License-Identifier: Apache-2.0
// Tests of ChildrenLimit: where the limit is stored and how it is checked.

#include "lmctfy/children_limit.h"

#include <optional>
#include <string>
#include <vector>

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

constexpr char kDir[] = "/cg/freezer/web";
constexpr char kCarrier[] = "/cg/freezer/web/cgroup.clone_children";
constexpr char kAttribute[] = "user.lmctfy.children_limit";
constexpr char kKernelFile[] = "/cg/freezer/web/cgroup.children_limit";

class ChildrenLimitTest : public ::testing::Test {
 protected:
  StrictMock<MockKernelApi> kernel_;
  ChildrenLimit limit_{kernel_};
};

TEST_F(ChildrenLimitTest, StoreSetsAttributeOnRootOwnedCarrierFile) {
  EXPECT_CALL(kernel_, SetXattr(Eq(kCarrier), Eq(kAttribute), Eq("3")))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, PathExists(Eq(kKernelFile))).WillOnce(Return(false));
  EXPECT_TRUE(limit_.Store("/web", kDir, 3).ok());
}

TEST_F(ChildrenLimitTest, StoreAlsoWritesKernelLimitFileWhereItExists) {
  EXPECT_CALL(kernel_, SetXattr(Eq(kCarrier), Eq(kAttribute), Eq("7")))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_CALL(kernel_, PathExists(Eq(kKernelFile))).WillOnce(Return(true));
  EXPECT_CALL(kernel_, WriteFile(Eq(kKernelFile), Eq("7")))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_TRUE(limit_.Store("/web", kDir, 7).ok());
}

TEST_F(ChildrenLimitTest, StoreRefusesNegativeLimitWithoutWriting) {
  absl::Status status = limit_.Store("/web", kDir, -2);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("container /web: children_limit -2"));
}

TEST_F(ChildrenLimitTest, StoreFailureNamesContainerAndValue) {
  EXPECT_CALL(kernel_, SetXattr(Eq(kCarrier), Eq(kAttribute), Eq("3")))
      .WillOnce(Return(absl::UnimplementedError("setting it: Not supported")));
  absl::Status status = limit_.Store("/web", kDir, 3);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("container /web: storing children_limit 3"));
}

TEST_F(ChildrenLimitTest, LoadWithoutAttributeIsNoLimit) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(absl::NotFoundError("no attribute")));
  absl::StatusOr<std::optional<int64_t>> loaded = limit_.Load(kDir);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(ChildrenLimitTest, LoadWhereAttributesAreUnsupportedIsNoLimit) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(absl::UnimplementedError("Operation not supported")));
  absl::StatusOr<std::optional<int64_t>> loaded = limit_.Load(kDir);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(ChildrenLimitTest, LoadParsesStoredLimit) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(std::string("12")));
  absl::StatusOr<std::optional<int64_t>> loaded = limit_.Load(kDir);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->value_or(-1), 12);
}

TEST_F(ChildrenLimitTest, LoadOfGarbageIsInternalNamingFileAndText) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(std::string("lots")));
  absl::Status status = limit_.Load(kDir).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr(kCarrier));
  EXPECT_THAT(std::string(status.message()), HasSubstr("\"lots\""));
}

TEST_F(ChildrenLimitTest, LoadPassesOtherKernelErrorsOn) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(absl::PermissionDeniedError("denied")));
  EXPECT_EQ(limit_.Load(kDir).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(ChildrenLimitTest, CheckWithoutLimitListsNothing) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(absl::NotFoundError("no attribute")));
  EXPECT_TRUE(limit_.CheckRoomForChild("/web", kDir, "/web/a").ok());
}

TEST_F(ChildrenLimitTest, CheckCountsOnlyValidContainerNames) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillRepeatedly(Return(std::string("2")));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(std::vector<std::string>{"a", "not valid"}))
      .WillOnce(Return(std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(limit_.CheckRoomForChild("/web", kDir, "/web/c").ok());

  absl::Status status = limit_.CheckRoomForChild("/web", kDir, "/web/c");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("cannot create /web/c: container /web already has 2 "
                        "subcontainer(s), its children_limit is 2"));
}

TEST_F(ChildrenLimitTest, CheckPassesListingErrorsOn) {
  EXPECT_CALL(kernel_, GetXattr(Eq(kCarrier), Eq(kAttribute)))
      .WillOnce(Return(std::string("1")));
  EXPECT_CALL(kernel_, ListSubdirectories(Eq(kDir)))
      .WillOnce(Return(absl::NotFoundError("/cg/freezer/web: gone")));
  EXPECT_EQ(limit_.CheckRoomForChild("/web", kDir, "/web/a").code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
