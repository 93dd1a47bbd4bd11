// Parses translation units in parallel and extracts their facts.
#pragma once

#include "tool/core/Facts.h"
#include "tool/core/Inputs.h"

#include <string>
#include <vector>

namespace concurlint {

struct TUResult {
  std::string file;
  bool ok = false;                  // parsed without errors: its facts can be trusted
  TUFacts facts;
  std::vector<std::string> errors;  // "file:line:col: message" from the compiler
};

/// Runs the facts extraction over every job, `Jobs` at a time (0: all cores). Results come back
/// in the order of `Work`, whatever order the threads finish in.
std::vector<TUResult> analyzeAll(const std::vector<CompileJob> &Work, unsigned Jobs);

/// One TU, on the calling thread.
TUResult analyzeOne(const CompileJob &Job);

}  // namespace concurlint
