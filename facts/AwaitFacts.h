// The await facts of a function body: the statements that await one call and do nothing else,
// with the locations each one reads and writes, so that a rule can tell whether consecutive
// awaits depend on each other (coro-sequential-await).
#pragma once

#include "facts/AstQueries.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

namespace concurlint {

class AwaitScanner {
public:
  AwaitScanner(clang::ASTContext &Ctx, SourceMapper &Map) : Ctx(Ctx), Map(Map) {}

  /// Appends to `F.awaits` the statements of `Block` (not of the blocks nested in it) that
  /// await a call, in order; `AwaitFact::follows` says which come right after another.
  void scanBlock(const clang::CompoundStmt *Block, FunctionFact &F);

private:
  bool describe(const clang::Stmt *S, AwaitFact &A);
  /// The fields a rewrite into one gather needs: statement span, form, declared name, types.
  void describeStatement(const clang::Stmt *S, const clang::CoawaitExpr *Await,
                         const clang::VarDecl *Declared, const clang::Expr *Assigned,
                         AwaitFact &A);

  clang::ASTContext &Ctx;
  SourceMapper &Map;
};

}  // namespace concurlint
