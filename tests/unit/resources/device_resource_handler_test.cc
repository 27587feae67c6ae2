// SPDX-License-Identifier: Apache-2.0
// Tests of the device rules (spec -> kernel text, devices.list -> spec) and of
// DeviceResourceHandler and its factory.

#include "lmctfy/resources/device_resource_handler.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "lmctfy/cgroup_layout.h"
#include "system_api/mock_kernel_api.h"
#include "tests/unit/resources/fake_cgroup_fs.h"

namespace containers {
namespace lmctfy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using testing_fs::AddVanillaHierarchies;
using testing_fs::FakeCgroupFs;
using testing_fs::LoadLayout;
using testing_fs::SeparateMounts;
using testing_fs::StandardMachine;

using Restriction = DeviceSpec::DeviceRestrictions;

Restriction Rule(DeviceSpec::DevicePermission permission,
                 DeviceSpec::DeviceType type,
                 std::vector<DeviceSpec::DeviceAccess> access) {
  Restriction rule;
  rule.set_permission(permission);
  rule.set_type(type);
  for (DeviceSpec::DeviceAccess a : access) rule.add_access(a);
  return rule;
}

Restriction Numbered(Restriction rule, int64_t major, int64_t minor) {
  rule.set_major(major);
  rule.set_minor(minor);
  return rule;
}

DeviceSpec SpecOf(const std::vector<Restriction>& rules) {
  DeviceSpec spec;
  for (const Restriction& rule : rules) {
    *spec.mutable_restrictions_set()->add_restrictions() = rule;
  }
  return spec;
}

ContainerSpec DeviceOnly(const std::vector<Restriction>& rules) {
  ContainerSpec spec;
  *spec.mutable_device() = SpecOf(rules);
  return spec;
}

std::vector<std::string> Texts(const std::vector<DeviceRule>& rules) {
  std::vector<std::string> texts;
  for (const DeviceRule& rule : rules) {
    texts.push_back((rule.allow ? "allow " : "deny ") + rule.text);
  }
  return texts;
}

const Restriction kDenyAll =
    Rule(DeviceSpec::DENY, DeviceSpec::DEVICE_ALL,
         {DeviceSpec::READ, DeviceSpec::WRITE, DeviceSpec::MKNOD});
const Restriction kAllowNull =
    Numbered(Rule(DeviceSpec::ALLOW, DeviceSpec::DEVICE_CHAR,
                  {DeviceSpec::READ, DeviceSpec::WRITE, DeviceSpec::MKNOD}),
             1, 3);

// ---------------------------------------------------------------------------
// DeviceRulesFromSpec

TEST(DeviceRulesFromSpecTest, RulesBecomeKernelTextInSpecOrder) {
  absl::StatusOr<std::vector<DeviceRule>> rules = DeviceRulesFromSpec(
      "/web", SpecOf({kDenyAll, kAllowNull,
                      Numbered(Rule(DeviceSpec::ALLOW, DeviceSpec::DEVICE_BLOCK,
                                    {DeviceSpec::READ}),
                               8, 0)}));

  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Texts(*rules), ElementsAre("deny a *:* rwm", "allow c 1:3 rwm",
                                         "allow b 8:0 r"));
}

TEST(DeviceRulesFromSpecTest, AccessIsWrittenReadWriteMknodWithoutRepeats) {
  absl::StatusOr<std::vector<DeviceRule>> rules = DeviceRulesFromSpec(
      "/web", SpecOf({Numbered(Rule(DeviceSpec::ALLOW, DeviceSpec::DEVICE_CHAR,
                                    {DeviceSpec::WRITE, DeviceSpec::READ}),
                               1, 3),
                      Numbered(Rule(DeviceSpec::ALLOW, DeviceSpec::DEVICE_CHAR,
                                    {DeviceSpec::MKNOD, DeviceSpec::MKNOD,
                                     DeviceSpec::WRITE}),
                               1, 5)}));

  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Texts(*rules), ElementsAre("allow c 1:3 rw", "allow c 1:5 wm"));
}

TEST(DeviceRulesFromSpecTest, UnsetNumbersAreWildcards) {
  Restriction major_only =
      Rule(DeviceSpec::ALLOW, DeviceSpec::DEVICE_CHAR, {DeviceSpec::READ});
  major_only.set_major(136);

  absl::StatusOr<std::vector<DeviceRule>> rules =
      DeviceRulesFromSpec("/web", SpecOf({major_only}));

  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(Texts(*rules), ElementsAre("allow c 136:* r"));
}

TEST(DeviceRulesFromSpecTest, EmptySpecHasNoRules) {
  absl::StatusOr<std::vector<DeviceRule>> rules =
      DeviceRulesFromSpec("/web", DeviceSpec());

  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_THAT(*rules, IsEmpty());
}

TEST(DeviceRulesFromSpecTest, IncompleteRulesAreRefusedNamingTheirIndex) {
  Restriction no_permission = kAllowNull;
  no_permission.clear_permission();
  Restriction no_type = kAllowNull;
  no_type.clear_type();
  Restriction no_access = kAllowNull;
  no_access.clear_access();
  Restriction four_access = kAllowNull;
  four_access.add_access(DeviceSpec::READ);
  Restriction negative = Numbered(kAllowNull, -1, 3);

  for (const auto& [bad, why] :
       std::vector<std::pair<Restriction, std::string>>{
           {no_permission, "permission"},
           {no_type, "type"},
           {no_access, "access"},
           {four_access, "4 access"},
           {negative, "-1"}}) {
    absl::StatusOr<std::vector<DeviceRule>> rules =
        DeviceRulesFromSpec("/web", SpecOf({kDenyAll, bad}));

    EXPECT_TRUE(absl::IsInvalidArgument(rules.status())) << rules.status();
    EXPECT_THAT(rules.status().message(), HasSubstr("restrictions[1]"));
    EXPECT_THAT(rules.status().message(), HasSubstr(why));
    EXPECT_THAT(rules.status().message(), HasSubstr("/web"));
  }
}

// ---------------------------------------------------------------------------
// DeviceSpecFromList

TEST(DeviceSpecFromListTest, EachLineIsAnAllowRuleWithAccessInMrwOrder) {
  absl::StatusOr<DeviceSpec> spec =
      DeviceSpecFromList({"a *:* rwm", "c 1:3 rw", "b 8:* m"});

  ASSERT_TRUE(spec.ok()) << spec.status();
  const auto& rules = spec->restrictions_set().restrictions();
  ASSERT_EQ(rules.size(), 3);
  EXPECT_EQ(rules[0].permission(), DeviceSpec::ALLOW);
  EXPECT_EQ(rules[0].type(), DeviceSpec::DEVICE_ALL);
  EXPECT_FALSE(rules[0].has_major());
  EXPECT_FALSE(rules[0].has_minor());
  EXPECT_THAT(
      rules[0].access(),
      ElementsAre(DeviceSpec::MKNOD, DeviceSpec::READ, DeviceSpec::WRITE));
  EXPECT_EQ(rules[1].type(), DeviceSpec::DEVICE_CHAR);
  EXPECT_EQ(rules[1].major(), 1);
  EXPECT_EQ(rules[1].minor(), 3);
  EXPECT_THAT(rules[1].access(),
              ElementsAre(DeviceSpec::READ, DeviceSpec::WRITE));
  EXPECT_EQ(rules[2].type(), DeviceSpec::DEVICE_BLOCK);
  EXPECT_EQ(rules[2].major(), 8);
  EXPECT_FALSE(rules[2].has_minor());
  EXPECT_THAT(rules[2].access(), ElementsAre(DeviceSpec::MKNOD));
}

TEST(DeviceSpecFromListTest, EmptyListIsOneDenyAllRule) {
  absl::StatusOr<DeviceSpec> spec = DeviceSpecFromList({});

  ASSERT_TRUE(spec.ok()) << spec.status();
  const auto& rules = spec->restrictions_set().restrictions();
  ASSERT_EQ(rules.size(), 1);
  EXPECT_EQ(rules[0].permission(), DeviceSpec::DENY);
  EXPECT_EQ(rules[0].type(), DeviceSpec::DEVICE_ALL);
  EXPECT_FALSE(rules[0].has_major());
  EXPECT_THAT(
      rules[0].access(),
      ElementsAre(DeviceSpec::READ, DeviceSpec::WRITE, DeviceSpec::MKNOD));
}

TEST(DeviceSpecFromListTest, UnreadableLinesAreInternalErrors) {
  for (const char* line : {"c 1:3", "c 13 rw", "cc 1:3 rw", "c x:3 rw"}) {
    absl::StatusOr<DeviceSpec> spec = DeviceSpecFromList({line});

    EXPECT_TRUE(absl::IsInternal(spec.status())) << line;
    EXPECT_THAT(spec.status().message(), HasSubstr("devices.list"));
  }
}

// ---------------------------------------------------------------------------
// DeviceResourceHandlerFactory and DeviceResourceHandler

class DeviceFactoryTest : public ::testing::Test {
 protected:
  DeviceFactoryTest() { AddVanillaHierarchies(fs_); }

  NiceMock<MockKernelApi> kernel_;
  FakeCgroupFs fs_{kernel_};
  CgroupLayout layout_ = LoadLayout(kernel_, StandardMachine());
  DeviceResourceHandlerFactory factory_{kernel_, layout_};
};

TEST_F(DeviceFactoryTest, NamesItsResourceAndFindsItInSpecs) {
  EXPECT_EQ(factory_.resource_name(), "device");
  EXPECT_TRUE(factory_.InSpec(DeviceOnly({})));
  EXPECT_FALSE(factory_.InSpec(ContainerSpec()));
}

TEST_F(DeviceFactoryTest, UnmountedHierarchyIsFailedPrecondition) {
  CgroupLayout layout =
      LoadLayout(kernel_, SeparateMounts({{CGROUP_FREEZER, "/cg/freezer"}}));
  DeviceResourceHandlerFactory factory(kernel_, layout);

  absl::Status status = factory.ValidateCreate("/web", DeviceOnly({}));

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("devices"));
}

TEST_F(DeviceFactoryTest, SubcontainerOfAParentWithoutDevicesIsRefused) {
  absl::Status status = factory_.ValidateCreate("/a/b", DeviceOnly({}));

  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("/a/b"));
  EXPECT_THAT(status.message(), HasSubstr("/a "));
}

TEST_F(DeviceFactoryTest, BadRuleIsRefusedBeforeAnything) {
  Restriction bad = kAllowNull;
  bad.clear_type();

  absl::Status status = factory_.ValidateCreate("/web", DeviceOnly({bad}));

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("restrictions[0]"));
  EXPECT_THAT(fs_.made_dirs(), IsEmpty());
}

TEST_F(DeviceFactoryTest, CreateWritesRulesInOrder) {
  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", DeviceOnly({kDenyAll, kAllowNull}));

  ASSERT_TRUE(handler.ok()) << handler.status();
  EXPECT_THAT(fs_.made_dirs(), ElementsAre("/cg/devices/web"));
  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/devices/web/devices.deny=a *:* rwm",
                          "/cg/devices/web/devices.allow=c 1:3 rwm"));
}

TEST_F(DeviceFactoryTest, CreateWithoutRulesKeepsTheInheritedList) {
  ASSERT_TRUE(factory_.Create("/web", DeviceOnly({})).ok());

  EXPECT_THAT(fs_.made_dirs(), ElementsAre("/cg/devices/web"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(DeviceFactoryTest, CreateRemovesTheCgroupWhenARuleFails) {
  fs_.FailWrite("/cg/devices/web/devices.allow",
                absl::PermissionDeniedError("Operation not permitted"));

  absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
      factory_.Create("/web", DeviceOnly({kDenyAll, kAllowNull}));

  EXPECT_TRUE(absl::IsPermissionDenied(handler.status())) << handler.status();
  EXPECT_FALSE(fs_.HasDir("/cg/devices/web"));
  EXPECT_FALSE(factory_.Isolates("/web"));
}

TEST_F(DeviceFactoryTest, GetAndTaskCgroupsFollowTheDirectories) {
  fs_.AddCgroup("/cg/devices/web");

  EXPECT_TRUE(factory_.Get("/web").ok());
  EXPECT_TRUE(absl::IsNotFound(factory_.Get("/db").status()));
  std::vector<TaskCgroup> cgroups = factory_.TaskCgroups("/web/sub");
  ASSERT_EQ(cgroups.size(), 1u);
  EXPECT_EQ(cgroups[0].hierarchy, CGROUP_DEVICE);
  EXPECT_EQ(cgroups[0].dir, "/cg/devices/web");
}

class DeviceHandlerTest : public DeviceFactoryTest {
 protected:
  DeviceHandlerTest() {
    fs_.AddCgroup("/cg/devices/web");
    fs_.AddFile("/cg/devices/web/devices.list", "c 1:3 rwm\nc 1:5 rw\n");
  }

  std::unique_ptr<ResourceHandler> Handler() {
    absl::StatusOr<std::unique_ptr<ResourceHandler>> handler =
        factory_.Get("/web");
    EXPECT_TRUE(handler.ok()) << handler.status();
    return handler.ok() ? std::move(*handler) : nullptr;
  }
};

TEST_F(DeviceHandlerTest, UpdateAppendsRulesWhateverThePolicy) {
  for (Container::UpdatePolicy policy :
       {Container::UPDATE_DIFF, Container::UPDATE_REPLACE}) {
    fs_.ClearLog();

    ASSERT_TRUE(Handler()->Update(DeviceOnly({kAllowNull}), policy).ok());

    EXPECT_THAT(fs_.writes(),
                ElementsAre("/cg/devices/web/devices.allow=c 1:3 rwm"));
  }
}

TEST_F(DeviceHandlerTest, FailedRuleRestoresTheOldList) {
  Restriction tty = Numbered(
      Rule(DeviceSpec::ALLOW, DeviceSpec::DEVICE_CHAR, {DeviceSpec::READ}), 4,
      1);
  fs_.FailWrite("/cg/devices/web/devices.allow",
                absl::PermissionDeniedError("Operation not permitted"),
                "c 4:1 r");

  absl::Status status =
      Handler()->Update(DeviceOnly({kDenyAll, tty}), Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsPermissionDenied(status)) << status;
  EXPECT_THAT(fs_.writes(),
              ElementsAre("/cg/devices/web/devices.deny=a *:* rwm",
                          "/cg/devices/web/devices.deny=a *:* rwm",
                          "/cg/devices/web/devices.allow=c 1:3 rwm",
                          "/cg/devices/web/devices.allow=c 1:5 rw"));
}

TEST_F(DeviceHandlerTest, ValidateUpdateRefusesBadRulesWithoutWriting) {
  Restriction bad = kAllowNull;
  bad.clear_access();

  absl::Status status = Handler()->ValidateUpdate(DeviceOnly({kAllowNull, bad}),
                                                  Container::UPDATE_DIFF);

  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(status.message(), HasSubstr("restrictions[1]"));
  EXPECT_THAT(fs_.writes(), IsEmpty());
}

TEST_F(DeviceHandlerTest, SpecReportsTheKernelList) {
  ContainerSpec spec;

  ASSERT_TRUE(Handler()->FillSpec(&spec).ok());

  const auto& rules = spec.device().restrictions_set().restrictions();
  ASSERT_EQ(rules.size(), 2);
  EXPECT_EQ(rules[0].minor(), 3);
  EXPECT_THAT(rules[1].access(),
              ElementsAre(DeviceSpec::READ, DeviceSpec::WRITE));
}

TEST_F(DeviceHandlerTest, StatsAreEmpty) {
  ContainerStats stats;

  ASSERT_TRUE(Handler()->FillStats(Container::STATS_FULL, &stats).ok());

  EXPECT_EQ(stats.ByteSizeLong(), 0u);
}

TEST_F(DeviceHandlerTest, DestroyAndDelegateTouchOnlyTheDevicesCgroup) {
  std::unique_ptr<ResourceHandler> handler = Handler();
  EXPECT_EQ(handler->resource_name(), "device");

  ASSERT_TRUE(handler->Delegate(1000, -1).ok());
  ASSERT_TRUE(handler->Destroy().ok());

  EXPECT_THAT(fs_.chowned(),
              ElementsAre("/cg/devices/web", "/cg/devices/web/tasks",
                          "/cg/devices/web/cgroup.procs"));
  EXPECT_THAT(fs_.removed_dirs(), ElementsAre("/cg/devices/web"));
}

}  // namespace
}  // namespace lmctfy
}  // namespace containers
