// The thread facts of a function body: which globals it reads and writes, with the locks held
// at each access and each call; the loops (to order thread starts and joins); and, for each
// call, what a thread analysis needs to know about its arguments and result (which function an
// argument names, which thread handle or global it is). The work is done by GlobalAccesses
// (accesses), LockApi (how code locks), LockSetWalker (the walk with the locks held) and
// CallDescriber (call facts); this is their facade for the facts builder.
#pragma once

#include "facts/CallFacts.h"
#include "facts/Facts.h"
#include "facts/GlobalAccesses.h"
#include "facts/LockApi.h"
#include "facts/LockSetWalk.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <vector>

namespace concurlint {

class ThreadScanner {
public:
  ThreadScanner(clang::ASTContext &Ctx, SourceMapper &Map, const LockApi &Locks,
                std::vector<GlobalFact> &Globals, FunctionValues &Values);

  /// Walks the body of `FD` (already named in `F`): accesses, loops, scope exits, body end,
  /// and the locks held at each call (kept for describeCall).
  void scan(const clang::FunctionDecl *FD, FunctionFact &F) { Walk.scan(FD, F); }

  /// Records a global's declaration even where this TU never accesses it (the TU that only
  /// defines `long processed = 0;`): a fix changing its type must change every declaration.
  void noteVariable(const clang::VarDecl *V);

  /// Fills the thread fields of the CallFact made for `Call` (a CallExpr or CXXConstructExpr
  /// of the function last scanned).
  void describeCall(const clang::Expr *Call, CallFact &C) { Calls.describe(Call, C); }

  /// The routine a `pthread_once`/`std::call_once` call runs, as a call of its own
  /// (CallDescriber::describeOnceRun); false when `Call` runs none that is named.
  bool describeOnceRun(const clang::CallExpr *Call, CallFact &C) {
    return Calls.describeOnceRun(Call, C);
  }

private:
  GlobalAccesses Accesses;
  LockSetWalker Walk;
  CallDescriber Calls;
};

}  // namespace concurlint
