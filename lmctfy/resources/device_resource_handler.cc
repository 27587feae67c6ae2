// SPDX-License-Identifier: Apache-2.0
// Device rules: spec -> "T MAJ:MIN ACC" writes, devices.list -> spec.

#include "lmctfy/resources/device_resource_handler.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "glog/logging.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace {

using Restriction = DeviceSpec::DeviceRestrictions;

absl::Status BadRule(absl::string_view container, int index,
                     absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("container ", container,
                   ": device.restrictions_set.restrictions[", index, "] ",
                   why));
}

absl::StatusOr<std::string> RuleText(absl::string_view container, int index,
                                     const Restriction& rule) {
  if (!rule.has_permission()) return BadRule(container, index, "has no permission");
  if (!rule.has_type()) return BadRule(container, index, "has no type");
  if (rule.access_size() == 0) return BadRule(container, index, "has no access");
  if (rule.access_size() > 3) {
    return BadRule(container, index,
                   absl::StrCat("has ", rule.access_size(),
                                " access entries (at most 3)"));
  }
  for (int64_t number : {rule.major(), rule.minor()}) {
    if (number < 0) {
      return BadRule(container, index,
                     absl::StrCat("has a negative device number ", number));
    }
  }
  bool read = false, write = false, mknod = false;
  for (int access : rule.access()) {
    read |= access == DeviceSpec::READ;
    write |= access == DeviceSpec::WRITE;
    mknod |= access == DeviceSpec::MKNOD;
  }
  const char* type = rule.type() == DeviceSpec::DEVICE_ALL     ? "a"
                     : rule.type() == DeviceSpec::DEVICE_BLOCK ? "b"
                                                               : "c";
  return absl::StrCat(
      type, " ", rule.has_major() ? absl::StrCat(rule.major()) : "*", ":",
      rule.has_minor() ? absl::StrCat(rule.minor()) : "*", " ",
      read ? "r" : "", write ? "w" : "", mknod ? "m" : "");
}

// "*" -> unset; a number -> set.
absl::Status ParseNumber(absl::string_view text, bool* set, int64_t* value) {
  if (text == "*") {
    *set = false;
    return absl::OkStatus();
  }
  if (!absl::SimpleAtoi(text, value)) {
    return absl::InternalError(
        absl::StrCat("devices.list has a bad device number \"", text, "\""));
  }
  *set = true;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<DeviceRule>> DeviceRulesFromSpec(
    absl::string_view container, const DeviceSpec& spec) {
  std::vector<DeviceRule> rules;
  const auto& restrictions = spec.restrictions_set().restrictions();
  for (int i = 0; i < restrictions.size(); ++i) {
    ASSIGN_OR_RETURN(std::string text, RuleText(container, i, restrictions[i]));
    rules.push_back(
        {restrictions[i].permission() == DeviceSpec::ALLOW, std::move(text)});
  }
  return rules;
}

absl::StatusOr<DeviceSpec> DeviceSpecFromList(
    const std::vector<std::string>& lines) {
  DeviceSpec spec;
  auto* set = spec.mutable_restrictions_set();
  if (lines.empty()) {
    Restriction* deny = set->add_restrictions();
    deny->set_permission(DeviceSpec::DENY);
    deny->set_type(DeviceSpec::DEVICE_ALL);
    deny->add_access(DeviceSpec::READ);
    deny->add_access(DeviceSpec::WRITE);
    deny->add_access(DeviceSpec::MKNOD);
    return spec;
  }
  for (const std::string& line : lines) {
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    std::vector<absl::string_view> numbers =
        parts.size() == 3 ? absl::StrSplit(parts[1], ':')
                          : std::vector<absl::string_view>();
    if (numbers.size() != 2 || parts[0].size() != 1) {
      return absl::InternalError(
          absl::StrCat("devices.list has an unreadable line \"", line, "\""));
    }
    Restriction* rule = set->add_restrictions();
    rule->set_permission(DeviceSpec::ALLOW);
    rule->set_type(parts[0] == "a"   ? DeviceSpec::DEVICE_ALL
                   : parts[0] == "b" ? DeviceSpec::DEVICE_BLOCK
                                     : DeviceSpec::DEVICE_CHAR);
    bool has = false;
    int64_t number = 0;
    RETURN_IF_ERROR(ParseNumber(numbers[0], &has, &number));
    if (has) rule->set_major(number);
    RETURN_IF_ERROR(ParseNumber(numbers[1], &has, &number));
    if (has) rule->set_minor(number);
    // Read-back order is m, r, w.
    for (auto [letter, access] :
         {std::pair<char, DeviceSpec::DeviceAccess>{'m', DeviceSpec::MKNOD},
          {'r', DeviceSpec::READ},
          {'w', DeviceSpec::WRITE}}) {
      if (parts[2].find(letter) != absl::string_view::npos) {
        rule->add_access(access);
      }
    }
  }
  return spec;
}

DeviceResourceHandler::DeviceResourceHandler(std::string container,
                                             DevicesController controller)
    : container_(std::move(container)), controller_(std::move(controller)) {}

absl::Status DeviceResourceHandler::ValidateUpdate(
    const ContainerSpec& spec, Container::UpdatePolicy) const {
  return DeviceRulesFromSpec(container_, spec.device()).status();
}

absl::Status DeviceResourceHandler::Update(const ContainerSpec& spec,
                                           Container::UpdatePolicy) {
  // Replace has no defaults for devices: rules are applied in order either
  // way.
  ASSIGN_OR_RETURN(std::vector<DeviceRule> rules,
                   DeviceRulesFromSpec(container_, spec.device()));
  if (rules.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::string> before, controller_.GetList());
  for (const DeviceRule& rule : rules) {
    absl::Status status = rule.allow ? controller_.Allow(rule.text)
                                     : controller_.Deny(rule.text);
    if (!status.ok()) {
      RestoreList(before);
      return status;
    }
  }
  return absl::OkStatus();
}

void DeviceResourceHandler::RestoreList(
    const std::vector<std::string>& lines) const {
  absl::Status status = controller_.Deny("a *:* rwm");
  for (const std::string& line : lines) {
    if (status.ok()) status = controller_.Allow(line);
  }
  if (!status.ok()) {
    LOG(ERROR) << "restoring the device list of container " << container_
               << " after a failed update: " << status;
  }
}

absl::Status DeviceResourceHandler::FillSpec(ContainerSpec* spec) const {
  ASSIGN_OR_RETURN(std::vector<std::string> lines, controller_.GetList());
  ASSIGN_OR_RETURN(*spec->mutable_device(), DeviceSpecFromList(lines));
  return absl::OkStatus();
}

absl::Status DeviceResourceHandler::FillStats(Container::StatsType,
                                              ContainerStats*) const {
  return absl::OkStatus();
}

absl::Status DeviceResourceHandler::Delegate(int64_t uid, int64_t gid) const {
  return controller_.Delegate(uid, gid, {});
}

absl::Status DeviceResourceHandler::Destroy() { return controller_.Destroy(); }

DeviceResourceHandlerFactory::DeviceResourceHandlerFactory(
    const KernelApi& kernel, const CgroupLayout& layout)
    : CgroupResourceFactoryBase(CGROUP_DEVICE, "device", kernel, layout) {}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
DeviceResourceHandlerFactory::Get(absl::string_view name) const {
  if (!Isolates(name)) {
    return absl::NotFoundError(
        absl::StrCat("container ", name, " does not isolate devices"));
  }
  return std::make_unique<DeviceResourceHandler>(
      std::string(name), DevicesController(Dir(name), kernel()));
}

absl::Status DeviceResourceHandlerFactory::ValidateCreate(
    absl::string_view name, const ContainerSpec& spec) const {
  RETURN_IF_ERROR(CheckCanIsolate(name));
  return DeviceRulesFromSpec(name, spec.device()).status();
}

absl::StatusOr<std::unique_ptr<ResourceHandler>>
DeviceResourceHandlerFactory::Create(absl::string_view name,
                                     const ContainerSpec& spec) const {
  DevicesController controller(Dir(name), kernel());
  RETURN_IF_ERROR(controller.CreateDirectory());
  auto handler =
      std::make_unique<DeviceResourceHandler>(std::string(name), controller);
  absl::Status status = handler->Update(spec, Container::UPDATE_REPLACE);
  if (!status.ok()) {
    RemoveAfterFailure(*handler, status);
    return status;
  }
  return handler;
}

}  // namespace lmctfy
}  // namespace containers
