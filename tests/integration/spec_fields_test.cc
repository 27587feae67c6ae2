// SPDX-License-Identifier: Apache-2.0
// Every ContainerSpec field either reaches the kernel or is refused: fields
// this kernel cannot enforce fail Create with the field or the missing
// kernel file named, and leave no cgroup behind.

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "tests/integration/it_env.h"

namespace containers {
namespace lmctfy {
namespace integration {
namespace {

using ::testing::HasSubstr;

// Exit statuses of INTERFACE.md 2.7.
constexpr int kFailedPrecondition = 9;
constexpr int kUnimplemented = 12;

struct RefusedField {
  std::string label;
  std::string spec;
  int exit_code;
  // What the error must name: the field or the kernel file it needs.
  std::string named;
};

std::string Label(const ::testing::TestParamInfo<RefusedField>& info) {
  return info.param.label;
}

class RefusedFieldTest : public IntegrationTest,
                         public ::testing::WithParamInterface<RefusedField> {};

TEST_P(RefusedFieldTest, CreateNamesItAndMakesNoCgroup) {
  const std::set<std::string> before = AllCgroupDirs();
  DestroyAtTearDown("/refused");

  const CommandResult created = RunCli({"create", "/refused", GetParam().spec});

  EXPECT_EQ(created.exit_code, GetParam().exit_code) << created;
  EXPECT_THAT(created.err, HasSubstr(GetParam().named));
  EXPECT_EQ(AllCgroupDirs(), before);
}

INSTANTIATE_TEST_SUITE_P(
    ThisKernel, RefusedFieldTest,
    ::testing::Values(
        RefusedField{"EvictionPriority", "memory { eviction_priority: 100 }",
                     kUnimplemented, "memory.oom_score_badness"},
        RefusedField{"CompressionRatio",
                     "memory { compression_sampling_ratio: 5 }", kUnimplemented,
                     "memory.compression_sampling_ratio"},
        RefusedField{"StalePageAge", "memory { stale_page_age: 3 }",
                     kUnimplemented, "memory.stale_page_age"},
        RefusedField{"DirtyRatio", "memory { dirty { ratio: 50 } }",
                     kUnimplemented, "memory.dirty_ratio"},
        RefusedField{"KmemCharge", "memory { kmem_charge_usage: true }",
                     kUnimplemented, "memory.kmem_charge_usage"},
        RefusedField{"MemoryMaxLimit", "memory { max_limit: 4096 }",
                     kUnimplemented, "max_limit"},
        RefusedField{"Hugetlbfs", "memory { hugetlbfs_path: \"/huge\" }",
                     kUnimplemented, "hugetlbfs_path"},
        RefusedField{"Tmpfs", "memory { tmpfs { path: \"/tmp\" } }",
                     kUnimplemented, "tmpfs"},
        RefusedField{"PriorityLatency", "cpu { scheduling_latency: PRIORITY }",
                     kUnimplemented, "cpu.lat"},
        RefusedField{"FdLimit", "filesystem { fd_limit: 64 }", kUnimplemented,
                     "fd_limit"},
        RefusedField{"BlockIo",
                     "blockio { device_limit_set { default_limit: 10 } }",
                     kUnimplemented, "blockio"},
        RefusedField{"AppArmor",
                     "security_spec { apparmor_profile { name: \"p\" } }",
                     kUnimplemented, "apparmor_profile"},
        RefusedField{"PerfCounters", "monitoring { }", kFailedPrecondition,
                     "perf_event"},
        RefusedField{"VirtualHostInterface",
                     "virtual_host { network { interface: \"eth1\" } }",
                     kUnimplemented, "network.interface"}),
    Label);

using AcceptedFieldTest = IntegrationTest;

TEST_F(AcceptedFieldTest, BestEffortLatencyGoesToBatchAsAnIdleCgroup) {
  ASSERT_NO_FATAL_FAILURE(
      CreateWithCli("/besteffort", "cpu { scheduling_latency: BEST_EFFORT }"));

  EXPECT_TRUE(CgroupExists("cpu", "/batch/besteffort"));
  EXPECT_FALSE(CgroupExists("cpu", "/besteffort"));
  EXPECT_EQ(ReadCgroupFile("cpu", "/batch/besteffort", "cpu.idle"), "1");
}

}  // namespace
}  // namespace integration
}  // namespace lmctfy
}  // namespace containers
