// SPDX-License-Identifier: Apache-2.0
// Tests of a virtual host's user namespace: the id map rules, the kernel
// checks and the map files written for a new init.

#include "lmctfy/vhost/user_namespace.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "system_api/mock_kernel_api.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;

UserNsSpec ParseUserNs(const std::string& text) {
  UserNsSpec spec;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &spec))
      << text;
  return spec;
}

constexpr char kRootMap[] =
    "{ id_inside_ns: 0 id_outside_ns: 100000 length: 65536 }";

// A user namespace spec with `uid_map` lines and the root gid map.
UserNsSpec WithUidMap(const std::string& uid_map) {
  return ParseUserNs(absl::StrCat(uid_map, " gid_map ", kRootMap));
}

TEST(CheckUserNamespaceSpecTest, AcceptsRootMapAndSeveralLines) {
  EXPECT_TRUE(CheckUserNamespaceSpec(
                  "/vh", WithUidMap(absl::StrCat("uid_map ", kRootMap)))
                  .ok());
  EXPECT_TRUE(
      CheckUserNamespaceSpec(
          "/vh", WithUidMap("uid_map { id_outside_ns: 200000 length: 1 } "
                            "uid_map { id_inside_ns: 1000 id_outside_ns: 1000 "
                            "length: 1 } uid_map { id_inside_ns: 4294967294 "
                            "id_outside_ns: 5 length: 1 }"))
          .ok());
}

TEST(CheckUserNamespaceSpecTest, AcceptsTheKernelsMostLines) {
  UserNsSpec spec = WithUidMap("");
  for (uint32_t i = 0; i < 340; ++i) {
    IdMapEntry* line = spec.add_uid_map();
    line->set_id_inside_ns(i);
    line->set_id_outside_ns(100000 + i);
    line->set_length(1);
  }
  EXPECT_TRUE(CheckUserNamespaceSpec("/vh", spec).ok());

  spec.add_uid_map()->CopyFrom(spec.uid_map(339));
  spec.mutable_uid_map(340)->set_id_inside_ns(340);
  spec.mutable_uid_map(340)->set_id_outside_ns(100340);
  absl::Status status = CheckUserNamespaceSpec("/vh", spec);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("virtual_host.user_namespace.uid_map has 341 lines"));
}

struct Refusal {
  std::string spec;
  std::string text;
};

class UserNamespaceRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(UserNamespaceRefusalTest, NamesContainerFieldAndValue) {
  absl::Status status =
      CheckUserNamespaceSpec("/vh", ParseUserNs(GetParam().spec));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("container /vh: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr(GetParam().text));
}

INSTANTIATE_TEST_SUITE_P(
    Maps, UserNamespaceRefusalTest,
    ::testing::Values(
        Refusal{absl::StrCat("gid_map ", kRootMap),
                "virtual_host.user_namespace.uid_map has 0 lines; it must "
                "have 1 to 340"},
        Refusal{absl::StrCat("uid_map ", kRootMap),
                "virtual_host.user_namespace.gid_map has 0 lines"},
        Refusal{absl::StrCat("uid_map { id_outside_ns: 5 } gid_map ", kRootMap),
                "virtual_host.user_namespace.uid_map[0].length \"0\" must be "
                "at least 1"},
        Refusal{absl::StrCat("uid_map ", kRootMap, " gid_map ", kRootMap,
                             " gid_map { id_inside_ns: 4294967290 "
                             "id_outside_ns: 1 length: 6 }"),
                "virtual_host.user_namespace.gid_map[1].id_inside_ns "
                "\"4294967290\" with length 6 runs past the last valid id "
                "4294967294"},
        Refusal{absl::StrCat("uid_map { id_outside_ns: 4294967295 length: 1 "
                             "} gid_map ",
                             kRootMap),
                "uid_map[0].id_outside_ns \"4294967295\""},
        Refusal{absl::StrCat("uid_map ", kRootMap,
                             " uid_map { id_inside_ns: 65535 id_outside_ns: "
                             "1 length: 2 } gid_map ",
                             kRootMap),
                "uid_map[1] \"65535 1 2\" overlaps line 0 of the map"},
        Refusal{absl::StrCat("uid_map ", kRootMap,
                             " uid_map { id_inside_ns: 70000 id_outside_ns: "
                             "165535 length: 1 } gid_map ",
                             kRootMap),
                "uid_map[1] \"70000 165535 1\" overlaps line 0"},
        Refusal{absl::StrCat("uid_map { id_inside_ns: 1 id_outside_ns: 1 "
                             "length: 10 } gid_map ",
                             kRootMap),
                "virtual_host.user_namespace.uid_map maps no id_inside_ns 0"}));

TEST(IdMapTextTest, OneInsideOutsideLengthLinePerEntry) {
  const UserNsSpec spec = ParseUserNs(
      "uid_map { id_inside_ns: 0 id_outside_ns: 100000 length: 65536 } "
      "uid_map { id_inside_ns: 65536 id_outside_ns: 0 length: 1 }");
  EXPECT_EQ(IdMapText(spec.uid_map()), "0 100000 65536\n65536 0 1\n");
  EXPECT_EQ(IdMapText(spec.gid_map()), "");
}

TEST(MapsInsideIdTest, CoversFirstToLastIdOfEachLine) {
  const UserNsSpec spec =
      ParseUserNs("gid_map { id_inside_ns: 3 id_outside_ns: 9 length: 3 }");
  EXPECT_FALSE(MapsInsideId(spec.gid_map(), 2));
  EXPECT_TRUE(MapsInsideId(spec.gid_map(), 3));
  EXPECT_TRUE(MapsInsideId(spec.gid_map(), 5));
  EXPECT_FALSE(MapsInsideId(spec.gid_map(), 6));
}

class UserNamespaceKernelTest : public ::testing::Test {
 protected:
  UserNamespaceKernelTest() {
    ON_CALL(kernel_, PathExists(Eq(std::string("/proc/self/ns/user"))))
        .WillByDefault(Return(true));
    ON_CALL(kernel_,
            ReadFile(Eq(std::string("/proc/sys/user/max_user_namespaces"))))
        .WillByDefault(Return(std::string("96368\n")));
  }

  NiceMock<MockKernelApi> kernel_;
};

TEST_F(UserNamespaceKernelTest, AllowedWhenTheKernelHasThemAndALimit) {
  EXPECT_TRUE(CheckUserNamespacesAllowed("/vh", kernel_).ok());
}

TEST_F(UserNamespaceKernelTest, ZeroLimitIsAFailedPreconditionNamingTheFile) {
  ON_CALL(kernel_,
          ReadFile(Eq(std::string("/proc/sys/user/max_user_namespaces"))))
      .WillByDefault(Return(std::string("0\n")));
  absl::Status status = CheckUserNamespacesAllowed("/vh", kernel_);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("container /vh: virtual_host.user_namespace"));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/proc/sys/user/max_user_namespaces is 0"));
}

TEST_F(UserNamespaceKernelTest, KernelWithoutUserNamespacesIsUnimplemented) {
  ON_CALL(kernel_, PathExists(_)).WillByDefault(Return(false));
  absl::Status status = CheckUserNamespacesAllowed("/vh", kernel_);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/proc/self/ns/user"));
}

TEST_F(UserNamespaceKernelTest, MapsAreWrittenUidFirstEachInOneWrite) {
  std::vector<std::string> writes;
  ON_CALL(kernel_, WriteFile(_, _))
      .WillByDefault([&](absl::string_view path, absl::string_view text) {
        writes.push_back(absl::StrCat(path, "=", text));
        return absl::OkStatus();
      });
  const UserNsSpec spec = ParseUserNs(absl::StrCat(
      "uid_map ", kRootMap, " gid_map ", kRootMap,
      " gid_map { id_inside_ns: 65536 id_outside_ns: 5 length: 1 }"));

  ASSERT_TRUE(WriteIdMaps(kernel_, 4242, spec).ok());

  EXPECT_THAT(writes, ElementsAre("/proc/4242/uid_map=0 100000 65536\n",
                                  "/proc/4242/gid_map=0 100000 65536\n"
                                  "65536 5 1\n"));
}

TEST_F(UserNamespaceKernelTest, FailedUidMapStopsBeforeTheGidMap) {
  EXPECT_CALL(kernel_, WriteFile(Eq(std::string("/proc/7/uid_map")), _))
      .WillOnce(Return(absl::PermissionDeniedError(
          "writing \"0 100000 65536\\n\" to /proc/7/uid_map: denied")));
  EXPECT_CALL(kernel_, WriteFile(Eq(std::string("/proc/7/gid_map")), _))
      .Times(0);
  absl::Status status = WriteIdMaps(
      kernel_, 7,
      ParseUserNs(absl::StrCat("uid_map ", kRootMap, " gid_map ", kRootMap)));
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/proc/7/uid_map"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
