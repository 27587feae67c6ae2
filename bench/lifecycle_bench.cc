// SPDX-License-Identifier: Apache-2.0
// Library benchmarks: each lmctfy operation next to the same kernel work
// done with raw syscalls (bench/floor.h), ratios printed at the end. Run it
// through bench/run.sh, which confines it in a throwaway cgroup.

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"

#include "bench/floor.h"
#include "bench/ratio_reporter.h"
#include "include/lmctfy.h"

namespace containers {
namespace lmctfy {
namespace bench {
namespace {

constexpr char kCgroupRoot[] = "/sys/fs/cgroup/";
constexpr long long kMemoryLimitBytes = 100LL << 20;
constexpr long long kCpuMilli = 500;
// cpu.shares for kCpuMilli milliCPU (1024 shares per CPU).
constexpr long long kCpuShares = kCpuMilli * 1024 / 1000;
constexpr int kFleetSizes[] = {0, 1000, 10000};

ContainerApi* g_api = nullptr;
// "/fleet", once a fleet benchmark made it.
std::unique_ptr<Container>* g_fleet = nullptr;
// The hierarchies lmctfy makes a directory in for BenchSpec(), found by
// probing, so the floor does the same mkdirs.
std::vector<std::string>* g_hierarchies = nullptr;

// Reports `status` and exits, destroying the fleet first so that nothing
// is left behind.
[[noreturn]] void Fail(const absl::Status& status) {
  std::fprintf(stderr, "lmctfy_bench: %s\n", status.ToString().c_str());
  if (g_fleet != nullptr) (void)g_api->Destroy(g_fleet->get(), DESTROY_FORCE);
  std::exit(1);
}

template <typename T>
T OrDie(absl::StatusOr<T> value) {
  if (!value.ok()) Fail(value.status());
  return *std::move(value);
}

ContainerSpec BenchSpec() {
  ContainerSpec spec;
  spec.mutable_memory()->set_limit(kMemoryLimitBytes);
  spec.mutable_cpu()->set_limit(kCpuMilli);
  return spec;
}

std::vector<std::string> ProbeHierarchies() {
  std::unique_ptr<Container> probe =
      OrDie(g_api->Create("/bench_probe", BenchSpec()));
  std::vector<std::string> found;
  for (const char* name :
       {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer"}) {
    struct stat info;
    const std::string hierarchy = std::string(kCgroupRoot) + name;
    if (stat((hierarchy + "/bench_probe").c_str(), &info) == 0) {
      found.push_back(hierarchy);
    }
  }
  if (absl::Status s = g_api->Destroy(probe.get()); !s.ok()) Fail(s);
  return found;
}

void WaitFor(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    Fail(absl::InternalError(absl::StrCat("child ", pid, " failed")));
  }
}

void LmctfyCreateDestroy(benchmark::State& state) {
  const ContainerSpec spec = BenchSpec();
  for (auto _ : state) {
    std::unique_ptr<Container> c = OrDie(g_api->Create("/bench_cd", spec));
    if (absl::Status s = g_api->Destroy(c.get()); !s.ok()) Fail(s);
  }
}

void FloorCreateDestroy(benchmark::State& state) {
  RawContainer raw(*g_hierarchies, "/bench_cd");
  for (auto _ : state) {
    raw.Create(kMemoryLimitBytes, kCpuShares);
    raw.Destroy();
  }
}

void LmctfyLifecycle(benchmark::State& state) {
  const ContainerSpec spec = BenchSpec();
  const std::vector<std::string> argv = {"/bin/true"};
  for (auto _ : state) {
    std::unique_ptr<Container> c = OrDie(g_api->Create("/bench_run", spec));
    WaitFor(OrDie(c->Run(argv, RunSpec())));
    if (absl::Status s = g_api->Destroy(c.get()); !s.ok()) Fail(s);
  }
}

void FloorLifecycle(benchmark::State& state) {
  RawContainer raw(*g_hierarchies, "/bench_run");
  for (auto _ : state) {
    raw.Create(kMemoryLimitBytes, kCpuShares);
    raw.RunAndWait("/bin/true");
    raw.Destroy();
  }
}

// Runs `body` against one live container made for the benchmark.
template <typename Body>
void WithContainer(benchmark::State& state, Body body) {
  std::unique_ptr<Container> c =
      OrDie(g_api->Create("/bench_query", BenchSpec()));
  for (auto _ : state) body(*c);
  if (absl::Status s = g_api->Destroy(c.get()); !s.ok()) Fail(s);
}

void LmctfyStatsSummary(benchmark::State& state) {
  WithContainer(state, [](Container& c) {
    benchmark::DoNotOptimize(OrDie(c.Stats(Container::STATS_SUMMARY)));
  });
}

void LmctfySpec(benchmark::State& state) {
  WithContainer(
      state, [](Container& c) { benchmark::DoNotOptimize(OrDie(c.Spec())); });
}

void LmctfyGet(benchmark::State& state) {
  WithContainer(state, [](Container&) {
    benchmark::DoNotOptimize(OrDie(g_api->Get("/bench_query")));
  });
}

void FloorQuery(benchmark::State& state, int which) {
  std::unique_ptr<Container> c =
      OrDie(g_api->Create("/bench_query", BenchSpec()));
  RawContainer raw(*g_hierarchies, "/bench_query");
  for (auto _ : state) {
    if (which == 0) benchmark::DoNotOptimize(raw.ReadSummaryStats());
    if (which == 1) benchmark::DoNotOptimize(raw.ReadSpecSettings());
    if (which == 2) benchmark::DoNotOptimize(raw.Exists());
  }
  if (absl::Status s = g_api->Destroy(c.get()); !s.ok()) Fail(s);
}

// The fleet: "/fleet" (BenchSpec()) with N children, grown as the fleet
// benchmarks ask for bigger N (they run in ascending order). The children
// isolate cpu only: memory cgroups that were removed linger in the kernel
// until their pages are reclaimed and count against its limit of 65,535,
// which ten thousand live ones next to the other benchmarks' leftovers hit.
int g_fleet_size = 0;

ContainerSpec FleetChildSpec() {
  ContainerSpec spec;
  spec.mutable_cpu()->set_limit(kCpuMilli);
  return spec;
}

void GrowFleet(int size) {
  if (g_fleet == nullptr) {
    g_fleet = new std::unique_ptr<Container>(
        OrDie(g_api->Create("/fleet", BenchSpec())));
  }
  for (; g_fleet_size < size; ++g_fleet_size) {
    OrDie(g_api->Create(absl::StrCat("/fleet/c", g_fleet_size),
                        FleetChildSpec()));
  }
}

void LmctfyCreateInFleet(benchmark::State& state) {
  GrowFleet(static_cast<int>(state.range(0)));
  const ContainerSpec spec = BenchSpec();
  for (auto _ : state) {
    std::unique_ptr<Container> c = OrDie(g_api->Create("/fleet/extra", spec));
    if (absl::Status s = g_api->Destroy(c.get()); !s.ok()) Fail(s);
  }
}

void FloorCreateInFleet(benchmark::State& state) {
  GrowFleet(static_cast<int>(state.range(0)));
  RawContainer raw(*g_hierarchies, "/fleet/extra");
  for (auto _ : state) {
    raw.Create(kMemoryLimitBytes, kCpuShares);
    raw.Destroy();
  }
}

// One mkdir + rmdir of /fleet/probe in a single hierarchy: shows which
// hierarchy's cgroup creation grows with the number of siblings (the
// kernel's cost, which no caller can avoid).
void KernelMkdirInFleet(benchmark::State& state, std::string hierarchy) {
  GrowFleet(static_cast<int>(state.range(0)));
  const std::string dir = hierarchy + "/fleet/probe";
  for (auto _ : state) {
    if (mkdir(dir.c_str(), 0755) != 0 || rmdir(dir.c_str()) != 0) {
      state.SkipWithError(("mkdir/rmdir " + dir).c_str());
      break;
    }
  }
}

long MaxRssKilobytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void LmctfyListFleet(benchmark::State& state) {
  GrowFleet(static_cast<int>(state.range(0)));
  size_t listed = 0;
  for (auto _ : state) {
    listed =
        OrDie((*g_fleet)->ListSubcontainers(Container::LIST_RECURSIVE)).size();
  }
  state.counters["listed"] = static_cast<double>(listed);
  state.counters["max_rss_kb"] = static_cast<double>(MaxRssKilobytes());
}

void FloorListFleet(benchmark::State& state) {
  GrowFleet(static_cast<int>(state.range(0)));
  const std::string freezer = std::string(kCgroupRoot) + "freezer/fleet";
  int listed = 0;
  for (auto _ : state) listed = CountSubdirectories(freezer);
  state.counters["listed"] = listed;
}

void RegisterAll() {
  benchmark::RegisterBenchmark("lmctfy/CreateDestroy", LmctfyCreateDestroy);
  benchmark::RegisterBenchmark("floor/CreateDestroy", FloorCreateDestroy);
  benchmark::RegisterBenchmark("lmctfy/CreateRunDestroy", LmctfyLifecycle);
  benchmark::RegisterBenchmark("floor/CreateRunDestroy", FloorLifecycle);
  benchmark::RegisterBenchmark("lmctfy/StatsSummary", LmctfyStatsSummary);
  benchmark::RegisterBenchmark("floor/StatsSummary", FloorQuery, 0);
  benchmark::RegisterBenchmark("lmctfy/Spec", LmctfySpec);
  benchmark::RegisterBenchmark("floor/Spec", FloorQuery, 1);
  benchmark::RegisterBenchmark("lmctfy/Get", LmctfyGet);
  benchmark::RegisterBenchmark("floor/Get", FloorQuery, 2);
  for (int size : kFleetSizes) {
    benchmark::RegisterBenchmark("lmctfy/CreateWithSiblings",
                                 LmctfyCreateInFleet)
        ->Arg(size);
    benchmark::RegisterBenchmark("floor/CreateWithSiblings", FloorCreateInFleet)
        ->Arg(size);
    for (const std::string& hierarchy : *g_hierarchies) {
      // The fleet's children isolate cpu only: no memory siblings.
      if (hierarchy.size() >= 7 &&
          hierarchy.compare(hierarchy.size() - 7, 7, "/memory") == 0) {
        continue;
      }
      const std::string base = hierarchy.substr(hierarchy.rfind('/') + 1);
      benchmark::RegisterBenchmark(
          ("kernel/MkdirWithSiblings/" + base).c_str(), KernelMkdirInFleet,
          hierarchy)
          ->Arg(size);
    }
    if (size == 0) continue;
    benchmark::RegisterBenchmark("lmctfy/ListRecursive", LmctfyListFleet)
        ->Arg(size);
    benchmark::RegisterBenchmark("floor/ListRecursive", FloorListFleet)
        ->Arg(size);
  }
}

}  // namespace
}  // namespace bench
}  // namespace lmctfy
}  // namespace containers

int main(int argc, char** argv) {
  namespace b = containers::lmctfy::bench;
  benchmark::Initialize(&argc, argv);
  auto api = containers::lmctfy::ContainerApi::New();
  if (!api.ok()) b::Fail(api.status());
  b::g_api = api->get();
  std::vector<std::string> hierarchies = b::ProbeHierarchies();
  b::g_hierarchies = &hierarchies;

  b::RegisterAll();
  b::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  if (b::g_fleet != nullptr) {
    absl::Status s =
        b::g_api->Destroy(b::g_fleet->get(), containers::lmctfy::DESTROY_FORCE);
    if (!s.ok()) b::Fail(s);
  }
  benchmark::Shutdown();
  return 0;
}
