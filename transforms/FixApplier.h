// Applies findings' fix-its to the files on disk, safely:
//  - a finding's replacements are applied all together or not at all;
//  - a fix that overlaps one already taken is refused and reported;
//  - a file is written only if it lies inside the project, was read by the analysis (so never a
//    system header), and still has the content that was analysed;
//  - each file is written atomically (a temporary file in the same directory, then rename), so
//    an interrupted run never leaves a half-written file. Permissions are kept.
#pragma once

#include "engine/Finding.h"
#include "engine/Program.h"

#include <string>
#include <vector>

namespace concurlint {

struct FixOutcome {
  unsigned appliedFindings = 0;            // findings whose fixes were written
  std::vector<std::string> changedFiles;   // in the order written
  std::vector<AnalysisError> refused;      // conflicts and files that could not be written
};

/// Picks the non-conflicting fixes of `Findings`, in report order, without touching any file.
/// Returns the replacements per file and the refusals.
std::map<std::string, clang::tooling::Replacements>
selectFixes(const std::vector<Finding> &Findings, std::vector<AnalysisError> &Refused,
            unsigned &Selected);

/// Removes the fixes of every finding that edits a file whose content on disk is no longer the
/// content that was analysed (the offsets would land in the wrong place), and returns one
/// error per such file. Run before exporting or applying fixes.
std::vector<AnalysisError> dropStaleFixes(std::vector<Finding> &Findings, const Program &P);

FixOutcome applyFixes(const std::vector<Finding> &Findings, const Program &P,
                      llvm::StringRef ProjectRoot);

/// Writes `Content` to `Path` through a temporary file and a rename.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content);

}  // namespace concurlint
