// Whether a use of an object may change it, and the per-function summaries that make the answer
// interprocedural: through which pointer or reference parameters, and through which object (the
// `this` of a method, the captures of a lambda), a function writes what its caller handed it.
// loop-parallelizable asks both questions of every variable a loop body shares with its other
// iterations.
#pragma once

#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"

namespace concurlint {

/// What a use of an object (a variable, a field, `this`, a pointer) may do to it.
struct UseEffect {
  bool written = false;
  /// The change reaches memory outside the expression's own variable: `*p = …`, `p->f = …`,
  /// `p[j] = …`, `p` handed to a callee that may write what it points to, or kept in another
  /// pointer or reference (an alias the code may write through later).
  bool throughPointer = false;
  /// Set when the use is written only if this function writes through its parameter `param`
  /// (or, when `object`, through the object it runs on): a call of a function of the program,
  /// decided by its summary (FunctionFact::paramWrites). Null: `written` is the answer.
  const clang::FunctionDecl *callee = nullptr;
  unsigned param = 0;
  bool object = false;
};

/// Answers "may this use change the object?" for the expressions under one statement (a loop,
/// a function body), whose parents it maps once.
class UseQuery {
public:
  UseQuery(clang::ASTContext &Ctx, const clang::Stmt *Root);

  /// What the enclosing expressions do to the object `E` denotes (or, for a pointer, to what
  /// it points to: `throughPointer`).
  UseEffect effectOf(const clang::Expr *E) const;

  const clang::Stmt *parent(const clang::Stmt *S) const;
  /// The parent, skipping parentheses and implicit conversions, and the child under it.
  std::pair<const clang::Stmt *, const clang::Expr *> up(const clang::Expr *E) const;

private:
  /// `Child` is argument `Shift + n` of a call of `Callee` (the object when below Shift).
  UseEffect argument(const clang::FunctionDecl *Callee, llvm::ArrayRef<const clang::Expr *> Args,
                     unsigned Shift, const clang::Expr *Child, bool Handle) const;
  bool system(const clang::Decl *D) const;

  clang::ASTContext &Ctx;
  clang::ParentMap Parents;
};

/// Fills FunctionFact::paramWrites: the pointer and reference parameters (and, for methods and
/// lambdas, the object: `this`, the captures) that the body writes through directly, or hands
/// to a parameter of another function of the program.
class ParamEffectScanner {
public:
  ParamEffectScanner(clang::ASTContext &Ctx, SourceMapper &Map) : Ctx(Ctx), Map(Map) {}
  void scan(const clang::FunctionDecl *FD, FunctionFact &F);

private:
  clang::ASTContext &Ctx;
  SourceMapper &Map;
};

/// A parameter whose type lets a callee write its caller's memory: a pointer to non-const data
/// or a reference to non-const.
bool writableParameterType(clang::QualType T);

}  // namespace concurlint
