// SPDX-License-Identifier: Apache-2.0
// Spec input for create, update and init, and the config files behind -c.

#include "cli/spec_parsing.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

#include "util/status_macros.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Bytes requested per read(2) call.
constexpr size_t kReadChunkBytes = 64 * 1024;

// Swallows text-format parse errors: a failed text parse is followed by a
// binary one, so the errors would only be noise on stderr.
class SilentErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {}
};

}  // namespace

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::ErrnoToStatus(errno, absl::StrCat("opening ", path));
  }
  absl::Cleanup close_fd = [fd] { close(fd); };

  std::string contents;
  char buffer[kReadChunkBytes];
  while (true) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::ErrnoToStatus(errno, absl::StrCat("reading ", path));
    }
    if (got == 0) return contents;
    contents.append(buffer, static_cast<size_t>(got));
  }
}

absl::Status ParseTextOrBinary(absl::string_view input,
                               absl::string_view source,
                               google::protobuf::Message* message) {
  SilentErrorCollector errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const std::string text(input);
  if (parser.ParseFromString(text, message)) return absl::OkStatus();
  if (message->ParseFromString(text)) return absl::OkStatus();

  message->Clear();
  return absl::InvalidArgumentError(
      absl::StrCat(source, " is neither a text nor a binary ",
                   message->GetDescriptor()->name()));
}

absl::Status LoadSpec(const std::optional<std::string>& inline_spec,
                      const std::string& config_path, SpecSources sources,
                      google::protobuf::Message* message) {
  const std::string& type = message->GetDescriptor()->name();
  if (inline_spec.has_value() && !config_path.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", type,
                     " was given both inline and as config "
                     "file ",
                     config_path, "; give only one"));
  }
  if (inline_spec.has_value()) {
    return ParseTextOrBinary(*inline_spec, "the spec on the command line",
                             message);
  }
  if (!config_path.empty()) {
    ASSIGN_OR_RETURN(const std::string contents, ReadWholeFile(config_path));
    return ParseTextOrBinary(
        contents, absl::StrCat("config file ", config_path), message);
  }
  if (sources == SpecSources::kExactlyOne) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no ", type, " given: pass it inline or with -c <config file>"));
  }
  message->Clear();
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
