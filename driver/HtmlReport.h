// The HTML report (--format=html -o DIR): DIR/index.html lists the findings in a table sortable
// by any column, and DIR/finding-N.html shows one finding: its message and rule, the source
// around it and around each note (syntax-highlighted by Clang's own lexer), and its fix as a
// diff. Self-contained: no script, style or font is loaded from anywhere, so it opens offline
// and from a CI artifact. scan-build's and CodeChecker's reports are the models.
#pragma once

#include "driver/Report.h"

#include "llvm/Support/Error.h"

namespace concurlint {

/// Writes the report into `Dir` (created when missing), each file atomically. Pages of an
/// earlier report in the same folder that this one does not have are removed.
llvm::Error writeHtmlReport(const ReportData &R, llvm::StringRef Dir);

}  // namespace concurlint
