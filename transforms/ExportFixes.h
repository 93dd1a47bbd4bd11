// `--export-fixes=FILE`: clang-tidy's YAML, so clang-apply-replacements can apply it.
#pragma once

#include "engine/Finding.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace concurlint {

/// `MainSourceFile` is the first analysed file; `BuildDirectory` the working directory.
std::string exportFixesYaml(const std::vector<Finding> &Findings, llvm::StringRef MainSourceFile,
                            llvm::StringRef BuildDirectory);

}  // namespace concurlint
