// Parses translation units in parallel and extracts their facts.
#pragma once

#include "tool/core/Facts.h"
#include "tool/core/Inputs.h"

#include "llvm/ADT/StringMap.h"

#include <atomic>
#include <string>
#include <vector>

namespace concurlint {

struct TUResult {
  std::string file;
  bool ok = false;                  // parsed without errors: its facts can be trusted
  TUFacts facts;
  std::vector<std::string> errors;  // "file:line:col: message" from the compiler
  bool cancelled = false;           // stopped on request: no facts, no errors
};

/// What an editor adds to a run: its unsaved buffers, and a way to abandon the run.
struct AnalyzeOptions {
  /// Contents that replace the files on disk (absolute paths), headers or the main file.
  const llvm::StringMap<std::string> *overlay = nullptr;
  /// Set by another thread to stop the parse at its next top-level declaration.
  const std::atomic<bool> *cancel = nullptr;
};

/// Runs the facts extraction over every job, `Jobs` at a time (0: all cores). Results come back
/// in the order of `Work`, whatever order the threads finish in.
std::vector<TUResult> analyzeAll(const std::vector<CompileJob> &Work, unsigned Jobs);

/// One TU, on the calling thread.
TUResult analyzeOne(const CompileJob &Job, const AnalyzeOptions &Options = {});

}  // namespace concurlint
