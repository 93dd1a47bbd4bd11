// Turns the command line's files and directories into compile jobs: one compile command per TU,
// from a compilation database where there is one, else from fallback flags.
#pragma once

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace concurlint {

struct CompileJob {
  std::string file;  // absolute: the TU's main file
  clang::tooling::CompileCommand command;
  /// The header this job stands for, when a header was given and a TU including it is analysed
  /// in its place; empty otherwise.
  std::string forHeader;
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
  /// under them, or, when it lists none, to the C/C++ sources found under them. A header is
  /// analysed through a TU of the compile database that includes it (includerFor), else on
  /// its own, as C or C++ (headerLanguageIsC).
  /// Errors in a database found on the way are returned as llvm::Error (configuration errors).
  llvm::Expected<ResolvedInputs> resolve(const std::vector<std::string> &Paths);

  /// The compile command for one file (database, interpolated, or fallback flags).
  llvm::Expected<CompileJob> jobFor(const std::string &AbsFile);

  /// The TU of the compile database that includes `Header` directly, found by reading the
  /// `#include` lines of the TUs it lists: one with the header's name (foo.h -> foo.cpp)
  /// first, then one in its folder, then the first. Empty when none does (or no database).
  llvm::Expected<std::string> includerFor(const std::string &Header);

private:
  /// The database governing `Dir`: `-p`, or the nearest one found in Dir, its parents, or a
  /// `build/` folder of each (as clangd does). Null when none.
  llvm::Expected<clang::tooling::CompilationDatabase *> databaseFor(llvm::StringRef Dir);
  llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
  load(llvm::StringRef Path);

  /// Whether `DB` has a command of its own (not an inferred one) for `AbsFile`.
  bool listed(clang::tooling::CompilationDatabase *DB, llvm::StringRef AbsFile);

  InputOptions Options;
  std::map<clang::tooling::CompilationDatabase *, llvm::StringSet<>> ListedFiles;
  std::unique_ptr<clang::tooling::CompilationDatabase> Explicit;
  std::map<std::string, std::unique_ptr<clang::tooling::CompilationDatabase>> Loaded;
  std::map<std::string, clang::tooling::CompilationDatabase *> ByDirectory;
};

bool isSourceFile(llvm::StringRef Path);
bool isCFile(llvm::StringRef Path);
/// .h .hh .hpp .hxx .h++ .H .inl .ipp .tpp .tcc
bool isHeaderFile(llvm::StringRef Path);
/// Whether a header without a compile command is parsed as C: a `.h` whose folder holds C
/// sources and no C++ sources. Every other header is parsed as C++.
bool headerLanguageIsC(llvm::StringRef Path);

/// Absolute path with `.` and `..` removed.
std::string absolutePath(llvm::StringRef Path);

/// `Args` with the paths of path-valued compiler options (-I, -isystem, -include, --sysroot=…)
/// made absolute from the working directory, as clang would read them there.
std::vector<std::string> pathsFromWorkingDirectory(const std::vector<std::string> &Args);

}  // namespace concurlint
