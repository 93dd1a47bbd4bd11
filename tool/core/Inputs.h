// Turns the command line's files and directories into compile jobs: one compile command per TU,
// from a compilation database where there is one, else from fallback flags.
#pragma once

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace concurlint {

struct CompileJob {
  std::string file;  // absolute
  clang::tooling::CompileCommand command;
};

struct InputOptions {
  std::string buildPath;               // -p: a directory or a compile_commands.json/compile_flags.txt
  std::vector<std::string> extraArgs;  // what follows `--`
};

/// A problem with one input (missing file, nothing to analyse in a directory).
struct InputError {
  std::string file;
  std::string message;
};

struct ResolvedInputs {
  std::vector<CompileJob> jobs;
  std::vector<InputError> errors;
};

class InputResolver {
public:
  explicit InputResolver(InputOptions Options);

  /// Loads the `-p` database if any. A malformed database is an error naming file, line, column.
  llvm::Error init();

  /// Files are analysed as given; directories expand to the TUs the compile database lists
  /// under them, or, when it lists none, to the C/C++ sources found under them.
  /// Errors in a database found on the way are returned as llvm::Error (configuration errors).
  llvm::Expected<ResolvedInputs> resolve(const std::vector<std::string> &Paths);

  /// The compile command for one file (database, interpolated, or fallback flags).
  llvm::Expected<CompileJob> jobFor(const std::string &AbsFile);

private:
  /// The database governing `Dir`: `-p`, or the nearest one found in Dir, its parents, or a
  /// `build/` folder of each (as clangd does). Null when none.
  llvm::Expected<clang::tooling::CompilationDatabase *> databaseFor(llvm::StringRef Dir);
  llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
  load(llvm::StringRef Path);

  InputOptions Options;
  std::unique_ptr<clang::tooling::CompilationDatabase> Explicit;
  std::map<std::string, std::unique_ptr<clang::tooling::CompilationDatabase>> Loaded;
  std::map<std::string, clang::tooling::CompilationDatabase *> ByDirectory;
};

bool isSourceFile(llvm::StringRef Path);
bool isCFile(llvm::StringRef Path);

/// Absolute path with `.` and `..` removed.
std::string absolutePath(llvm::StringRef Path);

}  // namespace concurlint
