// The accesses of globals, statics and shared locals in a function body: which variables can
// race (isTracked), the local references and pointers that alias one, how an expression uses the
// variable (read, write, increment, address taken, element or field), and the atomic rewrite of
// the access that a fix may offer. Records each variable's GlobalFact the first time the TU
// touches it.
#pragma once

#include "facts/Facts.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <string>
#include <vector>

namespace concurlint {

class GlobalAccesses {
public:
  GlobalAccesses(clang::ASTContext &Ctx, SourceMapper &Map, std::vector<GlobalFact> &Globals);

  /// A global or static variable whose accesses can race, or a local that threads may share
  /// (handedOn()).
  bool isTracked(const clang::VarDecl *V) const;

  /// Whether the expression `D` (naming a tracked variable) reads or writes the shared object,
  /// not a lambda's own copy of it (`[=]`, `[total]`).
  bool namesSharedObject(const clang::DeclRefExpr *D, const clang::VarDecl *V) const;

  /// The variable indexing an element that each thread has for its own (AccessFact::slot): the
  /// induction variable of a `for` loop around `Index` (`&args[i]` in `for (i = 0; ...; ++i)
  /// pthread_create(..., &args[i])`), or a lambda's copy of one ("copy:" + its USR); or a local
  /// that holds an index claimed from an atomic counter ("claim:" + the counter's USR). Empty
  /// when `Index` is anything else.
  std::string slotOf(const clang::Expr *Index);
  /// The USR of the atomic counter `E` claims a value of (`next.fetch_add(1)`,
  /// `atomic_fetch_add(&next, 1)`, `next++` on an atomic, `__sync_fetch_and_add(&next, 1)`), or "".
  std::string claimedFrom(const clang::Expr *E);

  /// A local pointer whose value is handed to a thread start (`struct job *j = malloc(...);
  /// pthread_create(&t, 0, run, j)`, `std::thread(run, j)`, a function of the program taking it
  /// as `void *`) and never assigned again: the object it points to is shared, as "USR*"
  /// (GlobalFact "(*j)"), one per iteration when the pointer is declared in a loop's body
  /// (objectSlot).
  bool pointeeShared(const clang::VarDecl *V) const;
  /// For a pointer declared in a loop's body, whose every iteration points it at another
  /// object: its USR, the AccessFact::slot of the accesses to that object. Empty otherwise.
  std::string objectSlot(const clang::VarDecl *V);

  /// The global that a local (or captured) reference or pointer variable is initialised from:
  /// `int &r = g;`, `int *p = &g;`, `int *p = (int *)arg;` (-> "param:N"). Empty if none.
  std::string aliasTarget(const clang::VarDecl *V, bool &Pointer);

  /// Records the GlobalFact of `V` the first time this TU accesses it.
  void noteGlobal(const clang::VarDecl *V);
  /// Records the GlobalFact of the object a handed-on pointer points to (pointeeShared).
  void noteObject(const clang::VarDecl *Pointer);
  /// The object `This` names, as its class's methods see it (GlobalFact::thisObject): "this:"
  /// and the USR of `Class`, recorded the first time the TU names it. Empty when `This` is a
  /// lambda's copy of the object (`[*this]`), which no other thread sees.
  std::string thisObject(const clang::CXXThisExpr *This, const clang::CXXRecordDecl *Class);

  /// How an expression uses the variable it names.
  struct Use {
    bool write = false;
    bool atomic = false;
    bool skip = false;  // not an access (a reference bound, unevaluated)
    AccessForm form = AccessForm::Other;
    std::string suffix;      // location suffix
    std::string pathSuffix;  // for messages
    const clang::Expr *index = nullptr;  // the first subscript, for AccessFact::slot
  };
  /// How the expression `E` (naming the variable `V`, or an element or field of it) is used.
  Use classify(const clang::Expr *E, const clang::VarDecl *V);

  /// The atomic form of a self-op store (`x = x + e` -> `x += e`) or of a load passed to a
  /// call (`f(x)` -> `f(x.load())`, C++ only: C's _Atomic loads implicitly).
  void atomicRewrite(const clang::Expr *E, const clang::VarDecl *V, AccessFact &A);

  /// The expression `E` is a part of, and the statement (`ParentStmt`) when that is no expression.
  const clang::Expr *parentExpr(const clang::Expr *E, const clang::Stmt *&ParentStmt) const;

private:
  static bool sameVar(const clang::Expr *A, const clang::VarDecl *V);
  /// Where a std::atomic<T> would not convert to T by itself: a call's argument (variadic,
  /// template), `?:`, `auto` and return-type deduction, braces. There the fix writes load().
  bool needsExplicitLoad(const clang::Expr *Load, const clang::Expr *Parent) const;
  /// A local whose address, or a reference to it, is handed to a thread start or to a
  /// function of the program (which may start a thread with it), or that a lambda captures by
  /// reference. Found once per function, by one walk of its body.
  bool handedOn(const clang::VarDecl *V) const;
  /// `x = x OP e` or `x = e OP x` (OP commutative) with OP in + - & | ^.
  static bool selfOp(const clang::Expr *RHS, const clang::VarDecl *V);
  Use methodUse(Use U, const clang::CXXMethodDecl *MD, const clang::MemberExpr *ME,
                const clang::VarDecl *V);
  Use addressUse(Use U, const clang::UnaryOperator *AddrOf) const;
  Use argumentUse(Use U, const clang::CallExpr *CE, const clang::Expr *Arg) const;

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  const clang::LangOptions &LO;
  SourceMapper &Map;
  std::vector<GlobalFact> &Globals;
  llvm::StringSet<> GlobalsSeen;
  /// What one walk of a function body finds its locals hand on.
  struct SharedLocals {
    llvm::DenseSet<const clang::VarDecl *> objects;  // the local itself (handedOn)
    /// Local pointers whose value is handed to a thread start, never assigned again: the
    /// object each points to is shared (pointeeShared).
    llvm::DenseSet<const clang::VarDecl *> pointers;
    /// Locals of record type whose fields hold other variables' addresses (`struct args a =
    /// {&count}`, `a.count = &count`): per local, the field (".count") and the variable.
    llvm::DenseMap<const clang::VarDecl *,
                   std::vector<std::pair<std::string, const clang::VarDecl *>>>
        fieldTargets;
  };
  const SharedLocals &sharedLocalsOf(const clang::VarDecl *V) const;
  /// Whether the body of `V`'s function assigns `V` after its declaration or takes its address
  /// (one walk of the body per variable asked about).
  bool assigned(const clang::VarDecl *V);
  /// The parameter whose value a variable holds all along: the parameter itself, or a local
  /// initialised from it (`long id = (long)arg;`), neither ever assigned again.
  std::optional<unsigned> parameterValue(const clang::VarDecl *V);
  llvm::DenseMap<const clang::VarDecl *, bool> Assigned;
  mutable llvm::DenseMap<const clang::FunctionDecl *, SharedLocals> HandedOn;
  /// Whether another declaration of its context begins where `R` does: `int a, b;`,
  /// `struct S {...} s;` (its type cannot be rewritten for it alone).
  bool sharesItsBegin(const clang::VarDecl *R);
  /// Per context, per place where declarations begin: the first declaration there, and how
  /// many begin there. Made once per context, by one pass over its declarations.
  llvm::DenseMap<const clang::DeclContext *,
                 llvm::DenseMap<clang::SourceLocation, std::pair<const clang::Decl *, unsigned>>>
      Begins;
};

}  // namespace concurlint
