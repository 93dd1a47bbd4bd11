// The loop facts of a function body: for each `for` and range-`for` loop, its induction or
// range variable, how its body uses the variables declared outside it, how it can be left, and
// the calls it makes — what loop-parallelizable needs to tell independent iterations and to
// rewrite the loop onto the runtime's executors.
#pragma once

#include "facts/AstQueries.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace concurlint {

class LoopScanner {
public:
  LoopScanner(clang::ASTContext &Ctx, SourceMapper &Map) : Ctx(Ctx), Map(Map) {}

  /// Completes the LoopFacts of `F` (already found by the thread scanner, by offset) for the
  /// `for` and range-`for` loops of `FD`'s body. Templates are left to their instantiations'
  /// patterns: a dependent body is not described.
  void scan(const clang::FunctionDecl *FD, FunctionFact &F);

private:
  clang::ASTContext &Ctx;
  SourceMapper &Map;
};

}  // namespace concurlint
