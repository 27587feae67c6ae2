// SPDX-License-Identifier: Apache-2.0
// A console reporter that, after the usual table, prints each "lmctfy/<case>"
// benchmark's time as a ratio to the "floor/<case>" benchmark of the same run.

#ifndef LMCTFY_BENCH_RATIO_REPORTER_H_
#define LMCTFY_BENCH_RATIO_REPORTER_H_

#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace containers {
namespace lmctfy {
namespace bench {

// Not thread-safe; Google Benchmark calls reporters from one thread.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

 private:
  // Real time per iteration in nanoseconds, by benchmark name; the median
  // when repetitions were asked for.
  std::map<std::string, double> real_ns_;
};

}  // namespace bench
}  // namespace lmctfy
}  // namespace containers

#endif  // LMCTFY_BENCH_RATIO_REPORTER_H_
