// A RecursiveASTVisitor over one function's body that stays out of the functions written inside
// it: a lambda's body and a block's are functions of their own (they run where they are called),
// but a lambda's capture initialisers run here and are visited.
#pragma once

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace concurlint {

template <class Derived> class BodyVisitor : public clang::RecursiveASTVisitor<Derived> {
public:
  bool TraverseLambdaExpr(clang::LambdaExpr *LE) {
    for (clang::Expr *Init : LE->capture_inits())
      if (Init)
        this->getDerived().TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(clang::BlockExpr *) { return true; }
};

}  // namespace concurlint
