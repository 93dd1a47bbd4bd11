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
  /// Files written with their fixes as they are because the style could not be read (a
  /// malformed .clang-format): what went wrong, per file.
  std::vector<AnalysisError> unformatted;
};

/// How applied fixes are formatted: clang-format's style name (llvm, google, ...), "file" (the
/// .clang-format above each file, else none), a "{key: value}" style, or "none" (as written).
struct FixFormat {
  std::string style = "none";
};

/// Whether `Style` names a style clang-format knows (for "file": always, since each file finds
/// its own). The error says what is wrong.
llvm::Error checkFormatStyle(llvm::StringRef Style);

/// Picks the non-conflicting fixes of `Findings`, in report order, without touching any file.
/// Returns the replacements per file and the refusals.
std::map<std::string, clang::tooling::Replacements>
selectFixes(const std::vector<Finding> &Findings, std::vector<AnalysisError> &Refused,
            unsigned &Selected);

/// Removes the fixes of every finding that edits a file whose content on disk is no longer the
/// content that was analysed (the offsets would land in the wrong place), and returns one
/// error per such file. Run before exporting or applying fixes.
std::vector<AnalysisError> dropStaleFixes(std::vector<Finding> &Findings, const Program &P);

/// Applies the selected fixes; each file's replacements are then cleaned up and formatted by
/// clang-format in `Format`'s style, the lines they touch only (as clang-tidy's --format-style).
FixOutcome applyFixes(const std::vector<Finding> &Findings, const Program &P,
                      llvm::StringRef ProjectRoot, const FixFormat &Format = {});

/// Writes `Content` to `Path` through a temporary file and a rename.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content);

}  // namespace concurlint
