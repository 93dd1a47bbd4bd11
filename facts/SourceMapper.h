// What the scanners of facts/ need from the facts builder (FactsExtractor.cpp): positions as
// Spans, USRs, and the code as written.
#pragma once

#include "facts/Facts.h"

#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceLocation.h"

#include <string>

namespace concurlint {

class SourceMapper {
public:
  virtual ~SourceMapper() = default;
  /// The span of a source range, mapped out of macros to where the user wrote it.
  virtual Span span(clang::SourceRange R) = 0;
  /// The declaration's USR ("" when it has none); computed once per declaration.
  virtual std::string usrOf(const clang::Decl *D) = 0;
  /// The code of a range as written, mapped out of macros; "" when it cannot be.
  virtual std::string sourceText(clang::SourceRange R) = 0;
};

}  // namespace concurlint
