// Extracts TUFacts from one parsed translation unit.
#pragma once

#include "tool/core/Facts.h"

#include "clang/Frontend/FrontendAction.h"

#include <memory>

namespace concurlint {

/// A syntax-only frontend action that fills `Out` when the TU has been parsed.
std::unique_ptr<clang::FrontendAction> createFactsAction(TUFacts &Out);

}  // namespace concurlint
