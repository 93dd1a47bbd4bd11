// Extracts TUFacts from one parsed translation unit.
#pragma once

#include "facts/Facts.h"

#include "clang/Frontend/FrontendAction.h"

#include <atomic>
#include <memory>

namespace clang {
class ASTContext;
}

namespace concurlint {

/// A syntax-only frontend action that fills `Out` when the TU has been parsed. When `Cancel`
/// becomes true, parsing stops at the next top-level declaration and `Out` stays empty.
std::unique_ptr<clang::FrontendAction> createFactsAction(TUFacts &Out,
                                                         const std::atomic<bool> *Cancel = nullptr);

/// Fills `Out` from a TU parsed by someone else (a clang-tidy check).
void extractFacts(clang::ASTContext &Ctx, TUFacts &Out);

}  // namespace concurlint
