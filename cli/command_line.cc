// SPDX-License-Identifier: Apache-2.0
// Scans the lmctfy command line for short and long flags.

#include "cli/command_line.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gflags/gflags.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// The flag a single-dash flag that takes the next argument sets: "-c <file>"
// and "-w <seconds>".
std::optional<std::string> ShortFlagWithValue(char letter) {
  if (letter == 'c') return "lmctfy_config";
  if (letter == 'w') return "lmctfy_watch_seconds";
  return std::nullopt;
}

// The gflags setting a single-dash flag stands for, by its second letter;
// the ones that take the next argument are handled apart.
std::optional<FlagSetting> ShortFlagSetting(char letter) {
  switch (letter) {
    case 'b':
      return FlagSetting{"lmctfy_binary", "true"};
    case 'f':
      return FlagSetting{"lmctfy_force", "true"};
    case 'h':
      return FlagSetting{"lmctfy_print_help", "true"};
    case 'j':
      return FlagSetting{"lmctfy_output_style", "json"};
    case 'l':
      return FlagSetting{"lmctfy_output_style", "long"};
    case 'n':
      return FlagSetting{"lmctfy_no_wait", "true"};
    case 'p':
      return FlagSetting{"lmctfy_output_style", "pairs"};
    case 'r':
      return FlagSetting{"lmctfy_recursive", "true"};
    case 'v':
      return FlagSetting{"lmctfy_output_style", "values"};
    case 'V':
      return FlagSetting{"lmctfy_version", "true"};
    default:
      return std::nullopt;
  }
}

bool IsBoolFlag(const std::string& name) {
  gflags::CommandLineFlagInfo info;
  return gflags::GetCommandLineFlagInfo(name.c_str(), &info) &&
         info.type == "bool";
}

bool IsKnownFlag(const std::string& name) {
  gflags::CommandLineFlagInfo info;
  return gflags::GetCommandLineFlagInfo(name.c_str(), &info);
}

// Walks the arguments once, keeping the position between steps.
class Scanner {
 public:
  Scanner(const std::vector<std::string>& args,
          const VerbatimRule& rest_is_verbatim)
      : args_(args), rest_is_verbatim_(rest_is_verbatim) {}

  absl::StatusOr<ParsedCommandLine> Scan() {
    while (next_ < args_.size()) {
      const std::string& arg = args_[next_++];
      if (arg == "--") {
        KeepRestFrom(next_);
      } else if (absl::StartsWith(arg, "--")) {
        RETURN_IF_ERROR(ScanLongFlag(arg.substr(2)));
      } else if (arg.size() >= 2 && arg[0] == '-' &&
                 RecognisedShortLetter(arg[1])) {
        RETURN_IF_ERROR(ScanShortFlag(arg));
      } else if (rest_is_verbatim_ && rest_is_verbatim_(parsed_.words)) {
        KeepRestFrom(next_ - 1);
      } else {
        parsed_.words.push_back(arg);
      }
    }
    return std::move(parsed_);
  }

 private:
  static bool RecognisedShortLetter(char letter) {
    return ShortFlagWithValue(letter).has_value() ||
           ShortFlagSetting(letter).has_value();
  }

  void KeepRestFrom(size_t first) {
    parsed_.words.insert(parsed_.words.end(), args_.begin() + first,
                         args_.end());
    next_ = args_.size();
  }

  absl::Status ScanShortFlag(const std::string& arg) {
    const std::optional<std::string> with_value = ShortFlagWithValue(arg[1]);
    if (!with_value.has_value()) {
      parsed_.short_flags.push_back(*ShortFlagSetting(arg[1]));
      return absl::OkStatus();
    }
    if (next_ >= args_.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "flag ", arg, " needs ",
          arg[1] == 'c' ? "a config file path" : "a number of seconds",
          " after it"));
    }
    parsed_.short_flags.push_back({*with_value, args_[next_++]});
    return absl::OkStatus();
  }

  absl::Status ScanLongFlag(const std::string& flag) {
    const size_t equals = flag.find('=');
    if (equals != std::string::npos) {
      const std::string name = flag.substr(0, equals);
      if (!IsKnownFlag(name)) return UnknownFlag(name);
      parsed_.long_flags.push_back({name, flag.substr(equals + 1)});
      return absl::OkStatus();
    }
    if (IsBoolFlag(flag)) {
      parsed_.long_flags.push_back({flag, "true"});
      return absl::OkStatus();
    }
    if (absl::StartsWith(flag, "no") && IsBoolFlag(flag.substr(2))) {
      parsed_.long_flags.push_back({flag.substr(2), "false"});
      return absl::OkStatus();
    }
    if (!IsKnownFlag(flag)) return UnknownFlag(flag);
    if (next_ >= args_.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", flag, " needs a value"));
    }
    parsed_.long_flags.push_back({flag, args_[next_++]});
    return absl::OkStatus();
  }

  static absl::Status UnknownFlag(absl::string_view name) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown command line flag --", name));
  }

  const std::vector<std::string>& args_;
  const VerbatimRule& rest_is_verbatim_;
  size_t next_ = 0;
  ParsedCommandLine parsed_;
};

absl::Status Apply(const FlagSetting& setting) {
  if (gflags::SetCommandLineOption(setting.name.c_str(), setting.value.c_str())
          .empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("value \"", setting.value, "\" is not valid for flag --",
                     setting.name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ParsedCommandLine> ParseCommandLine(
    const std::vector<std::string>& args,
    const VerbatimRule& rest_is_verbatim) {
  return Scanner(args, rest_is_verbatim).Scan();
}

absl::Status ApplyFlagSettings(const ParsedCommandLine& command_line) {
  for (const FlagSetting& setting : command_line.short_flags) {
    RETURN_IF_ERROR(Apply(setting));
  }
  for (const FlagSetting& setting : command_line.long_flags) {
    RETURN_IF_ERROR(Apply(setting));
  }
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
