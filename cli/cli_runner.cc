// SPDX-License-Identifier: Apache-2.0
// The lmctfy tool from argv to exit status.

#include "cli/cli_runner.h"

#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gflags/gflags.h"

#include "cli/cli_flags.h"
#include "cli/command_line.h"
#include "cli/command_tree.h"
#include "cli/commands.h"
#include "cli/fd_ostream.h"
#include "cli/output.h"
#include "cli/usage.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Exit statuses that do not come from a command's status.
constexpr int kExitSuccess = 0;
constexpr int kExitBadFlags = 1;
constexpr int kExitBadArgumentCount =
    static_cast<int>(absl::StatusCode::kInvalidArgument);
constexpr int kExitNoSuchCommand =
    static_cast<int>(absl::StatusCode::kNotFound);
// Name used when argv is empty.
constexpr char kDefaultProg[] = "lmctfy";

std::string ProgName(const std::vector<std::string>& args) {
  if (args.empty() || args[0].empty()) return kDefaultProg;
  const size_t slash = args[0].rfind('/');
  return slash == std::string::npos ? args[0] : args[0].substr(slash + 1);
}

// `run` passes its command verbatim once the container name was seen.
bool RestIsVerbatim(const std::vector<std::string>& words) {
  const CommandLookup lookup = LookUpCommand(RootCommand(), words);
  const CommandNode* leaf = lookup.leaf();
  return leaf != nullptr && leaf->verbatim_after_args >= 0 &&
         lookup.rest.size() >= static_cast<size_t>(leaf->verbatim_after_args);
}

// One invocation; holds what the steps of RunCli share.
class Invocation {
 public:
  Invocation(const std::vector<std::string>& args, const CliEnvironment& env)
      : args_(args), env_(env), prog_(ProgName(args)), out_(env.out) {}

  int Run() {
    const std::vector<std::string> without_prog(
        args_.empty() ? args_.begin() : args_.begin() + 1, args_.end());
    absl::StatusOr<ParsedCommandLine> command_line =
        ParseCommandLine(without_prog, RestIsVerbatim);
    if (!command_line.ok()) return FlagError(command_line.status());
    if (absl::Status applied = ApplyFlagSettings(*command_line);
        !applied.ok()) {
      return FlagError(applied);
    }
    absl::StatusOr<OutputStyle> style =
        ParseOutputStyle(FLAGS_lmctfy_output_style);
    if (!style.ok()) return FlagError(style.status());
    if (absl::Status opened = OpenOutput(); !opened.ok()) {
      return FlagError(opened);
    }

    if (std::optional<int> exit = RunGlobalAction()) return *exit;
    return RunCommand(command_line->words, *style);
  }

 private:
  int FlagError(const absl::Status& status) {
    *env_.err << prog_ << ": " << status.message() << "\n";
    return kExitBadFlags;
  }

  int CommandError(const absl::Status& status) {
    const int code = static_cast<int>(status.code());
    *env_.err << prog_ << ": " << code << ": " << status.message() << "\n";
    return code;
  }

  // Success output of the tool itself (usage, trees, version).
  int PrintAndSucceed(const std::string& text) {
    *out_ << text;
    out_->flush();
    return kExitSuccess;
  }

  absl::Status OpenOutput() {
    if (FLAGS_lmctfy_output_fd == 1) return absl::OkStatus();
    absl::StatusOr<std::unique_ptr<FdOstream>> stream =
        FdOstream::Open(FLAGS_lmctfy_output_fd);
    if (!stream.ok()) return stream.status();
    owned_out_ = std::move(stream).value();
    out_ = owned_out_.get();
    return absl::OkStatus();
  }

  std::optional<int> RunGlobalAction() {
    if (FLAGS_lmctfy_print_help) {
      return PrintAndSucceed(MenuUsage(RootCommand(), "", prog_));
    }
    if (FLAGS_lmctfy_print_cmd_tree_long) {
      return PrintAndSucceed(CommandTreeLongText(RootCommand()));
    }
    if (FLAGS_lmctfy_print_cmd_tree) {
      return PrintAndSucceed(CommandTreeText(RootCommand()));
    }
    if (FLAGS_lmctfy_version || FLAGS_lmctfy_version_long) {
      return PrintAndSucceed(VersionText(FLAGS_lmctfy_version_long));
    }
    return std::nullopt;
  }

  int RunCommand(const std::vector<std::string>& words, OutputStyle style) {
    const CommandLookup lookup = LookUpCommand(RootCommand(), words);
    const CommandNode* leaf = lookup.leaf();
    if (leaf == nullptr) return NoSuchCommand(lookup);

    const std::string path = lookup.PathString();
    if (!lookup.rest.empty() && lookup.rest.front() == "help") {
      return PrintAndSucceed(LeafUsageLine(*leaf, path, prog_));
    }
    if (std::optional<int> exit =
            CheckArgumentCount(*leaf, path, lookup.rest)) {
      return *exit;
    }

    CommandContext context;
    context.env = &env_;
    context.prog = prog_;
    context.style = style;
    context.out = out_;
    std::unique_ptr<ContainerApi> api;
    if (leaf->needs_api) {
      absl::StatusOr<std::unique_ptr<ContainerApi>> made = env_.new_api();
      if (!made.ok()) return CommandError(made.status());
      api = std::move(made).value();
      context.api = api.get();
    }

    CommandOutput output;
    const absl::Status status = leaf->handler(lookup.rest, context, &output);
    if (!status.ok()) return CommandError(status);
    PrintOutput(output, style, *out_);
    out_->flush();
    return kExitSuccess;
  }

  int NoSuchCommand(const CommandLookup& lookup) {
    if (!lookup.rest.empty()) {
      *env_.err << prog_ << ": unknown command \""
                << absl::StrCat(lookup.PathString(),
                                lookup.path.empty() ? "" : " ",
                                lookup.rest.front())
                << "\"\n";
    }
    *env_.err << MenuUsage(lookup.menu(RootCommand()), lookup.PathString(),
                           prog_);
    return kExitNoSuchCommand;
  }

  std::optional<int> CheckArgumentCount(const CommandNode& leaf,
                                        const std::string& path,
                                        const std::vector<std::string>& rest) {
    const int count = static_cast<int>(rest.size());
    std::string problem;
    if (count < leaf.min_args) {
      problem = absl::StrCat("\"", path, "\" is missing arguments: it takes ",
                             "at least ", leaf.min_args, ", got ", count);
    } else if (leaf.max_args != kAnyNumberOfArgs && count > leaf.max_args) {
      problem = absl::StrCat("\"", path, "\" got extraneous arguments: it ",
                             "takes at most ", leaf.max_args, ", got ", count);
    } else {
      return std::nullopt;
    }
    *env_.err << prog_ << ": " << problem << "\n"
              << LeafUsageLine(leaf, path, prog_);
    return kExitBadArgumentCount;
  }

  const std::vector<std::string>& args_;
  const CliEnvironment& env_;
  const std::string prog_;
  std::ostream* out_;
  std::unique_ptr<std::ostream> owned_out_;
};

}  // namespace

int RunCli(const std::vector<std::string>& args, const CliEnvironment& env) {
  gflags::FlagSaver restore_flags;
  ResetLmctfyFlags();
  return Invocation(args, env).Run();
}

int RunCliInFreshProcess(const std::vector<std::string>& args,
                         const CliEnvironment& env) {
  return Invocation(args, env).Run();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
