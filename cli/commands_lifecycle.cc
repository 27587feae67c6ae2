// SPDX-License-Identifier: Apache-2.0
// Commands that create, change and remove containers, and `init`.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

#include "cli/cli_environment.h"
#include "cli/cli_flags.h"
#include "cli/commands.h"
#include "cli/commands_common.h"
#include "cli/spec_parsing.h"
#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// The ContainerSpec of a create or update of the container `args[0]`, inline
// in `args[1]` or from --lmctfy_config; errors name the container.
absl::Status LoadContainerSpec(const std::vector<std::string>& args,
                               ContainerSpec* spec) {
  absl::Status status = LoadSpec(OptionalArg(args, 1), FLAGS_lmctfy_config,
                                 SpecSources::kExactlyOne, spec);
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat("container ", args[0], ": ",
                                                  status.message()));
}

// `update <policy> <name> [<spec>]`.
absl::Status UpdateWithPolicy(const std::vector<std::string>& args,
                              const CommandContext& context,
                              Container::UpdatePolicy policy) {
  ContainerSpec spec;
  RETURN_IF_ERROR(LoadContainerSpec(args, &spec));
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   context.api->Get(args[0]));
  return container->Update(spec, policy);
}

}  // namespace

absl::Status CreateCommand(const std::vector<std::string>& args,
                           const CommandContext& context,
                           CommandOutput* output) {
  ContainerSpec spec;
  RETURN_IF_ERROR(LoadContainerSpec(args, &spec));
  ASSIGN_OR_RETURN(std::unique_ptr<Container> container,
                   context.api->Create(args[0], spec));

  // A virtual host has an init of its own, which is worth reporting.
  if (spec.has_virtual_host()) {
    ASSIGN_OR_RETURN(const pid_t init_pid, container->GetInitPid());
    output->AddPair("init_pid", absl::StrCat(init_pid));
  }
  return absl::OkStatus();
}

absl::Status DestroyCommand(const std::vector<std::string>& args,
                            const CommandContext& context,
                            CommandOutput* output) {
  absl::StatusOr<std::unique_ptr<Container>> container =
      context.api->Get(args[0]);
  // A create or destroy killed part-way leaves a container that is not
  // whole, so Get does not find it; -f removes what is left of it.
  if (absl::IsNotFound(container.status()) && FLAGS_lmctfy_force) {
    return context.api->RemoveRemnants(args[0]);
  }
  if (!container.ok()) return container.status();
  return context.api->Destroy(
      container->get(), FLAGS_lmctfy_force ? DESTROY_FORCE : DESTROY_IF_EMPTY);
}

absl::Status InitCommand(const std::vector<std::string>& args,
                         const CommandContext& context, CommandOutput* output) {
  InitSpec spec;
  RETURN_IF_ERROR(LoadSpec(OptionalArg(args, 0), FLAGS_lmctfy_config,
                           SpecSources::kAtMostOne, &spec));
  return context.env->init_machine(spec);
}

absl::Status UpdateReplaceCommand(const std::vector<std::string>& args,
                                  const CommandContext& context,
                                  CommandOutput* output) {
  return UpdateWithPolicy(args, context, Container::UPDATE_REPLACE);
}

absl::Status UpdateDiffCommand(const std::vector<std::string>& args,
                               const CommandContext& context,
                               CommandOutput* output) {
  return UpdateWithPolicy(args, context, Container::UPDATE_DIFF);
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
