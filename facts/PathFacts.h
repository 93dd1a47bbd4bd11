// Path facts of a function body, from its control-flow graph (clang::CFG): the thread handles
// that some path destroys while still joinable (thread-not-joined), and the mutexes locked by
// hand that some path leaves locked (lock-manual). Each early return, break, continue, goto and
// throw is a path of its own, and scope ends are where the CFG runs destructors.
#pragma once

#include "facts/Facts.h"
#include "facts/LockApi.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace concurlint {

class PathScanner {
public:
  PathScanner(clang::ASTContext &Ctx, SourceMapper &Map, const LockApi &Locks);

  /// Fills `F.threadHandles` and `F.manualLocks`. Builds the CFG only for bodies that own a
  /// thread handle or lock a mutex by hand.
  void scan(const clang::FunctionDecl *FD, FunctionFact &F);

  /// The TU's guard classes (TUFacts::guardClasses), by name.
  std::vector<GuardClassFact> guardClasses();

private:
  clang::ASTContext &Ctx;
  SourceMapper &Map;
  const LockApi &Locks;
  ProjectGuards Guards;  // lock-manual's fix: the project's own RAII guard for a mutex class
};

}  // namespace concurlint
