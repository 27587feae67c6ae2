// SPDX-License-Identifier: Apache-2.0
// Tests of the field rules for virtual host specs.

#include "lmctfy/vhost/virtual_host_spec_check.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

#include "tests/common/parse_spec.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::HasSubstr;

constexpr char kVeth[] =
    "virtual_host { network { connection { veth_pair { outside: \"vh0\" "
    "inside: \"eth0\" } ";

TEST(CheckVirtualHostSpecTest, AcceptsFullSpec) {
  const std::string spec = absl::StrCat(
      "virtual_host { virtual_hostname: \"web-1.example\" "
      "init { init_argv: \"/sbin/init\" } network { connection { veth_pair { "
      "outside: \"vh0\" inside: \"eth0\" } bridge { name: \"br0\" } } "
      "virtual_ip { ip: \"169.254.3.2\" netmask: \"255.255.255.252\" "
      "gateway: \"169.254.3.1\" mtu: 1400 } } } "
      "filesystem { rootfs: \"/srv/vh\" mounts { mount { source: \"/data\" "
      "target: \"data\" read_only: true } } }");
  EXPECT_TRUE(CheckVirtualHostSpec("/vh", ParseSpec(spec)).ok());
}

TEST(CheckVirtualHostSpecTest, AcceptsEmptyNetworkAndEmptyVirtualHost) {
  EXPECT_TRUE(CheckVirtualHostSpec("/vh", ParseSpec("virtual_host {}")).ok());
  EXPECT_TRUE(
      CheckVirtualHostSpec("/vh", ParseSpec("virtual_host { network {} }"))
          .ok());
}

TEST(CheckVirtualHostSpecTest, RefusesSubcontainer) {
  absl::Status status =
      CheckVirtualHostSpec("/a/vh", ParseSpec("virtual_host {}"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(status.message()), HasSubstr("/a/vh"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("top-level"));
}

struct Refusal {
  std::string spec;
  absl::StatusCode code;
  const char* text;
};

class VirtualHostRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(VirtualHostRefusalTest, NamesContainerFieldAndValue) {
  absl::Status status = CheckVirtualHostSpec("/vh", ParseSpec(GetParam().spec));
  EXPECT_EQ(status.code(), GetParam().code) << GetParam().spec << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("container /vh"));
  EXPECT_THAT(std::string(status.message()), HasSubstr(GetParam().text));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, VirtualHostRefusalTest,
    ::testing::Values(
        Refusal{"virtual_host { virtual_hostname: \"\" }",
                absl::StatusCode::kInvalidArgument, "virtual_hostname"},
        Refusal{"virtual_host { virtual_hostname: \"a_b\" }",
                absl::StatusCode::kInvalidArgument, "\"a_b\""},
        Refusal{absl::StrCat("virtual_host { virtual_hostname: \"",
                             std::string(65, 'h'), "\" }"),
                absl::StatusCode::kInvalidArgument, "1 to 64"},
        Refusal{"virtual_host { init { init_argv: \"\" } }",
                absl::StatusCode::kInvalidArgument, "init_argv[0]"},
        Refusal{"virtual_host { init { run_spec { console { slave_pty: \"3\" "
                "} } } }",
                absl::StatusCode::kUnimplemented, "init.run_spec"},
        Refusal{"virtual_host { network { interface: \"eth1\" } }",
                absl::StatusCode::kUnimplemented, "network.interface"},
        Refusal{"virtual_host { network { connection {} } }",
                absl::StatusCode::kInvalidArgument, "veth_pair.outside"},
        Refusal{"virtual_host { network { connection { veth_pair { outside: "
                "\"vh0\" inside: \"a/b\" } } } }",
                absl::StatusCode::kInvalidArgument, "\"a/b\""},
        Refusal{"virtual_host { network { connection { veth_pair { outside: "
                "\"sixteen-chars-xx\" inside: \"e\" } } } }",
                absl::StatusCode::kInvalidArgument, "sixteen-chars-xx"},
        Refusal{absl::StrCat(kVeth, "bridge { name: \"ovs\" type: OVS } } } }"),
                absl::StatusCode::kUnimplemented, "OVS"},
        Refusal{absl::StrCat(kVeth, "} virtual_ip { ip: \"300.1.1.1\" } } }"),
                absl::StatusCode::kInvalidArgument, "\"300.1.1.1\""},
        Refusal{absl::StrCat(kVeth,
                             "} virtual_ip { ip: \"10.0.0.1\" netmask: "
                             "\"255.0.255.0\" } } }"),
                absl::StatusCode::kInvalidArgument, "netmask \"255.0.255.0\""},
        Refusal{absl::StrCat(kVeth,
                             "} virtual_ip { ip: \"10.0.0.1\" gateway: "
                             "\"gw\" } } }"),
                absl::StatusCode::kInvalidArgument, "gateway \"gw\""},
        Refusal{absl::StrCat(kVeth,
                             "} virtual_ip { ip: \"10.0.0.1\" mtu: 20 } } }"),
                absl::StatusCode::kInvalidArgument, "mtu \"20\""},
        Refusal{"virtual_host {} filesystem { rootfs: \"srv\" }",
                absl::StatusCode::kInvalidArgument, "rootfs \"srv\""},
        Refusal{"virtual_host {} filesystem { rootfs: \"/srv/../etc\" }",
                absl::StatusCode::kInvalidArgument, "/srv/../etc"},
        Refusal{"virtual_host {} filesystem { mounts { mount { source: \"/a\" "
                "target: \"a\" } } }",
                absl::StatusCode::kInvalidArgument,
                "needs a filesystem.rootfs"},
        Refusal{"virtual_host {} filesystem { rootfs: \"/r\" mounts { mount { "
                "source: \"/a\" target: \"../x\" } } }",
                absl::StatusCode::kInvalidArgument, "target \"../x\""},
        Refusal{"virtual_host {} filesystem { rootfs: \"/r\" mounts { mount { "
                "source: \"a\" target: \"x\" } } }",
                absl::StatusCode::kInvalidArgument, "source \"a\""},
        Refusal{"virtual_host { user_namespace {} }",
                absl::StatusCode::kInvalidArgument,
                "virtual_host.user_namespace.uid_map has 0 lines"},
        Refusal{"virtual_host { user_namespace { uid_map { length: 1 } "
                "gid_map { length: 0 } } }",
                absl::StatusCode::kInvalidArgument,
                "virtual_host.user_namespace.gid_map[0].length \"0\""}));

TEST(CheckVirtualHostSpecTest, AcceptsUserNamespaceMappingRoot) {
  EXPECT_TRUE(CheckVirtualHostSpec(
                  "/vh", ParseSpec("virtual_host { user_namespace { uid_map { "
                                   "id_outside_ns: 100000 length: 65536 } "
                                   "gid_map { id_outside_ns: 100000 length: "
                                   "65536 } } }"))
                  .ok());
}

TEST(NetmaskPrefixLengthTest, CountsContiguousBits) {
  EXPECT_EQ(*NetmaskPrefixLength("255.255.255.0"), 24);
  EXPECT_EQ(*NetmaskPrefixLength("255.255.255.252"), 30);
  EXPECT_EQ(*NetmaskPrefixLength("0.0.0.0"), 0);
  EXPECT_EQ(*NetmaskPrefixLength("255.255.255.255"), 32);
  EXPECT_FALSE(NetmaskPrefixLength("255.255.0.255").ok());
  EXPECT_FALSE(NetmaskPrefixLength("24").ok());
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
