// SPDX-License-Identifier: Apache-2.0
// Commands that only look: detect, list, spec and stats.

#include <sys/types.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

#include "cli/cli_environment.h"
#include "cli/cli_flags.h"
#include "cli/commands.h"
#include "cli/commands_common.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

Container::ListPolicy ListPolicyFromFlags() {
  return FLAGS_lmctfy_recursive ? Container::LIST_RECURSIVE
                                : Container::LIST_SELF;
}

// One "<key>=<id>" pair per process or thread id.
void AddIds(const std::string& key, const std::vector<pid_t>& ids,
            CommandOutput* output) {
  for (pid_t id : ids) output->AddPair(key, absl::StrCat(id));
}

// Text format by default, JSON with -j, the serialized bytes with -b.
absl::Status SetProtoOutput(const google::protobuf::Message& message,
                            const CommandContext& context,
                            CommandOutput* output) {
  return SetMessageOutput(message, context.style, FLAGS_lmctfy_binary, output);
}

// Prints the stats every --lmctfy_watch_seconds, each print one block (a
// JSON line with -j, text blocks apart by a blank line), until
// --lmctfy_watch_count prints were made or the container is gone.
absl::Status WatchStats(const Container& container,
                        const CommandContext& context,
                        Container::StatsType type, absl::Duration interval) {
  if (FLAGS_lmctfy_binary) {
    return absl::InvalidArgumentError(
        "-b cannot be combined with -w: binary stats have no separator");
  }
  for (int printed = 0;
       FLAGS_lmctfy_watch_count <= 0 || printed < FLAGS_lmctfy_watch_count;
       ++printed) {
    if (printed > 0) absl::SleepFor(interval);
    ASSIGN_OR_RETURN(const ContainerStats stats, container.Stats(type));
    CommandOutput once;
    RETURN_IF_ERROR(SetProtoOutput(stats, context, &once));
    if (printed > 0 && context.style != OutputStyle::kJson)
      *context.out << "\n";
    PrintOutput(once, context.style, *context.out);
    context.out->flush();
  }
  return absl::OkStatus();
}

absl::Status StatsOfType(const std::vector<std::string>& args,
                         const CommandContext& context,
                         Container::StatsType type, CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   ContainerNamedOrSelf(args, context));
  ASSIGN_OR_RETURN(const absl::Duration interval, WatchInterval());
  if (interval > absl::ZeroDuration()) {
    return WatchStats(*container, context, type, interval);
  }
  ASSIGN_OR_RETURN(const ContainerStats stats, container->Stats(type));
  return SetProtoOutput(stats, context, output);
}

}  // namespace

absl::Status DetectCommand(const std::vector<std::string>& args,
                           const CommandContext& context,
                           CommandOutput* output) {
  pid_t tid = context.env->parent_pid();
  if (!args.empty() && !absl::SimpleAtoi(args[0], &tid)) {
    return absl::InvalidArgumentError(
        absl::StrCat("pid/tid \"", args[0], "\" is not a decimal number"));
  }
  ASSIGN_OR_RETURN(const std::string name, context.api->Detect(tid));
  output->AddPair("name", name);
  return absl::OkStatus();
}

absl::Status ListContainersCommand(const std::vector<std::string>& args,
                                   const CommandContext& context,
                                   CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   ContainerNamedOrSelf(args, context));
  ASSIGN_OR_RETURN(const std::vector<std::unique_ptr<Container>> children,
                   container->ListSubcontainers(ListPolicyFromFlags()));

  std::vector<std::string> names;
  names.reserve(children.size());
  for (const std::unique_ptr<Container>& child : children) {
    names.push_back(child->name());
  }
  std::sort(names.begin(), names.end());
  for (std::string& name : names) output->AddPair("name", std::move(name));
  return absl::OkStatus();
}

absl::Status ListPidsCommand(const std::vector<std::string>& args,
                             const CommandContext& context,
                             CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   ContainerNamedOrSelf(args, context));
  ASSIGN_OR_RETURN(const std::vector<pid_t> pids,
                   container->ListProcesses(ListPolicyFromFlags()));
  AddIds("pid", pids, output);
  return absl::OkStatus();
}

absl::Status ListTidsCommand(const std::vector<std::string>& args,
                             const CommandContext& context,
                             CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   ContainerNamedOrSelf(args, context));
  ASSIGN_OR_RETURN(const std::vector<pid_t> tids,
                   container->ListThreads(ListPolicyFromFlags()));
  AddIds("tid", tids, output);
  return absl::OkStatus();
}

absl::Status SpecCommand(const std::vector<std::string>& args,
                         const CommandContext& context, CommandOutput* output) {
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   ContainerNamedOrSelf(args, context));
  ASSIGN_OR_RETURN(const ContainerSpec spec, container->Spec());
  return SetProtoOutput(spec, context, output);
}

absl::Status StatsSummaryCommand(const std::vector<std::string>& args,
                                 const CommandContext& context,
                                 CommandOutput* output) {
  return StatsOfType(args, context, Container::STATS_SUMMARY, output);
}

absl::Status StatsFullCommand(const std::vector<std::string>& args,
                              const CommandContext& context,
                              CommandOutput* output) {
  return StatsOfType(args, context, Container::STATS_FULL, output);
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
