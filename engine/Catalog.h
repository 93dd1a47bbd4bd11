// The rule catalog and the blocking-function catalog: YAML under rules/, built into the binary,
// extended per directory by .concur-lint.yaml.
#pragma once

#include "engine/Finding.h"
#include "facts/EnumNames.h"

#include "llvm/Support/Error.h"

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace concurlint {

struct RuleOption {
  std::string name;
  std::string type;  // bool | int | string | list
  std::string defaultValue;
  std::string description;
};

struct RuleInfo {
  std::string id;
  std::string summary;      // one line: SARIF shortDescription, --list-rules
  std::string description;  // a paragraph: SARIF fullDescription
  Severity defaultSeverity = Severity::Warning;
  std::string docs;  // path of the doc page, relative to the project's docs/
  std::vector<RuleOption> options;

  const RuleOption *option(llvm::StringRef Name) const;
};

/// A function that blocks the calling thread. Matched on the called function's qualified name
/// (`std::this_thread::sleep_for`, `usleep`) or, for member calls, on the object's class and the
/// method (`std::future::wait`). `on`, when given, limits the match to objects (or first
/// arguments) of those classes: `std::getline` blocks on a file stream, not on a string stream.
/// What a blocking function waits for (BlockingFunction::category): a timer, a file, the
/// network, a lock (a mutex acquisition: short when critical sections are), another thread
/// (futures, joins, condition variables) or another process.
enum class BlockingCategory { Sleep, File, Network, Lock, Sync, Process };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(BlockingCategory) {
  static constexpr llvm::StringLiteral Names[] = {"sleep", "file",  "network",
                                                  "lock",  "sync", "process"};
  return Names;
}

struct BlockingFunction {
  std::string name;
  BlockingCategory category = BlockingCategory::Sleep;
  std::string instead;   // what to use in a coroutine
  std::vector<std::string> on;
};

/// A coroutine framework, recognised by its coroutine return types, with the text that
/// replaces a blocking call in its coroutines. `{0}`, `{1}`… stand for the call's arguments.
struct Framework {
  std::string name;
  std::vector<std::string> coroutineTypes;
  std::string include;  // header the replacements need, with <> or ""; may be empty
  std::map<std::string, std::string> fixes;
  /// The header a fix needs when it is not `include` (`fixes` given as {replacement, include}).
  std::map<std::string, std::string> fixIncludes;
  /// For the blocking calls of these categories that `fixes` does not name: the call moved to
  /// a thread, `{call}` standing for the call as written ("co_await concur::to_thread([&] {
  /// {call}; })"), with its own header.
  struct Offload {
    std::string replacement;
    std::string include;
    std::vector<BlockingCategory> categories;
    std::vector<std::string> except;  // blocking functions of those categories left alone
  } offload;
};

struct BlockingCatalog {
  std::vector<BlockingFunction> functions;
  std::vector<Framework> frameworks;
  std::map<BlockingCategory, std::string> categoryAdvice;
};

class RuleCatalog {
public:
  static const RuleCatalog &builtin();
  const std::vector<RuleInfo> &rules() const { return Rules; }
  const RuleInfo *find(llvm::StringRef Id) const;
  /// The closest known rule id, for "did you mean" messages.
  std::string suggest(llvm::StringRef Id) const;

private:
  std::vector<RuleInfo> Rules;
};

const BlockingCatalog &builtinBlockingCatalog();

/// Parsers shared with the configuration loader. `Where` names the file for error messages.
llvm::Expected<BlockingFunction> parseBlockingFunction(const YAML::Node &N, llvm::StringRef Where);
llvm::Expected<Framework> parseFramework(const YAML::Node &N, llvm::StringRef Where);

/// Allowed keys of a mapping; an unknown key is an error with a suggestion ("did you mean").
llvm::Error checkKeys(const YAML::Node &N, llvm::StringRef Where,
                      std::initializer_list<std::string> Allowed, llvm::StringRef What);

/// "file:line:col: error: message" for a YAML node.
llvm::Error yamlError(llvm::StringRef File, const YAML::Node &N, const llvm::Twine &Message);

/// The closest of `Candidates` to `Word` within a small edit distance, or empty.
std::string closest(llvm::StringRef Word, llvm::ArrayRef<std::string> Candidates);

}  // namespace concurlint
