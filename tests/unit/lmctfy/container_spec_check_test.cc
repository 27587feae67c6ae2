// SPDX-License-Identifier: Apache-2.0
// Tests of the checks on ContainerSpec fields that no resource handler owns.

#include "lmctfy/container_spec_check.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "tests/common/parse_spec.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::HasSubstr;

absl::Status CheckCreate(const std::string& text) {
  return CheckCreateOnlyFields("/web", ParseSpec(text));
}

absl::Status CheckUpdate(const std::string& text) {
  return CheckUpdateFields("/web", ParseSpec(text));
}

struct Refusal {
  const char* spec;
  absl::StatusCode code;
  const char* field;
};

void ExpectRefusal(const absl::Status& status, const Refusal& refusal) {
  EXPECT_EQ(status.code(), refusal.code) << refusal.spec << ": " << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(refusal.field))
      << refusal.spec;
  EXPECT_THAT(std::string(status.message()), HasSubstr("container /web"))
      << refusal.spec;
}

// ---- Create ----

TEST(CheckCreateOnlyFieldsTest, AcceptsResourceSectionsAndValidOwners) {
  for (const char* spec :
       {"", "cpu {} memory {} device {} monitoring {}", "network {}",
        "owner: 0 owner_group: 0", "owner: 4294967294 owner_group: 65534",
        "security_spec {}", "filesystem {}", "children_limit: 0",
        "children_limit: 4", "virtual_host {}",
        "virtual_host { virtual_hostname: \"h\" } "
        "filesystem { rootfs: \"/srv/root\" }"}) {
    EXPECT_TRUE(CheckCreate(spec).ok()) << spec;
  }
}

class CreateRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(CreateRefusalTest, NamesTheFieldAndContainer) {
  ExpectRefusal(CheckCreate(GetParam().spec), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Fields, CreateRefusalTest,
    ::testing::Values(
        Refusal{"owner: -1", absl::StatusCode::kInvalidArgument, "owner -1"},
        Refusal{"owner: 4294967295", absl::StatusCode::kInvalidArgument,
                "owner 4294967295"},
        Refusal{"owner_group: -7", absl::StatusCode::kInvalidArgument,
                "owner_group -7"},
        Refusal{"children_limit: -1", absl::StatusCode::kInvalidArgument,
                "children_limit -1"},
        Refusal{"virtual_host { virtual_hostname: \"a b\" }",
                absl::StatusCode::kInvalidArgument,
                "virtual_host.virtual_hostname \"a b\""},
        Refusal{"filesystem { rootfs: \"/srv/root\" }",
                absl::StatusCode::kInvalidArgument, "filesystem.rootfs"},
        Refusal{"filesystem { mounts { mount { source: \"/a\" } } }",
                absl::StatusCode::kInvalidArgument, "filesystem.mounts"},
        Refusal{"filesystem { fd_limit: 100 }",
                absl::StatusCode::kUnimplemented, "filesystem.fd_limit"},
        Refusal{"blockio { device_limit_set { default_limit: 10 } }",
                absl::StatusCode::kUnimplemented, "blockio"},
        Refusal{"security_spec { apparmor_profile { name: \"strict\" } }",
                absl::StatusCode::kUnimplemented,
                "security_spec.apparmor_profile"}));

// ---- Update ----

TEST(CheckUpdateFieldsTest, AcceptsResourceSections) {
  for (const char* spec : {"", "cpu { limit: 100 }", "memory { limit: 4096 }",
                           "device {}", "monitoring {}"}) {
    EXPECT_TRUE(CheckUpdate(spec).ok()) << spec;
  }
}

class UpdateRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(UpdateRefusalTest, NamesTheFieldAndContainer) {
  ExpectRefusal(CheckUpdate(GetParam().spec), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Fields, UpdateRefusalTest,
    ::testing::Values(
        Refusal{"virtual_host {}", absl::StatusCode::kUnimplemented,
                "virtual_host"},
        Refusal{"owner: 1000", absl::StatusCode::kUnimplemented, "owner"},
        Refusal{"owner_group: 1000", absl::StatusCode::kUnimplemented,
                "owner_group"},
        Refusal{"children_limit: 2", absl::StatusCode::kUnimplemented,
                "children_limit"},
        Refusal{"network {}", absl::StatusCode::kUnimplemented, "network"},
        Refusal{"security_spec {}", absl::StatusCode::kUnimplemented,
                "security_spec"},
        Refusal{"filesystem { fd_limit: 5 }", absl::StatusCode::kUnimplemented,
                "filesystem"},
        Refusal{"blockio {}", absl::StatusCode::kUnimplemented, "blockio"}));

TEST(CheckUpdateFieldsTest, VirtualHostIsReportedBeforeOtherFields) {
  absl::Status status = CheckUpdate("owner: 1 virtual_host {}");
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(status.message()), HasSubstr("virtual_host"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
