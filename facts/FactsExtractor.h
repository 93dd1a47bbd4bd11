// Extracts TUFacts from one parsed translation unit.
#pragma once

#include "facts/Facts.h"

#include "clang/Frontend/FrontendAction.h"

#include "clang/AST/DeclID.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace clang {
class ASTContext;
}

namespace concurlint {

/// The top-level declarations of a precompiled preamble that the facts read (those outside
/// system headers, C prototypes left out), by their IDs in its PCH. The first parse that reads
/// the preamble finds them among all of its declarations; the next ones load these alone:
/// loading the system headers' declarations again, only to leave them out, took a tenth of the
/// analysis of an edit of redis' networking.c. One per preamble, shared by the parses that
/// read it, from any thread.
class PreambleTopLevelDecls {
public:
  using Ids = std::vector<clang::GlobalDeclID>;
  /// Null until a parse has found them.
  std::shared_ptr<const Ids> known() const;
  void setKnown(Ids Found);

private:
  mutable std::mutex Mutex;
  std::shared_ptr<const Ids> Known;
};

/// A syntax-only frontend action that fills `Out` when the TU has been parsed. When `Cancel`
/// becomes true, parsing stops at the next top-level declaration and `Out` stays empty.
/// `Preamble`, when the parse reads a precompiled preamble: the slot of its top-level
/// declarations, read when the parse ends (it may be filled after the action is made).
std::unique_ptr<clang::FrontendAction>
createFactsAction(TUFacts &Out, const std::atomic<bool> *Cancel = nullptr,
                  const std::shared_ptr<PreambleTopLevelDecls> *Preamble = nullptr);

/// Fills `Out` from a TU parsed by someone else (a clang-tidy check).
void extractFacts(clang::ASTContext &Ctx, TUFacts &Out);

}  // namespace concurlint
