// SPDX-License-Identifier: Apache-2.0
// Pairs lmctfy benchmarks with their floors and prints the ratios.

#include "bench/ratio_reporter.h"

#include <cstdio>

namespace containers {
namespace lmctfy {
namespace bench {
namespace {

constexpr char kLmctfyPrefix[] = "lmctfy/";
constexpr char kFloorPrefix[] = "floor/";

double ToNanoseconds(double value, benchmark::TimeUnit unit) {
  return value * 1e9 / benchmark::GetTimeUnitMultiplier(unit);
}

}  // namespace

void RatioReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    const bool median =
        run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
    if (run.run_type == Run::RT_Aggregate && !median) continue;
    const std::string name = run.run_name.str();
    // An iteration run stands in only until its median arrives.
    if (!median && run.repetitions > 1) continue;
    real_ns_[name] = ToNanoseconds(run.GetAdjustedRealTime(), run.time_unit);
  }
  ConsoleReporter::ReportRuns(runs);
}

void RatioReporter::Finalize() {
  ConsoleReporter::Finalize();
  std::printf("\n%-40s %14s %14s %8s\n", "case", "lmctfy (us)", "floor (us)",
              "ratio");
  for (const auto& [name, lmctfy_ns] : real_ns_) {
    if (name.rfind(kLmctfyPrefix, 0) != 0) continue;
    const std::string which = name.substr(sizeof(kLmctfyPrefix) - 1);
    auto floor = real_ns_.find(kFloorPrefix + which);
    if (floor == real_ns_.end()) {
      std::printf("%-40s %14.1f %14s %8s\n", which.c_str(), lmctfy_ns / 1e3,
                  "-", "-");
      continue;
    }
    std::printf("%-40s %14.1f %14.1f %7.2fx\n", which.c_str(), lmctfy_ns / 1e3,
                floor->second / 1e3, lmctfy_ns / floor->second);
  }
  std::fflush(stdout);
}

}  // namespace bench
}  // namespace lmctfy
}  // namespace containers
