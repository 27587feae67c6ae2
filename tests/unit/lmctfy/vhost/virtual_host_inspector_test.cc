// SPDX-License-Identifier: Apache-2.0
// Tests of finding a virtual host's init and namespaces.

#include "lmctfy/vhost/virtual_host_inspector.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
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

constexpr char kRecordFile[] = "/cg/freezer/vh/cgroup.clone_children";
constexpr char kAttribute[] = "user.lmctfy.virtual_host";

class VirtualHostInspectorTest : public ::testing::Test {
 protected:
  VirtualHostInspectorTest() {
    ON_CALL(kernel_,
            GetXattr(Eq(std::string(kRecordFile)), Eq(std::string(kAttribute))))
        .WillByDefault(Return(std::string("vh0")));
    ON_CALL(kernel_, ReadFile(Eq(std::string("/cg/freezer/vh/cgroup.procs"))))
        .WillByDefault(Return(std::string("300\n200\n")));
    ON_CALL(kernel_, ReadFile(Eq(std::string("/proc/300/status"))))
        .WillByDefault(Return(std::string("Name:\tsh\nNSpid:\t300\t7\n")));
    ON_CALL(kernel_, ReadFile(Eq(std::string("/proc/200/status"))))
        .WillByDefault(Return(std::string("Name:\tinit\nNSpid:\t200\t1\n")));
  }

  NiceMock<MockKernelApi> kernel_;
  VirtualHostInspector inspector_{kernel_};
};

TEST_F(VirtualHostInspectorTest, InitIsThePidOneOfANamespace) {
  EXPECT_EQ(*inspector_.FindInit("/cg/freezer/vh"), 200);
}

TEST_F(VirtualHostInspectorTest, ContainerWithoutRecordHasNoInit) {
  ON_CALL(kernel_,
          GetXattr(Eq(std::string(kRecordFile)), Eq(std::string(kAttribute))))
      .WillByDefault(Return(absl::NotFoundError("no attribute")));
  EXPECT_EQ(*inspector_.FindInit("/cg/freezer/vh"), 0);
}

TEST_F(VirtualHostInspectorTest, VirtualHostWhoseInitEndedIsReported) {
  ON_CALL(kernel_, ReadFile(Eq(std::string("/cg/freezer/vh/cgroup.procs"))))
      .WillByDefault(Return(std::string("300\n")));
  absl::Status status = inspector_.FindInit("/cg/freezer/vh").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("no running init"));
}

TEST_F(VirtualHostInspectorTest, HostProcessWithSingleNsPidIsNotAnInit) {
  ON_CALL(kernel_, ReadFile(Eq(std::string("/cg/freezer/vh/cgroup.procs"))))
      .WillByDefault(Return(std::string("1\n")));
  ON_CALL(kernel_, ReadFile(Eq(std::string("/proc/1/status"))))
      .WillByDefault(Return(std::string("NSpid:\t1\n")));
  EXPECT_FALSE(inspector_.FindInit("/cg/freezer/vh").ok());
}

TEST_F(VirtualHostInspectorTest, RecordCarriesTheOutsideVeth) {
  absl::StatusOr<std::optional<VirtualHostRecord>> record =
      inspector_.ReadRecord("/cg/freezer/vh");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->veth_outside, "vh0");
}

TEST_F(VirtualHostInspectorTest, NamespaceFilesListOnlyThoseThatDiffer) {
  for (const char* type : {"user", "ipc", "uts", "net", "pid", "mnt"}) {
    ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/self/ns/") + type)))
        .WillByDefault(Return(std::string(type) + ":[1]"));
    const bool same = std::string(type) == "net";
    ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/200/ns/") + type)))
        .WillByDefault(Return(std::string(type) + (same ? ":[1]" : ":[2]")));
  }
  EXPECT_THAT(
      *inspector_.NamespaceFiles(200),
      ElementsAre("/proc/200/ns/user", "/proc/200/ns/ipc", "/proc/200/ns/uts",
                  "/proc/200/ns/pid", "/proc/200/ns/mnt"));
}

TEST_F(VirtualHostInspectorTest, NamespaceKindsTheKernelLacksAreSkipped) {
  for (const char* type : {"ipc", "uts", "net", "pid", "mnt"}) {
    ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/self/ns/") + type)))
        .WillByDefault(Return(std::string(type) + ":[1]"));
    ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/200/ns/") + type)))
        .WillByDefault(Return(std::string(type) + ":[2]"));
  }
  ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/self/ns/user"))))
      .WillByDefault(Return(absl::NotFoundError("no /proc/self/ns/user")));
  absl::StatusOr<std::vector<std::string>> files =
      inspector_.NamespaceFiles(200);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->size(), 5u);
  EXPECT_EQ(files->front(), "/proc/200/ns/ipc");
}

TEST_F(VirtualHostInspectorTest, ThreadInsideComparesPidNamespaces) {
  ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/200/ns/pid"))))
      .WillByDefault(Return(std::string("pid:[9]")));
  ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/55/ns/pid"))))
      .WillByDefault(Return(std::string("pid:[9]")));
  ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/thread-self/ns/pid"))))
      .WillByDefault(Return(std::string("pid:[1]")));
  EXPECT_TRUE(*inspector_.InPidNamespaceOf(55, 200));
  EXPECT_FALSE(*inspector_.InPidNamespaceOf(0, 200));
  ON_CALL(kernel_, ReadLink(Eq(std::string("/proc/56/ns/pid"))))
      .WillByDefault(Return(absl::NotFoundError("gone")));
  EXPECT_EQ(inspector_.InPidNamespaceOf(56, 200).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
