// SPDX-License-Identifier: Apache-2.0
// Renders the command tree as usage text and as tree listings.

#include "cli/usage.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace containers {
namespace lmctfy {
namespace cli {
namespace {

// Layout of one command entry: indent, name column, gap, wrap width.
constexpr size_t kEntryIndent = 4;
constexpr size_t kNameColumns = 16;
constexpr size_t kNameGap = 2;
constexpr size_t kLineColumns = 80;
constexpr size_t kDescriptionIndent = kEntryIndent + kNameColumns + kNameGap;
// Indent per depth in the tree prints.
constexpr size_t kTreeIndent = 4;

constexpr char kFlagsText[] =
    "Global flags:\n"
    "  -V           print the lmctfy version and exit\n"
    "  -h           print this usage text and exit\n"
    "  -j           print results as JSON, one object per line\n"
    "  -l           print results as padded \"key | value\" lines\n"
    "  -p           print results as key=\"value\" pairs (the default)\n"
    "  -v           print only the values of results\n"
    "\n"
    "Command flags:\n"
    "  -c <file>    read the spec from a config file (create, update, "
    "init)\n"
    "  -f           destroy a container even if it is in use\n"
    "  -r           list subcontainers too, all the way down\n"
    "  -w <seconds> print stats again every <seconds>; top's refresh time\n";

// Splits `text` into lines of at most `width` characters at spaces; a word
// longer than `width` gets a line of its own.
std::vector<std::string> WrapWords(absl::string_view text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line.push_back(' ');
    absl::StrAppend(&line, word);
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string CommandEntry(const CommandNode& command) {
  std::string entry(kEntryIndent, ' ');
  absl::StrAppend(&entry, command.name);
  if (command.name.size() < kNameColumns) {
    entry.append(kNameColumns - command.name.size(), ' ');
  }
  entry.append(kNameGap, ' ');

  const std::vector<std::string> lines =
      WrapWords(command.description, kLineColumns - kDescriptionIndent);
  absl::StrAppend(
      &entry,
      absl::StrJoin(lines,
                    absl::StrCat("\n", std::string(kDescriptionIndent, ' '))),
      "\n");
  return entry;
}

const char* KindLabel(const CommandNode& node, size_t depth) {
  switch (node.kind) {
    case CommandKind::kSubmenu:
      return depth == 0 ? "root" : "branch";
    case CommandKind::kGetter:
      return "leaf";
    case CommandKind::kSetter:
      return "flur";
    case CommandKind::kInit:
      return "init";
  }
  return "leaf";
}

void AppendTree(const CommandNode& menu, size_t depth, std::string* out) {
  for (const CommandNode& child : menu.children) {
    absl::StrAppend(out, std::string(depth * kTreeIndent, ' '), child.name,
                    "\n");
    AppendTree(child, depth + 1, out);
  }
}

void AppendLongTree(const CommandNode& menu, std::vector<size_t>* positions,
                    std::vector<std::string>* names, std::string* out) {
  for (size_t i = 0; i < menu.children.size(); ++i) {
    const CommandNode& child = menu.children[i];
    positions->push_back(i);
    names->push_back(child.name);
    const size_t depth = positions->size() - 1;
    absl::StrAppend(out, std::string(depth * kTreeIndent, ' '), "[",
                    KindLabel(child, depth), " ",
                    absl::StrJoin(*positions, ":"), "] lmctfy ",
                    absl::StrJoin(*names, " "), "\n");
    AppendLongTree(child, positions, names, out);
    positions->pop_back();
    names->pop_back();
  }
}

// "<prog>" or "<prog> <path>".
std::string ProgAndPath(absl::string_view prog, absl::string_view path) {
  return path.empty() ? std::string(prog) : absl::StrCat(prog, " ", path);
}

}  // namespace

std::string MenuUsage(const CommandNode& menu, absl::string_view path,
                      absl::string_view prog) {
  std::string usage =
      absl::StrCat("Usage: ", ProgAndPath(prog, path), " ",
                   menu.argument_syntax, "\n\n", kFlagsText, "\nCommands:\n");
  for (const CommandNode& command : menu.children) {
    absl::StrAppend(&usage, CommandEntry(command));
  }
  return usage;
}

std::string LeafUsageLine(const CommandNode& leaf, absl::string_view path,
                          absl::string_view prog) {
  std::string line = absl::StrCat("usage: ", ProgAndPath(prog, path));
  if (!leaf.argument_syntax.empty()) {
    absl::StrAppend(&line, " ", leaf.argument_syntax);
  }
  return absl::StrCat(line, "\n");
}

std::string CommandTreeText(const CommandNode& root) {
  std::string out;
  AppendTree(root, 0, &out);
  return out;
}

std::string CommandTreeLongText(const CommandNode& root) {
  std::string out;
  std::vector<size_t> positions;
  std::vector<std::string> names;
  AppendLongTree(root, &positions, &names, &out);
  return out;
}

}  // namespace cli
}  // namespace lmctfy
}  // namespace containers
