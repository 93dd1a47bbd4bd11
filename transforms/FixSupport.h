// Helpers the rules share to build fix-its.
#pragma once

#include "engine/Program.h"

#include "clang/Tooling/Core/Replacement.h"

#include <map>

namespace concurlint {

/// Adds the `#include` of `Header` (written with <> or "") to `File` where clang-format would
/// put it, unless the file includes it already. The place is computed from the file's text,
/// which must be the text that was analysed: returns false (and adds nothing) when the file
/// cannot be read or has changed since, or when the insertion conflicts with `Reps`.
bool addInclude(const Program &P, const std::string &File, llvm::StringRef Header,
                clang::tooling::Replacements &Reps);

/// Adds the `#include`s of `Headers` as addInclude does, several at once: insertions that fall
/// at the same place are one replacement (Replacements refuses two insertions at one offset).
bool addIncludes(const Program &P, const std::string &File,
                 const std::vector<std::string> &Headers, clang::tooling::Replacements &Reps);

/// Adds edits computed with the facts (EditFact) to `Fixes`, per file. False (and `Fixes` is
/// to be dropped) when two edits overlap.
bool addEdits(const std::vector<EditFact> &Edits,
              std::map<std::string, clang::tooling::Replacements> &Fixes);

}  // namespace concurlint
