// The accesses of globals and statics in a function body: which variables can race (isTracked),
// the local references and pointers that alias one, how an expression uses the variable (read,
// write, increment, address taken, element or field), and the atomic rewrite of the access that a
// fix may offer. Records each global's GlobalFact the first time the TU touches it.
#pragma once

#include "facts/Facts.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace concurlint {

class GlobalAccesses {
public:
  GlobalAccesses(clang::ASTContext &Ctx, SourceMapper &Map, std::vector<GlobalFact> &Globals);

  /// A global or static variable whose accesses can race.
  bool isTracked(const clang::VarDecl *V) const;

  /// The global that a local (or captured) reference or pointer variable is initialised from:
  /// `int &r = g;`, `int *p = &g;`, `int *p = (int *)arg;` (-> "param:N"). Empty if none.
  std::string aliasTarget(const clang::VarDecl *V, bool &Pointer);

  /// Records the GlobalFact of `V` the first time this TU accesses it.
  void noteGlobal(const clang::VarDecl *V);

  /// How an expression uses the variable it names.
  struct Use {
    bool write = false;
    bool atomic = false;
    bool skip = false;  // not an access (a reference bound, unevaluated)
    AccessForm form = AccessForm::Other;
    std::string suffix;      // location suffix
    std::string pathSuffix;  // for messages
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
};

}  // namespace concurlint
