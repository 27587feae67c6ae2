// SPDX-License-Identifier: Apache-2.0
// memory.stat keys map onto MemoryData fields of the same name; keys with a
// "total_" prefix describe the whole subtree.

#include "lmctfy/resources/memory_stats.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Sub-messages of MemoryData and the key prefix that selects them, longest
// prefix first.
constexpr struct {
  const char* prefix;
  const char* field;
} kSubMessages[] = {
    {"kernel_noncharged_", "kernel_noncharged"},
    {"kernel_", "kernel"},
    {"thp_", "thp"},
};

// Sets the int64 field `key` of `data` (or of one of its sub-messages) when
// such a field exists; unknown keys are ignored.
void SetDataField(absl::string_view key, int64_t value, Message* data) {
  const auto* descriptor = data->GetDescriptor();
  const auto* reflection = data->GetReflection();
  const FieldDescriptor* field = descriptor->FindFieldByName(std::string(key));
  if (field != nullptr && field->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
    reflection->SetInt64(data, field, value);
    return;
  }
  for (const auto& sub : kSubMessages) {
    absl::string_view rest = key;
    if (!absl::ConsumePrefix(&rest, sub.prefix)) continue;
    const FieldDescriptor* sub_field = descriptor->FindFieldByName(sub.field);
    Message* sub_message = reflection->MutableMessage(data, sub_field);
    const FieldDescriptor* inner =
        sub_message->GetDescriptor()->FindFieldByName(std::string(rest));
    if (inner != nullptr &&
        inner->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      sub_message->GetReflection()->SetInt64(sub_message, inner, value);
    } else if (sub_message->ByteSizeLong() == 0) {
      reflection->ClearField(data, sub_field);
    }
    return;
  }
}

}  // namespace

absl::Status FillMemoryStats(const MemoryController& controller,
                             MemoryStats* stats) {
  ASSIGN_OR_RETURN(int64_t limit, controller.GetLimitBytes());
  stats->set_limit(limit);
  ASSIGN_OR_RETURN(int64_t reservation, controller.GetSoftLimitBytes());
  stats->set_reservation(reservation);
  ASSIGN_OR_RETURN(int64_t usage, controller.GetUsageBytes());
  stats->set_usage(usage);
  ASSIGN_OR_RETURN(int64_t max_usage, controller.GetMaxUsageBytes());
  stats->set_max_usage(max_usage);
  ASSIGN_OR_RETURN(int64_t fail_count, controller.GetFailCount());
  stats->set_fail_count(fail_count);

  ASSIGN_OR_RETURN(auto entries, controller.GetStat());
  int64_t cold = 0;
  for (const auto& [key, value] : entries) {
    if (key == "hierarchical_memory_limit") {
      stats->set_hierarchical_memory_limit(value);
      stats->set_effective_limit(value);
      continue;
    }
    if (key == "total_inactive_anon" || key == "total_inactive_file") {
      cold += value;
    }
    absl::string_view name = key;
    if (absl::ConsumePrefix(&name, "total_")) {
      SetDataField(name, value, stats->mutable_hierarchical_data());
    } else {
      SetDataField(name, value, stats->mutable_container_data());
    }
  }
  stats->set_working_set(std::max<int64_t>(0, usage - cold));
  return absl::OkStatus();
}

}  // namespace lmctfy
}  // namespace containers
