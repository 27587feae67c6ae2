// SPDX-License-Identifier: Apache-2.0
// Sampling, sorting and laying out the rows of `lmctfy top`.

#include "cli/top_table.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

constexpr int64_t kUnlimitedBytes = int64_t{1} << 62;
constexpr size_t kMinNameColumns = 9;

absl::StatusOr<ContainerSample> SampleOne(const Container& container) {
  ContainerSample sample;
  sample.name = container.name();
  ASSIGN_OR_RETURN(const ContainerStats stats,
                   container.Stats(Container::STATS_SUMMARY));
  if (stats.has_cpu() && stats.cpu().has_usage()) {
    sample.cpu_ns = stats.cpu().usage().total();
  }
  if (stats.has_memory()) {
    sample.memory_usage = stats.memory().usage();
    sample.memory_limit = stats.memory().limit();
  }
  ASSIGN_OR_RETURN(const std::vector<pid_t> pids,
                   container.ListProcesses(Container::LIST_SELF));
  sample.tasks = static_cast<int64_t>(pids.size());
  return sample;
}

std::string CpuText(const std::optional<double>& percent) {
  return percent ? absl::StrFormat("%.1f", *percent) : "-";
}

std::string BytesText(const std::optional<int64_t>& bytes) {
  return bytes ? HumanBytes(*bytes) : "-";
}

}  // namespace

absl::StatusOr<std::vector<ContainerSample>> SampleContainers(
    const Container& root) {
  ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Container>> below,
                   root.ListSubcontainers(Container::LIST_RECURSIVE));
  std::vector<ContainerSample> samples;
  ASSIGN_OR_RETURN(ContainerSample first, SampleOne(root));
  samples.push_back(std::move(first));
  for (const std::unique_ptr<Container>& container : below) {
    absl::StatusOr<ContainerSample> sample = SampleOne(*container);
    if (absl::IsNotFound(sample.status())) continue;
    if (!sample.ok()) return sample.status();
    samples.push_back(*std::move(sample));
  }
  return samples;
}

std::vector<TopRow> ComputeRows(const std::vector<ContainerSample>& before,
                                const std::vector<ContainerSample>& now,
                                absl::Duration elapsed) {
  absl::flat_hash_map<std::string, const ContainerSample*> earlier;
  for (const ContainerSample& sample : before) earlier[sample.name] = &sample;

  const double elapsed_ns = absl::ToDoubleNanoseconds(elapsed);
  std::vector<TopRow> rows;
  rows.reserve(now.size());
  for (const ContainerSample& sample : now) {
    TopRow row{sample, std::nullopt};
    auto it = earlier.find(sample.name);
    if (it != earlier.end() && sample.cpu_ns && it->second->cpu_ns &&
        elapsed_ns > 0 && *sample.cpu_ns >= *it->second->cpu_ns) {
      row.cpu_percent =
          100.0 * static_cast<double>(*sample.cpu_ns - *it->second->cpu_ns) /
          elapsed_ns;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<TopSort> ParseTopSort(absl::string_view name) {
  for (TopSort sort :
       {TopSort::kCpu, TopSort::kMemory, TopSort::kTasks, TopSort::kName}) {
    if (name == TopSortName(sort)) return sort;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "top sort \"", name, "\" is not one of cpu, memory, tasks or name"));
}

absl::string_view TopSortName(TopSort sort) {
  switch (sort) {
    case TopSort::kCpu:
      return "cpu";
    case TopSort::kMemory:
      return "memory";
    case TopSort::kTasks:
      return "tasks";
    case TopSort::kName:
      return "name";
  }
  return "cpu";
}

void SortRows(TopSort sort, std::vector<TopRow>* rows) {
  // Unset values sort below every set one.
  auto key = [sort](const TopRow& row) -> double {
    switch (sort) {
      case TopSort::kCpu:
        return row.cpu_percent.value_or(-1);
      case TopSort::kMemory:
        return row.sample.memory_usage
                   ? static_cast<double>(*row.sample.memory_usage)
                   : -1;
      case TopSort::kTasks:
        return static_cast<double>(row.sample.tasks);
      case TopSort::kName:
        return 0;
    }
    return 0;
  };
  std::stable_sort(rows->begin(), rows->end(),
                   [](const TopRow& a, const TopRow& b) {
                     return a.sample.name < b.sample.name;
                   });
  if (sort == TopSort::kName) return;
  std::stable_sort(
      rows->begin(), rows->end(),
      [&key](const TopRow& a, const TopRow& b) { return key(a) > key(b); });
}

std::string HumanBytes(int64_t bytes) {
  if (bytes >= kUnlimitedBytes) return "unlimited";
  if (bytes < 1024) return absl::StrCat(bytes);
  const char* const units[] = {"Ki", "Mi", "Gi", "Ti", "Pi"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < sizeof(units) / sizeof(units[0])) {
    value /= 1024;
    ++unit;
  }
  return absl::StrFormat("%.1f%s", value, units[unit]);
}

std::string RenderTable(absl::string_view root, TopSort sort,
                        absl::Duration interval,
                        const std::vector<TopRow>& rows) {
  size_t name_columns = kMinNameColumns;
  for (const TopRow& row : rows) {
    name_columns = std::max(name_columns, row.sample.name.size());
  }
  const int width = static_cast<int>(name_columns);
  std::string table = absl::StrFormat(
      "lmctfy top: %s, %d containers, every %s, sorted by %s "
      "(c m t n: sort, q: quit)\n\n",
      root, rows.size(), absl::FormatDuration(interval), TopSortName(sort));
  absl::StrAppendFormat(&table, "%-*s %7s %10s %10s %6s\n", width, "CONTAINER",
                        "CPU%", "MEM", "LIMIT", "TASKS");
  for (const TopRow& row : rows) {
    const ContainerSample& s = row.sample;
    absl::StrAppendFormat(&table, "%-*s %7s %10s %10s %6d\n", width, s.name,
                          CpuText(row.cpu_percent), BytesText(s.memory_usage),
                          BytesText(s.memory_limit), s.tasks);
  }
  return table;
}

std::string RenderJsonRows(const std::vector<TopRow>& rows) {
  std::string lines;
  for (const TopRow& row : rows) {
    google::protobuf::Struct object;
    auto& fields = *object.mutable_fields();
    fields["name"].set_string_value(row.sample.name);
    if (row.cpu_percent)
      fields["cpu_percent"].set_number_value(*row.cpu_percent);
    if (row.sample.memory_usage) {
      fields["memory_usage"].set_number_value(
          static_cast<double>(*row.sample.memory_usage));
    }
    if (row.sample.memory_limit) {
      fields["memory_limit"].set_number_value(
          static_cast<double>(*row.sample.memory_limit));
    }
    fields["tasks"].set_number_value(static_cast<double>(row.sample.tasks));
    std::string json;
    if (google::protobuf::util::MessageToJsonString(object, &json).ok()) {
      absl::StrAppend(&lines, json, "\n");
    }
  }
  return lines;
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
