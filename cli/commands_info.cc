// SPDX-License-Identifier: Apache-2.0
// Commands about the tool itself: help and version.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

#include "cli/cli_flags.h"
#include "cli/commands.h"
#include "cli/usage.h"

namespace containers {
namespace lmctfy {
namespace cli {

std::string VersionText(bool with_build_time) {
  std::string text = absl::StrCat("lmctfy version ", LMCTFY_VERSION_STRING);
  if (with_build_time) {
    absl::StrAppend(&text, " built on ", __DATE__, " ", __TIME__);
  }
  return absl::StrCat(text, "\n");
}

absl::Status HelpCommand(const std::vector<std::string>& args,
                         const CommandContext& context, CommandOutput* output) {
  output->SetRaw(MenuUsage(RootCommand(), "", context.prog));
  return absl::OkStatus();
}

absl::Status VersionCommand(const std::vector<std::string>& args,
                            const CommandContext& context,
                            CommandOutput* output) {
  // Scripts asking for JSON get the bare version as data.
  if (context.style == OutputStyle::kJson) {
    output->AddPair("version", LMCTFY_VERSION_STRING);
    return absl::OkStatus();
  }
  output->SetRaw(VersionText(FLAGS_lmctfy_version_long));
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
