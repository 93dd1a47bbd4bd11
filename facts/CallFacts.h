// The thread-related fields of a CallFact: what each argument is (the thread handle or container
// it names, the function it names as a thread entry, the global it passes by address or
// reference, the place it passes a function value or a parameter from), where the result goes,
// and the locks and chain of calls at the call (from the walk of the function, LockSetWalk.h).
#pragma once

#include "facts/Facts.h"
#include "facts/FunctionValues.h"
#include "facts/GlobalAccesses.h"
#include "facts/LockApi.h"
#include "facts/LockSetWalk.h"
#include "facts/SourceMapper.h"
#include "facts/SyncPoints.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <string>

namespace concurlint {

class CallDescriber {
public:
  CallDescriber(clang::ASTContext &Ctx, SourceMapper &Map, GlobalAccesses &Accesses,
                const LockSetWalker &Walk, FunctionValues &Values, const LockApi &Locks)
      : Ctx(Ctx), Map(Map), Accesses(Accesses), Walk(Walk), Values(Values), Locks(Locks),
        Sync(Ctx, Map) {}

  /// Fills the thread fields of the CallFact made for `Call` (a CallExpr or CXXConstructExpr
  /// of the function last walked).
  void describe(const clang::Expr *Call, CallFact &C);

  /// The run of the routine that `pthread_once(&flag, init)` or `std::call_once(flag, init,
  /// args...)` makes, as a call of `init` of its own (at the same place, with `args`): made
  /// holding the flag as a lock, as no two threads run it at once, and followed by the flag's
  /// signal, which the callers wait on (SyncPoints::once). False when `Call` is no such call or
  /// the routine is not named.
  bool describeOnceRun(const clang::CallExpr *Call, CallFact &C);

private:
  /// describe(), with the call's arguments taken from `FirstArg` on (those it passes on to the
  /// routine it runs), bound to no parameter of the callee.
  void describeArguments(const clang::Expr *Call, CallFact &C, unsigned FirstArg);
  /// The identity of a thread handle or container expression.
  std::string identity(const clang::Expr *E);
  /// The function an argument names, as a thread entry.
  std::string entry(const clang::Expr *E, int Depth = 0);
  std::string callOperator(clang::QualType T);
  /// What an argument passes by address or reference: a tracked variable (or a parameter,
  /// "param:N"), the part of it (CallFact::argParts), and the slot variable of an element.
  struct PassedObject {
    std::string var, part, slot;
  };
  PassedObject passed(const clang::Expr *Arg, const clang::ParmVarDecl *Param);
  /// Where the object of a member call comes from (CallFact::object), and for a parameter
  /// which one.
  /// Also sets `C`'s objectParam, objectSlot and objectPart.
  ObjectOrigin objectOrigin(const clang::Expr *Object, CallFact &C);
  /// Where the call's result goes: the variable it initialises or is assigned to.
  std::string result(const clang::Expr *Call);

  clang::ASTContext &Ctx;
  SourceMapper &Map;
  GlobalAccesses &Accesses;
  const LockSetWalker &Walk;
  FunctionValues &Values;
  const LockApi &Locks;
  SyncPoints Sync;
};

}  // namespace concurlint
