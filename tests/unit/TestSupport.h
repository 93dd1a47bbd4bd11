// Helpers shared by the unit tests: facts from in-memory code, programs from several TUs,
// temporary directories.
#pragma once

#include "facts/Facts.h"
#include "engine/Finding.h"

#include "llvm/ADT/SmallString.h"

#include <string>
#include <utility>
#include <vector>

namespace concurlint::test {

/// Parses `Code` as the file `Name` (C++20, -pthread) and returns its facts. Fails the test on
/// compiler errors.
TUFacts extract(const std::string &Code, const std::string &Name = "input.cpp");

/// Runs every rule over the TUs (name, code) linked together, with default configuration.
std::vector<Finding> lint(const std::vector<std::pair<std::string, std::string>> &TUs);
/// The same over facts already extracted, in this order.
std::vector<Finding> lint(std::vector<TUFacts> Units);

/// The function called `Name` in `T`; fails the test (and returns an empty one) when there is
/// none.
const FunctionFact &fn(const TUFacts &T, llvm::StringRef Name);

/// The line (1-based) where `Needle` first occurs in `Code`; fails the test when it does not.
unsigned lineOf(const std::string &Code, const std::string &Needle);

/// A fresh directory under the system's temp dir, removed with its content on destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return Path; }
  /// Writes a file (creating parent folders) and returns its absolute path.
  std::string write(const std::string &Relative, const std::string &Content) const;

private:
  std::string Path;
};

}  // namespace concurlint::test
