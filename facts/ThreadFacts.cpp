#include "facts/ThreadFacts.h"

namespace concurlint {

ThreadScanner::ThreadScanner(clang::ASTContext &Ctx, SourceMapper &Map, const LockApi &Locks,
                             std::vector<GlobalFact> &Globals, FunctionValues &Values)
    : Accesses(Ctx, Map, Globals), Walk(Ctx, Map, Locks, Accesses),
      Calls(Ctx, Map, Accesses, Walk, Values, Locks) {}

void ThreadScanner::noteVariable(const clang::VarDecl *V) {
  if (V && !V->isStaticLocal() && Accesses.isTracked(V))
    Accesses.noteGlobal(V);
}

}  // namespace concurlint
