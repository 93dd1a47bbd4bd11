// Facts: what one translation unit says about itself, extracted once from its AST and then
// used by every rule. Plain data, serialisable to JSON (for caching and `--dump-facts`), with
// nothing that depends on configuration, so the same facts serve every rule set.
#pragma once

#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace concurlint {

/// A range of source text in one file. Lines and columns are 1-based; `endColumn` is one past
/// the last character (as in LSP and SARIF), `offset`/`length` are bytes (for Replacements).
struct Span {
  std::string file;  // absolute, real path
  unsigned line = 0, column = 0;
  unsigned endLine = 0, endColumn = 0;
  unsigned offset = 0, length = 0;

  bool valid() const { return !file.empty() && line != 0; }
  friend bool operator==(const Span &, const Span &) = default;
};

/// One call (or construction of a class object) made directly by a function's body.
/// Calls inside a lambda's body belong to the lambda, not to the enclosing function: the lambda
/// may run elsewhere (a thread, an executor) and only runs here when it is itself called.
struct CallFact {
  std::string calleeUsr;   // USR of the called function; empty for calls through pointers
  std::string callee;      // qualified name without template arguments or inline namespaces
  std::string objectType;  // member call: class of the object; free call: class of arg 0
  bool isMember = false;
  bool isConstruction = false;
  bool resultDiscarded = false;  // the call is a whole expression statement
  bool inMacro = false;          // written through a macro: no textual fix is safe
  Span span;                     // the whole call expression
  std::vector<std::string> args;  // source text of each argument as written

  friend bool operator==(const CallFact &, const CallFact &) = default;
};

/// A function (free function, method, constructor, lambda call operator, template
/// instantiation) whose body this TU defines, outside system headers.
struct FunctionFact {
  std::string usr;
  std::string name;  // qualified name for messages ("ns::f", "lambda at a.cpp:3:7")
  Span span;         // the name in the definition
  bool isCoroutine = false;
  std::string coroutineType;  // for coroutines: qualified name of the return type's class
  std::vector<CallFact> calls;

  friend bool operator==(const FunctionFact &, const FunctionFact &) = default;
};

/// A file the TU read (main file and non-system headers), with a hash of its content as read.
/// Fixes are applied only to files whose content still has this hash.
struct FileFact {
  std::string path;
  std::string hash;
  friend bool operator==(const FileFact &, const FileFact &) = default;
};

struct TUFacts {
  /// Bumped whenever the meaning or shape of the facts changes; caches keyed on it.
  static constexpr int FormatVersion = 1;

  std::string mainFile;
  std::vector<FileFact> files;
  std::vector<FunctionFact> functions;

  friend bool operator==(const TUFacts &, const TUFacts &) = default;
};

/// The hash recorded for a file's content (xxh3, hex): the analysis and the fix applier must
/// agree on it.
std::string contentHash(llvm::StringRef Text);

llvm::json::Value toJSON(const Span &);
llvm::json::Value toJSON(const CallFact &);
llvm::json::Value toJSON(const FunctionFact &);
llvm::json::Value toJSON(const FileFact &);
llvm::json::Value toJSON(const TUFacts &);
bool fromJSON(const llvm::json::Value &, Span &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, CallFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, FunctionFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, FileFact &, llvm::json::Path);
bool fromJSON(const llvm::json::Value &, TUFacts &, llvm::json::Path);

}  // namespace concurlint
