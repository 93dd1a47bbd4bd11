// Where function values go: the flows of function pointers and callables (FlowFact) that the
// points-to analysis of engine/FunctionPointers.h solves over the whole program, and the place
// an expression reads a function value from (CallFact::via and argSources). Flow-insensitive:
// a body is a set of flows, whatever their order; fields are places of their class, not of an
// object (the C "ops table" idiom needs no more).
#pragma once

#include "facts/Facts.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace concurlint {

class FunctionValues {
public:
  FunctionValues(clang::ASTContext &Ctx, SourceMapper &Map, std::vector<FlowFact> &Out)
      : Ctx(Ctx), Map(Map), Out(Out) {}

  /// Whether values of type `T` can be called: function pointers and references, member
  /// function pointers, lambdas, std::function and its kin, and arrays and containers of them.
  static bool callable(clang::QualType T);

  /// The place an expression reads (a variable, a field, a parameter, a call's result), or "".
  std::string place(const clang::Expr *E);
  /// The place of a parameter: `USR#N` of its function.
  std::string paramPlace(const clang::ParmVarDecl *P);
  /// The function `E` names as a value (`f`, `&f`, `&C::m`, a lambda, a functor object,
  /// `std::bind(f, ...)`), as the facts name functions (USR), or "".
  std::string function(const clang::Expr *E);
  /// The type of a function, as CallFact::calleeType writes it ("void *(void *)").
  static std::string typeName(clang::QualType FunctionType);

  /// The flows of a function's body (assignments, initialisations, arguments, returns, a
  /// constructor's member initialisers). Lambda bodies are functions of their own.
  void scanFunction(const clang::FunctionDecl *FD);
  /// The flows of a global's initialiser (`struct ops o = {.run = worker};`).
  void scanGlobal(const clang::VarDecl *V);

  /// Records that `To` may hold what `E` evaluates to.
  void flowInto(const std::string &To, const clang::Expr *E, int Depth = 0);
  /// A variable initialised with `Init` (an array's elements flow into it one by one).
  void initialise(const clang::VarDecl *V, const clang::Expr *Init);
  /// The fields of a struct or union initialised by an initialiser list.
  void initialiseFields(const clang::InitListExpr *IL);
  /// The arguments of a call flowing into the callee's parameters (or into a container, for
  /// the library's insertions).
  void arguments(const clang::Expr *Call);

private:
  std::string fieldPlace(const clang::FieldDecl *F);
  void add(FlowFact F);

  clang::ASTContext &Ctx;
  SourceMapper &Map;
  std::vector<FlowFact> &Out;
  llvm::StringSet<> Seen;  // "to\nfrom\nfunction": each flow once per TU
};

}  // namespace concurlint
