#include "facts/WriteEffects.h"

#include "facts/AstQueries.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"

#include <set>
#include <tuple>

namespace concurlint {

using namespace clang;

namespace {

const Expr *bare(const Expr *E) { return E ? E->IgnoreParenImpCasts() : nullptr; }

/// Members of the standard containers that hand out an element (a reference to it): the write,
/// if any, is the element's, decided by what is done with the result.
bool elementAccessor(llvm::StringRef Name) {
  return Name == "at" || Name == "front" || Name == "back" || Name == "operator[]";
}

/// Members that hand out an iterator or pointer into the object: what is written through it is
/// decided by what is done with the result (`std::sort(v.begin(), v.end())` writes v).
bool handleAccessor(llvm::StringRef Name) {
  return Name == "begin" || Name == "end" || Name == "rbegin" || Name == "rend" ||
         Name == "data" || Name == "find" || Name == "lower_bound" || Name == "upper_bound";
}

/// Members that read the object without handing out anything to write it with.
bool readOnlyMember(llvm::StringRef Name) {
  return Name == "size" || Name == "empty" || Name == "cbegin" || Name == "cend" ||
         Name == "count" || Name == "contains" || Name == "c_str" || Name == "substr" ||
         Name == "length" || Name == "capacity" || Name == "compare" || Name == "starts_with" ||
         Name == "ends_with";
}

/// Standard algorithms that only read through the iterators they are given.
bool readingAlgorithm(const FunctionDecl *F) {
  static const llvm::StringSet<> Names = {
      "std::accumulate", "std::reduce",        "std::inner_product", "std::transform_reduce",
      "std::find",       "std::find_if",       "std::find_if_not",   "std::count",
      "std::count_if",   "std::all_of",        "std::any_of",        "std::none_of",
      "std::equal",      "std::mismatch",      "std::min_element",   "std::max_element",
      "std::minmax_element", "std::lower_bound", "std::upper_bound", "std::equal_range",
      "std::binary_search", "std::distance",   "std::search",        "std::adjacent_find",
      "std::is_sorted",  "std::includes",      "std::lexicographical_compare"};
  return Names.contains(canonicalName(F));
}

/// A pointer whose pointee may be written (not to const, not a function).
bool writablePointer(QualType T) {
  if (!T->isPointerType())
    return false;
  QualType Pointee = T->getPointeeType();
  return !Pointee.isConstQualified() && !Pointee->isFunctionType();
}

/// A variable or parameter of this type keeps a way to write the object it is initialised
/// from: a reference to non-const, or a pointer to non-const when the initialiser is a pointer.
bool keepsAlias(QualType Target, const Expr *From, bool Handle) {
  if (Target->isReferenceType())
    return !Target.getNonReferenceType().isConstQualified();
  if (writablePointer(Target) && From->getType()->isPointerType())
    return true;
  // An iterator or pointer into the object, copied (`auto it = v.begin();`).
  return Handle;
}

}  // namespace

bool writableParameterType(QualType T) {
  if (T->isReferenceType())
    return !T.getNonReferenceType().isConstQualified();
  return writablePointer(T);
}

UseQuery::UseQuery(ASTContext &Ctx, const Stmt *Root)
    : Ctx(Ctx), Parents(const_cast<Stmt *>(Root)) {}

const Stmt *UseQuery::parent(const Stmt *S) const {
  return Parents.getParent(const_cast<Stmt *>(S));
}

std::pair<const Stmt *, const Expr *> UseQuery::up(const Expr *E) const {
  const Stmt *P = parent(E);
  while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) || isa<FullExpr>(P) ||
               isa<MaterializeTemporaryExpr>(P) || isa<CXXBindTemporaryExpr>(P) ||
               isa<ExplicitCastExpr>(P))) {
    E = cast<Expr>(P);
    P = parent(P);
  }
  return {P, E};
}

bool UseQuery::system(const Decl *D) const { return isLibraryDecl(D, Ctx.getSourceManager()); }

UseEffect UseQuery::argument(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                             unsigned Shift, const Expr *Child, bool Handle) const {
  UseEffect Out;
  if (!Callee) {
    // A call through a pointer: what it does with its arguments is unknown.
    Out.written = true;
    Out.throughPointer = Child->getType()->isPointerType() || Handle;
    return Out;
  }
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (bare(Args[I]) != bare(Child))
      continue;
    if (I < Shift) {
      // The object of a member operator.
      const auto *Method = cast<CXXMethodDecl>(Callee);
      if (system(Method)) {
        Out.written = !Method->isConst();
        return Out;
      }
      Out.written = true;
      Out.callee = Method;
      Out.object = true;
      return Out;
    }
    unsigned Index = I - Shift;
    if (Index >= Callee->getNumParams()) {
      // Variadic: sscanf("%d", p) writes through a pointer it is given, printf reads.
      Out.written = writablePointer(Child->getType()) || Handle;
      Out.throughPointer = Out.written;
      return Out;
    }
    if (Handle && system(Callee) && readingAlgorithm(Callee))
      return Out;  // std::accumulate(v.begin(), v.end(), 0) reads v
    QualType Param = Callee->getParamDecl(Index)->getType();
    bool Pointer = writablePointer(Param) && Child->getType()->isPointerType();
    if (!Pointer && !writableParameterType(Param) && !Handle)
      return Out;  // a copy, or a reference or pointer to const
    Out.written = true;
    Out.throughPointer = Pointer || Handle;
    // An iterator passed by value: the summaries follow pointers and references only.
    if (system(Callee) || (Handle && !Pointer && !writableParameterType(Param)))
      return Out;
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee); Method && Method->isVirtual())
      return Out;  // any overrider may run
    Out.callee = Callee;
    Out.param = Index;
    return Out;
  }
  return Out;
}

UseEffect UseQuery::effectOf(const Expr *E) const {
  UseEffect Out;
  // E is an iterator or pointer into the object (the result of begin(), data(), &x).
  bool Handle = false;
  for (;;) {
    auto [P, Child] = up(E);
    if (!P)
      return Out;
    if (const auto *M = dyn_cast<MemberExpr>(P);
        M && bare(M->getBase()) == bare(Child)) {
      if (M->isArrow())
        Out.throughPointer = true;
      const auto *Method = dyn_cast<CXXMethodDecl>(M->getMemberDecl());
      if (!Method) {
        E = M;
        Handle = false;
        continue;
      }
      auto [Call, Callee] = up(M);
      (void)Callee;
      if (!system(Method)) {
        // The program's own method: its summary says what it writes of its object (a const
        // method may write through a pointer member, or a mutable one).
        if (Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
            !Method->getParent()->hasAttr<FinalAttr>()) {
          Out.written = true;  // any overrider may run
          return Out;
        }
        Out.written = true;
        Out.callee = Method;
        Out.object = true;
        return Out;
      }
      llvm::StringRef Name = Method->getName();
      if (Call && isa<CXXMemberCallExpr>(Call) && elementAccessor(Name)) {
        E = cast<Expr>(Call);  // the element it hands out
        Handle = false;
        continue;
      }
      if (Call && isa<CXXMemberCallExpr>(Call) && handleAccessor(Name) && !Method->isConst()) {
        E = cast<Expr>(Call);
        Handle = true;
        Out.throughPointer = true;
        continue;
      }
      Out.written = !(Method->isConst() || readOnlyMember(Name) || handleAccessor(Name));
      return Out;
    }
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(P)) {
      if (bare(A->getBase()) != bare(Child))
        return Out;  // used as an index
      if (bare(A->getBase())->getType()->isPointerType())
        Out.throughPointer = true;
      E = A;
      Handle = false;
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      llvm::SmallVector<const Expr *, 4> Args(Op->arguments());
      if (Op->getNumArgs() == 0 || bare(Op->getArg(0)) != bare(Child) || !Method)
        return argument(Op->getDirectCallee(), Args, Method ? 1 : 0, Child, Handle);
      OverloadedOperatorKind Kind = Op->getOperator();
      if (Kind == OO_Subscript || Kind == OO_Star || Kind == OO_Arrow) {
        if (Handle)
          Out.throughPointer = true;
        E = Op;
        Handle = false;
        continue;
      }
      if (Handle && (Kind == OO_PlusPlus || Kind == OO_MinusMinus || Kind == OO_Plus ||
                     Kind == OO_Minus || Kind == OO_PlusEqual || Kind == OO_MinusEqual)) {
        // Iterator arithmetic: still into the object; moving a copy is not a write of it.
        E = Op;
        continue;
      }
      if (Handle && (Kind == OO_EqualEqual || Kind == OO_ExclaimEqual || Kind == OO_Less ||
                     Kind == OO_Greater || Kind == OO_LessEqual || Kind == OO_GreaterEqual))
        return Out;
      return argument(Method, Args, 1, Child, Handle);
    }
    if (const auto *U = dyn_cast<UnaryOperator>(P)) {
      if (U->isIncrementDecrementOp()) {
        if (!Handle)
          Out.written = true;  // a handle's copy moves; the object is not written
        return Out;
      }
      if (U->getOpcode() == UO_AddrOf) {
        // A pointer to the object: what is done with it decides.
        E = U;
        Handle = true;
        continue;
      }
      if (U->getOpcode() == UO_Deref) {
        Out.throughPointer = true;
        E = U;
        Handle = false;
        continue;
      }
      return Out;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(P)) {
      bool Left = bare(B->getLHS()) == bare(Child);
      if (B->isAssignmentOp()) {
        if (Left) {
          // `it += 2` moves a handle's copy; anything else assigns the object.
          Out.written = !(Handle && (B->getOpcode() == BO_AddAssign ||
                                     B->getOpcode() == BO_SubAssign));
          return Out;
        }
        // Stored: the pointer (or iterator) kept elsewhere may be written through later.
        if (keepsAlias(B->getLHS()->getType(), Child, Handle)) {
          Out.written = true;
          Out.throughPointer = true;
        }
        return Out;
      }
      if (B->isAdditiveOp() && B->getType()->isPointerType()) {
        E = B;  // pointer arithmetic: still into the same object
        continue;
      }
      if (B->getOpcode() == BO_Comma && !Left) {
        E = B;
        continue;
      }
      return Out;
    }
    if (const auto *C = dyn_cast<ConditionalOperator>(P)) {
      if (bare(C->getCond()) == bare(Child))
        return Out;
      E = C;
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
      if (bare(Call->getCallee()) == bare(Child))
        return Out;  // calling through a pointer to a function
      return argument(Call->getDirectCallee(), Args, 0, Child, Handle);
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      if (Ctor && Ctor->isCopyOrMoveConstructor() && !Handle &&
          !Child->getType()->isPointerType()) {
        // A copy of the object (or a move: the source is left changed).
        Out.written = Ctor->isMoveConstructor();
        return Out;
      }
      llvm::SmallVector<const Expr *, 4> Args(Construct->arguments());
      return argument(Ctor, Args, 0, Child, Handle);
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls()) {
        const auto *V = dyn_cast<VarDecl>(D);
        if (!V || !V->getInit() || bare(V->getInit()) != bare(Child))
          continue;
        // `T &r = x;`, `T *q = p;`, `auto it = v.begin();`: an alias the code may write
        // through later. A copy is a read.
        if (keepsAlias(V->getType(), Child, Handle)) {
          Out.written = true;
          Out.throughPointer = true;
        }
        return Out;
      }
      return Out;
    }
    if (isa<ReturnStmt>(P)) {
      // Handed back to the caller, which may write through it: a pointer, an iterator, or
      // the object itself by reference to non-const (the child is still an lvalue).
      QualType T = Child->getType();
      if (Handle || writablePointer(T) || (Child->isLValue() && !T.isConstQualified())) {
        Out.written = true;
        Out.throughPointer = true;
      }
      return Out;
    }
    if (isa<InitListExpr>(P) || isa<CXXParenListInitExpr>(P)) {
      // Kept in an aggregate's field: a pointer or iterator is kept, a value copied.
      if (Handle || writablePointer(Child->getType())) {
        Out.written = true;
        Out.throughPointer = true;
      }
      return Out;
    }
    if (isa<LambdaExpr>(P)) {
      Out.written = true;  // captured by reference into a lambda that may write it later
      return Out;
    }
    if (isa<CXXForRangeStmt>(P)) {
      Out.written = true;  // `for (auto &x : v)` may write the elements
      return Out;
    }
    return Out;
  }
}

namespace {

/// Collects the uses of a function's parameters and object in its body (nested lambdas
/// included: they may run as part of it).
class EffectCollector : public RecursiveASTVisitor<EffectCollector> {
public:
  EffectCollector(const FunctionDecl *FD, const UseQuery &Query, SourceMapper &Map,
                  FunctionFact &F)
      : FD(FD), Query(Query), Map(Map), F(F) {
    const auto *Method = dyn_cast<CXXMethodDecl>(FD);
    Lambda = Method && Method->getParent()->isLambda();
  }

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitLambdaBody() const { return true; }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl()); P && P->getDeclContext() == FD) {
      unsigned Index = P->getFunctionScopeIndex();
      QualType T = P->getType();
      if (!writableParameterType(T))
        return true;
      UseEffect Effect = Query.effectOf(D);
      // A pointer parameter is the caller's only through what it points to (`++p` moves the
      // callee's own copy).
      if (Effect.written && (T->isReferenceType() || Effect.throughPointer))
        record(Index, false, Effect);
      return true;
    }
    // A lambda's captures are its object: a capture by reference writes the caller's
    // variable, a capture by copy in a mutable lambda the closure itself.
    if (Lambda && D->refersToEnclosingVariableOrCapture()) {
      UseEffect Effect = Query.effectOf(D);
      if (Effect.written)
        record(0, true, Effect);
    }
    return true;
  }

  bool VisitCXXThisExpr(CXXThisExpr *This) {
    if (!isa<CXXMethodDecl>(FD))
      return true;
    UseEffect Effect = Query.effectOf(This);
    // `this` is a pointer: only what is written through it is the object's.
    if (Effect.written && Effect.throughPointer)
      record(0, true, Effect);
    return true;
  }

  /// Every writable parameter named under `S` is kept by the object being built.
  void keptBy(const Stmt *S) {
    if (!S)
      return;
    if (const auto *D = dyn_cast<DeclRefExpr>(S))
      if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl());
          P && P->getDeclContext() == FD && writableParameterType(P->getType())) {
        UseEffect Kept;
        Kept.written = true;
        record(P->getFunctionScopeIndex(), false, Kept);
      }
    for (const Stmt *Child : S->children())
      keptBy(Child);
  }

private:
  void record(unsigned Param, bool Object, const UseEffect &Effect) {
    ParamWriteFact W;
    W.param = Object ? 0 : Param;
    W.object = Object;
    if (Effect.callee) {
      // No USR (rare): an unknown callee, so the write is assumed.
      W.callee = Map.usrOf(Effect.callee);
      W.calleeParam = Effect.object ? 0 : Effect.param;
      W.calleeObject = Effect.object;
    }
    auto Key = std::make_tuple(W.param, W.object, W.callee, W.calleeParam, W.calleeObject);
    if (!Seen.insert(Key).second)
      return;
    F.paramWrites.push_back(std::move(W));
  }

  const FunctionDecl *FD;
  const UseQuery &Query;
  SourceMapper &Map;
  FunctionFact &F;
  bool Lambda = false;
  std::set<std::tuple<unsigned, bool, std::string, unsigned, bool>> Seen;
};

}  // namespace

void ParamEffectScanner::scan(const FunctionDecl *FD, FunctionFact &F) {
  if (!FD->getBody())
    return;
  if (FD->isDependentContext()) {
    // A template's pattern: what its instantiations do depends on their arguments. Calls
    // reach instantiations, which are scanned; should one reach the pattern, it writes all.
    for (const ParmVarDecl *P : FD->parameters())
      if (writableParameterType(P->getType()) || P->getType()->isDependentType())
        F.paramWrites.push_back({P->getFunctionScopeIndex(), false, "", 0, false});
    if (isa<CXXMethodDecl>(FD))
      F.paramWrites.push_back({0, true, "", 0, false});
    return;
  }
  UseQuery Query(Ctx, FD->getBody());
  EffectCollector Collector(FD, Query, Map, F);
  Collector.TraverseStmt(FD->getBody());
  // A constructor's member initialisers keep what they are given (`dst_(dst)`): a pointer
  // or reference parameter used there may be written through later by any method.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        Collector.keptBy(Init->getInit());
}

}  // namespace concurlint
