// Writes findings and analysis errors as text, JSON or SARIF 2.1.0.
#pragma once

#include "engine/Finding.h"
#include "engine/Program.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace concurlint {

struct ReportData {
  const std::vector<Finding> &findings;
  const std::vector<AnalysisError> &errors;
  const Program &program;
  std::string root;  // paths under it are shown relative to it; SARIF's %SRCROOT%
};

void writeText(llvm::raw_ostream &OS, const ReportData &R);
void writeJson(llvm::raw_ostream &OS, const ReportData &R);
void writeSarif(llvm::raw_ostream &OS, const ReportData &R);

/// A path as reports show it: relative to `Root` when it is under it, else as it is.
std::string displayPath(llvm::StringRef File, llvm::StringRef Root);

/// `file:///…` for an absolute path, percent-encoded.
std::string fileUri(llvm::StringRef AbsPath);

/// Where the documentation is, ending in '/': for an installed binary with the docs beside it
/// (<prefix>/bin/concur-lint, <prefix>/share/doc/concur-lint/), that copy; else
/// CONCUR_DOCS_BASE_URI as built (the source tree's docs/, or a web address set at build time,
/// which is always kept).
const std::string &docsBaseUri();

/// Where a rule's documentation is published (docsBaseUri() + its page): SARIF's
/// helpUri, the LSP diagnostics' codeDescription. Empty for an unknown rule.
std::string ruleDocUrl(llvm::StringRef RuleId);

}  // namespace concurlint
