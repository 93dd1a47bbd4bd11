// What a path through a function body knows besides its locks: the tests of globals against
// constants that hold on it (ConditionFact), and how an expression ends: normally, by ending the
// program (exit, a throw helper, longjmp), or by crashing (abort, a failed assertion, a call
// followed by __builtin_unreachable()). The lock-set walk (LockSetWalk.h) carries both along the
// body.
#pragma once

#include "facts/Facts.h"
#include "facts/GlobalAccesses.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <vector>

namespace concurlint {

/// How evaluating an expression ends.
enum class Ending {
  Returns,  // it may complete
  Exits,    // it never completes, without a crash: exit(), _exit(), longjmp(), a throw helper
  Crashes,  // it never completes, and the program crashes: abort(), __assert_fail(), a trap,
            // a call followed by __builtin_unreachable(), a noreturn function that crashes
};

class PathConditions {
public:
  PathConditions(clang::ASTContext &Ctx, SourceMapper &Map, const GlobalAccesses &Accesses);

  /// How evaluating `E` ends, on every path through it.
  Ending endingOf(const clang::Expr *E) const;

  /// The parts of `E` evaluated only on the way to a crash: `E` itself when it crashes, else the
  /// arm of a `?:`, `&&` or `||` that does: `(c) ? (void)0 : (fail(), __builtin_unreachable())`.
  void crashingParts(const clang::Expr *E, std::vector<const clang::Expr *> &Out) const;

  /// What holds when `Cond` is true and when it is false, as tests of globals against
  /// constants: `g == K`, `g != K`, `!g`, `g`, `s.f == K`, and `&&`/`||` of them.
  void conditionsOf(const clang::Expr *Cond, std::vector<ConditionFact> &WhenTrue,
                    std::vector<ConditionFact> &WhenFalse) const;

  /// Adds to `Out` what holds where `Cond` evaluated to `Value` (one side of conditionsOf).
  void holdsWhen(const clang::Expr *Cond, bool Value, std::vector<ConditionFact> &Out) const;

  /// What holds after an expression statement that completes: `assert(c)` and `c || (abort(),
  /// 0)` leave c; `g = K` leaves g == K (and forgets what was known of g, as `g++` does).
  void conditionsAfter(const clang::Expr *E, std::vector<ConditionFact> &Out) const;

  /// An atomic store with release semantics made by the statement `E` (`ready.store(1,
  /// std::memory_order_release)`, `atomic_store(&ready, 1)`, `ready = 1` on an _Atomic,
  /// `count.fetch_add(1)`): its place and value ("" for a read-modify-write).
  std::optional<ConditionFact> signalOf(const clang::Expr *E) const;

  /// `g = K` (or `s.f = K`) with a constant, on a global a condition can test: its place, the
  /// value, and "g = K" for messages.
  std::optional<ConditionFact> storedConstant(const clang::Expr *E) const;

  /// Drops from `Conditions` the places `Body` assigns (a loop's body, before its first
  /// iteration: a later one may start with another value).
  void forgetAssignedIn(const clang::Stmt *Body, std::vector<ConditionFact> &Conditions) const;

private:
  /// A call of one of the program's small accessors being looked into (`getPending(i)`,
  /// `setPending(i, n)`): its parameters stand for the call's arguments, read in the context of
  /// the call around it, if any.
  struct CallContext {
    const clang::CallExpr *call;
    const CallContext *outer;
    unsigned depth() const { return 1 + (outer ? outer->depth() : 0); }
  };
  /// The argument `E` stands for, when it names a parameter of the function `In` calls.
  static const clang::Expr *argumentFor(const clang::Expr *E, const CallContext *&In);
  /// The atomic global (or an element or field of one: `&pending[i].value`, one place for all
  /// its elements) an atomic operation's object names (`&ready`, `ready`, an accessor's
  /// parameter bound to one), with its location and name.
  bool atomicObject(const clang::Expr *Object, std::string &Location, std::string &Name,
                    const CallContext *In = nullptr) const;
  std::optional<ConditionFact> signalOf(const clang::Expr *E, const CallContext *In) const;
  /// The program's function a call runs, with a body small enough to be an accessor: the
  /// expression its single `return` gives back (through a local it just assigned, as
  /// `T v = 0; v = atomic_load(&x); return v;`), or its last statement when it returns nothing.
  const clang::Expr *accessorResult(const clang::CallExpr *Call) const;
  const clang::Expr *accessorLastStatement(const clang::CallExpr *Call) const;
  /// A local that only ever adds up loads of one atomic (`unsigned long sum = 0; for (...) sum +=
  /// getPending(j);`): the atomic's place. Its sum is 0 only when every load it added was 0.
  bool sumOfLoads(const clang::VarDecl *V, std::string &Location, std::string &Name) const;
  /// Adds to `Out` what `Sum` being 0 says when it is such a local: the atomic was 0.
  void sumIsZero(const clang::Expr *Sum, std::vector<ConditionFact> &Out) const;
  bool isZero(const clang::Expr *E) const;
  /// A callee that never returns: how it ends the path.
  Ending endingOfCallee(const clang::FunctionDecl *FD) const;
  /// How a call of a function of this TU not declared noreturn ends, from its body.
  Ending inferredEnding(const clang::FunctionDecl *FD) const;
  /// A global (or a field of one) that a condition can test: its location and name.
  bool place(const clang::Expr *E, std::string &Location, std::string &Name,
             const CallContext *In = nullptr) const;

  clang::ASTContext &Ctx;
  SourceMapper &Map;
  const GlobalAccesses &Accesses;
  mutable llvm::DenseMap<const clang::FunctionDecl *, Ending> Inferred;
};

}  // namespace concurlint
