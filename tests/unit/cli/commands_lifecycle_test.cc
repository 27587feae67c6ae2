// SPDX-License-Identifier: Apache-2.0
// Tests of create, destroy, init and update through the tool.

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

#include "tests/unit/cli/cli_fixture.h"
#include "tests/unit/cli/temp_file.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Return;

MATCHER_P(EqualsProto, expected, "") {
  return google::protobuf::util::MessageDifferencer::Equals(arg, expected);
}

ContainerSpec MemoryLimit(int64_t limit) {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(limit);
  return spec;
}

class LifecycleCommandsTest : public CliFixture {
 protected:
  // Makes Create(name, ...) succeed with a fresh mock container.
  MockContainer* ExpectCreate(const std::string& name,
                              const ContainerSpec& spec) {
    MockContainer* container = NewContainer(name);
    EXPECT_CALL(*api_,
                Create(::testing::Eq(std::string(name)), EqualsProto(spec)))
        .WillOnce([this, container](absl::string_view, const ContainerSpec&) {
          return absl::StatusOr<std::unique_ptr<Container>>(Take(container));
        });
    return container;
  }
};

TEST_F(LifecycleCommandsTest, CreateParsesInlineTextSpec) {
  ExpectCreate("/c", MemoryLimit(100000000));
  EXPECT_EQ(Run({"create", "/c", "memory:{limit:100000000}"}), 0);
  EXPECT_THAT(out_.str(), IsEmpty());
  EXPECT_THAT(err_.str(), IsEmpty());
}

TEST_F(LifecycleCommandsTest, CreateParsesInlineBinarySpec) {
  ExpectCreate("/c", MemoryLimit(5));
  EXPECT_EQ(Run({"create", "/c", MemoryLimit(5).SerializeAsString()}), 0);
}

TEST_F(LifecycleCommandsTest, CreateReadsConfigFile) {
  TempFile file("memory { limit: 6 }");
  ExpectCreate("/c", MemoryLimit(6));
  EXPECT_EQ(Run({"create", "-c", file.path(), "/c"}), 0);
}

TEST_F(LifecycleCommandsTest, CreateReadsConfigFileFromLongFlag) {
  TempFile file(MemoryLimit(7).SerializeAsString());
  ExpectCreate("/c", MemoryLimit(7));
  EXPECT_EQ(Run({"create", "--lmctfy_config", file.path(), "/c"}), 0);
}

TEST_F(LifecycleCommandsTest, CreateAcceptsEmptyInlineSpec) {
  ExpectCreate("/c", ContainerSpec());
  EXPECT_EQ(Run({"create", "/c", ""}), 0);
}

TEST_F(LifecycleCommandsTest, CreateWithBothInlineAndConfigIsInvalid) {
  TempFile file("");
  EXPECT_CALL(*api_, Create(_, _)).Times(0);
  EXPECT_EQ(Run({"create", "-c", file.path(), "/c", "memory{}"}), 3);
  EXPECT_THAT(err_.str(), HasSubstr("lmctfy: 3: "));
}

TEST_F(LifecycleCommandsTest, CreateWithoutAnySpecIsInvalid) {
  EXPECT_CALL(*api_, Create(_, _)).Times(0);
  EXPECT_EQ(Run({"create", "/c"}), 3);
}

TEST_F(LifecycleCommandsTest, CreateWithGarbageSpecIsInvalid) {
  EXPECT_CALL(*api_, Create(_, _)).Times(0);
  EXPECT_EQ(Run({"create", "/c", "memory { limit: lots }"}), 3);
  EXPECT_THAT(err_.str(),
              HasSubstr("container /c: the spec on the command line"));
}

TEST_F(LifecycleCommandsTest, CreateWithUnreadableConfigReturnsReadError) {
  EXPECT_CALL(*api_, Create(_, _)).Times(0);
  EXPECT_EQ(Run({"create", "-c", "/nonexistent/spec", "/c"}), 5);
  EXPECT_THAT(err_.str(), HasSubstr("/nonexistent/spec"));
  EXPECT_THAT(err_.str(), HasSubstr("container /c: opening /nonexistent/spec"));
}

TEST_F(LifecycleCommandsTest, CreateFailureExitsWithItsCode) {
  EXPECT_CALL(*api_, Create(_, _))
      .WillOnce(Return(absl::AlreadyExistsError("container /c exists")));
  EXPECT_EQ(Run({"create", "/c", ""}), 6);
  EXPECT_EQ(err_.str(), "lmctfy: 6: container /c exists\n");
}

TEST_F(LifecycleCommandsTest, CreateOfVirtualHostPrintsInitPid) {
  ContainerSpec spec;
  spec.mutable_virtual_host()->set_virtual_hostname("vh");
  MockContainer* container = ExpectCreate("/vh", spec);
  EXPECT_CALL(*container, GetInitPid()).WillOnce(Return(777));
  EXPECT_EQ(Run({"create", "/vh", "virtual_host { virtual_hostname: 'vh' }"}),
            0);
  EXPECT_EQ(out_.str(), "init_pid=\"777\"\n");
}

TEST_F(LifecycleCommandsTest, DestroyWithoutForceRequiresEmptiness) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*api_, Destroy(container, DESTROY_IF_EMPTY))
      .WillOnce(Return(absl::FailedPreconditionError("/c has children")));
  EXPECT_EQ(Run({"destroy", "/c"}), 9);
}

TEST_F(LifecycleCommandsTest, DestroyWithForceDestroysEverything) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*api_, Destroy(container, DESTROY_FORCE))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"destroy", "-f", "/c"}), 0);
  EXPECT_THAT(out_.str(), IsEmpty());
}

TEST_F(LifecycleCommandsTest, DestroyOfMissingContainerIsNotFound) {
  EXPECT_CALL(*api_, Get(absl::string_view("/c")))
      .WillOnce(Return(absl::NotFoundError("container /c not found")));
  EXPECT_EQ(Run({"destroy", "/c"}), 5);
}

TEST_F(LifecycleCommandsTest, DestroyOfMissingContainerLeavesRemnantsAlone) {
  EXPECT_CALL(*api_, Get(absl::string_view("/c")))
      .WillOnce(Return(absl::NotFoundError("container /c does not exist")));
  EXPECT_CALL(*api_, RemoveRemnants(_)).Times(0);
  EXPECT_EQ(Run({"destroy", "/c"}), 5);
}

TEST_F(LifecycleCommandsTest, ForcedDestroyOfMissingContainerRemovesRemnants) {
  EXPECT_CALL(*api_, Get(absl::string_view("/c")))
      .WillOnce(Return(absl::NotFoundError("container /c does not exist")));
  EXPECT_CALL(*api_, RemoveRemnants(absl::string_view("/c")))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"destroy", "-f", "/c"}), 0);
}

TEST_F(LifecycleCommandsTest, ForcedDestroyWithNothingLeftIsNotFound) {
  EXPECT_CALL(*api_, Get(absl::string_view("/c")))
      .WillOnce(Return(absl::NotFoundError("container /c does not exist")));
  EXPECT_CALL(*api_, RemoveRemnants(absl::string_view("/c")))
      .WillOnce(Return(absl::NotFoundError("nothing is left of /c")));
  EXPECT_EQ(Run({"destroy", "-f", "/c"}), 5);
  EXPECT_THAT(err_.str(), HasSubstr("nothing is left of /c"));
}

TEST_F(LifecycleCommandsTest, ForcedDestroyWithBadNameDoesNotLookForRemnants) {
  EXPECT_CALL(*api_, Get(absl::string_view("/a b")))
      .WillOnce(Return(absl::InvalidArgumentError("bad name")));
  EXPECT_CALL(*api_, RemoveRemnants(_)).Times(0);
  EXPECT_EQ(Run({"destroy", "-f", "/a b"}), 3);
}

TEST_F(LifecycleCommandsTest, InitWithoutSpecUsesEmptySpecAndNoApi) {
  EXPECT_EQ(Run({"init"}), 0);
  ASSERT_EQ(init_specs_.size(), 1u);
  EXPECT_EQ(init_specs_[0].ByteSizeLong(), 0u);
  EXPECT_EQ(new_api_calls_, 0);
}

TEST_F(LifecycleCommandsTest, InitParsesInlineSpec) {
  EXPECT_EQ(Run({"init",
                 "cgroup_mount { mount_path: '/dev/cgroup/memory' "
                 "hierarchy: CGROUP_MEMORY }"}),
            0);
  ASSERT_EQ(init_specs_.size(), 1u);
  EXPECT_EQ(init_specs_[0].cgroup_mount(0).mount_path(), "/dev/cgroup/memory");
  EXPECT_EQ(init_specs_[0].cgroup_mount(0).hierarchy(0), CGROUP_MEMORY);
}

TEST_F(LifecycleCommandsTest, InitReadsConfigFile) {
  TempFile file("cgroup_mount { mount_path: '/m' }");
  EXPECT_EQ(Run({"init", "-c", file.path()}), 0);
  ASSERT_EQ(init_specs_.size(), 1u);
  EXPECT_EQ(init_specs_[0].cgroup_mount(0).mount_path(), "/m");
}

TEST_F(LifecycleCommandsTest, InitWithBothSpecsIsInvalid) {
  TempFile file("");
  EXPECT_EQ(Run({"init", "-c", file.path(), ""}), 3);
  EXPECT_THAT(init_specs_, IsEmpty());
}

TEST_F(LifecycleCommandsTest, InitFailureExitsWithItsCode) {
  init_status_ = absl::InvalidArgumentError("memory is mounted elsewhere");
  EXPECT_EQ(Run({"init", ""}), 3);
  EXPECT_EQ(err_.str(), "lmctfy: 3: memory is mounted elsewhere\n");
}

TEST_F(LifecycleCommandsTest, UpdateDiffPassesSpecAndPolicy) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container,
              Update(EqualsProto(MemoryLimit(9)), Container::UPDATE_DIFF))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"update", "diff", "/c", "memory { limit: 9 }"}), 0);
}

TEST_F(LifecycleCommandsTest, UpdateReplaceReadsConfigFile) {
  TempFile file("memory { limit: 10 }");
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container,
              Update(EqualsProto(MemoryLimit(10)), Container::UPDATE_REPLACE))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_EQ(Run({"update", "replace", "-c", file.path(), "/c"}), 0);
}

TEST_F(LifecycleCommandsTest, UpdateWithoutSpecIsInvalid) {
  EXPECT_CALL(*api_, Get(_)).Times(0);
  EXPECT_EQ(Run({"update", "diff", "/c"}), 3);
}

TEST_F(LifecycleCommandsTest, UpdateFailureExitsWithItsCode) {
  MockContainer* container = ExpectGet("/c");
  EXPECT_CALL(*container, Update(_, _))
      .WillOnce(Return(absl::UnimplementedError("memory.dirty_ratio missing")));
  EXPECT_EQ(Run({"update", "replace", "/c", "memory {}"}), 12);
}

}  // namespace
}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
