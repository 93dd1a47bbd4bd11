#include "facts/AwaitFacts.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

namespace concurlint {

using namespace clang;

namespace {

/// The expression under the nodes that only carry a value along: parentheses, implicit
/// conversions, temporaries, copies and moves, `(void)`.
const Expr *skipWrappers(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      E = C->getArg(0);
    else if (const auto *V = dyn_cast<CStyleCastExpr>(E); V && V->getType()->isVoidType())
      E = V->getSubExpr();
    else
      return E;
  }
  return E;
}

/// `std::move(t)`, `std::forward<T>(t)`…: no call of the program's, the operand is a variable.
bool isCastLike(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || !FD->isInStdNamespace())
    return false;
  llvm::StringRef N = FD->getName();
  return N == "move" || N == "forward" || N == "as_const" || N == "ref" || N == "cref" ||
         N == "addressof" || N == "move_if_noexcept";
}

/// Members that hand out (a part of) the object without changing it, whatever their constness:
/// whether the part is then changed is decided where it is passed. By name only for the
/// standard library's classes: `client.get(url)` of a program's own class is a request.
bool isAccessor(const CXXMethodDecl *MD) {
  static const llvm::StringSet<> Names = {
      "at",    "front", "back",  "data",  "begin",       "end",         "rbegin",
      "rend",  "find",  "get",   "value", "lower_bound", "upper_bound", "equal_range"};
  if (MD->isConst())
    return true;
  switch (MD->getOverloadedOperator()) {
  case OO_Subscript:
  case OO_Star:
  case OO_Arrow:
    return true;
  default:
    break;
  }
  return MD->getIdentifier() && MD->getParent()->isInStdNamespace() &&
         Names.contains(MD->getName());
}

/// Whether an argument bound to a parameter of this type may be changed through it: non-const
/// references, rvalue references (moved from), pointers to non-const, and the classes that
/// refer to something else (shared_ptr, weak_ptr, reference_wrapper, span) of non-const.
bool changesThrough(QualType T) {
  if (T.isNull())
    return false;
  if (T->isReferenceType())
    return T->isRValueReferenceType() || !T.getNonReferenceType().isConstQualified();
  if (T->isPointerType())
    return !T->getPointeeType().isConstQualified() && !T->getPointeeType()->isFunctionType();
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl())) {
    std::string Name = canonicalName(Spec->getSpecializedTemplate());
    if ((Name == "std::shared_ptr" || Name == "std::weak_ptr" ||
         Name == "std::reference_wrapper" || Name == "std::span") &&
        Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return !Spec->getTemplateArgs()[0].getAsType().isConstQualified();
  }
  return false;
}

/// Counts the suspensions of a statement, lambda bodies left out.
class SuspendCounter : public RecursiveASTVisitor<SuspendCounter> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    Count += !E->isImplicit();
    return true;
  }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) { return ++Count, true; }
  bool VisitCoyieldExpr(CoyieldExpr *) { return ++Count, true; }
  unsigned Count = 0;
};

/// What one awaited expression reads and writes, as locations.
class EffectCollector : public RecursiveASTVisitor<EffectCollector> {
public:
  EffectCollector(SourceMapper &Map, AwaitFact &A) : Map(Map), A(A) {}

  std::string identity(const ValueDecl *D) {
    if (const auto *B = dyn_cast<BindingDecl>(D))  // `auto [x, y]`: x and y are the pair
      if (const ValueDecl *Whole = B->getDecomposedDecl())
        D = Whole;
    std::string U = Map.usrOf(D);
    if (U.empty())
      U = D->getNameAsString() + "@" + std::to_string(Map.span(D->getLocation()).offset);
    return U;
  }

  /// The location an expression designates: a variable, `this`, `this.f`, `v.f`; coarse
  /// (the whole variable) through pointers, elements and accessors. Empty for temporaries.
  std::string location(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      return location(B->getSubExpr());
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      return location(M->getSubExpr());
    if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      if (isa<VarDecl>(D->getDecl()) || isa<BindingDecl>(D->getDecl()))
        return identity(D->getDecl());
      return {};
    }
    if (isa<CXXThisExpr>(E))
      return "this";
    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      const Expr *Base = M->getBase()->IgnoreParenImpCasts();
      if (const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl())) {
        if (isa<CXXThisExpr>(Base))
          return "this." + Field->getNameAsString();
        std::string Of = location(Base);
        if (M->isArrow() || Of.empty())
          return Of;  // through a pointer: the pointer variable stands for what it points to
        return Of + "." + Field->getNameAsString();
      }
      if (const auto *V = dyn_cast<VarDecl>(M->getMemberDecl()))  // a static data member
        return identity(V);
      return location(Base);
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return location(AS->getBase());
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf))
      return location(U->getSubExpr());
    if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
      return location(C->getSubExpr());
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);  // a copy passed by value
        C && C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
      return location(C->getArg(0));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))  // v.data(), m.at(k)
      return MC->getImplicitObjectArgument() ? location(MC->getImplicitObjectArgument())
                                             : std::string();
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = OC->getOperator();
      if ((K == OO_Subscript || K == OO_Star || K == OO_Arrow) && OC->getNumArgs() > 0)
        return location(OC->getArg(0));
      return {};
    }
    if (const auto *CE = dyn_cast<CallExpr>(E); CE && isCastLike(CE->getDirectCallee()) &&
                                                  CE->getNumArgs() > 0)
      return location(CE->getArg(0));
    return {};
  }

  void write(const Expr *E) {
    std::string L = location(E);
    if (!L.empty())
      A.writes.push_back(std::move(L));
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    if (isa<VarDecl>(D->getDecl()) || isa<BindingDecl>(D->getDecl()))
      A.reads.push_back(identity(D->getDecl()));
    return true;
  }

  bool VisitMemberExpr(MemberExpr *M) {
    if (isa<FieldDecl>(M->getMemberDecl()))
      if (const auto *This = dyn_cast<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts())) {
        FieldBases.insert(This);
        A.reads.push_back("this." + M->getMemberDecl()->getNameAsString());
      }
    return true;
  }

  bool VisitCXXThisExpr(CXXThisExpr *T) {
    if (!FieldBases.contains(T))
      A.reads.push_back("this");
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesThis())
        A.writes.push_back("this");
      else if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const auto *V = dyn_cast<ValueDecl>(C.getCapturedVar()))
          A.writes.push_back(identity(V));
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      write(B->getLHS());
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp())
      write(U->getSubExpr());
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (isCastLike(FD))
      return true;  // std::move(x) is written where it is bound
    unsigned First = 0;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (MD && MC->getImplicitObjectArgument() && !isAccessor(MD))
        write(MC->getImplicitObjectArgument());
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD)) {
        First = 1;
        if (OC->getNumArgs() > 0 && (!isAccessor(MD) || changingLambda(OC->getArg(0))))
          write(OC->getArg(0));
      }
    }
    const FunctionProtoType *Proto = nullptr;
    if (!FD) {
      QualType T = CE->getCallee()->getType();
      if (const auto *P = T->getAs<PointerType>())
        T = P->getPointeeType();
      else if (const auto *R = T->getAs<ReferenceType>())
        T = R->getPointeeType();
      Proto = T->getAs<FunctionProtoType>();
    }
    for (unsigned I = First; I < CE->getNumArgs(); ++I) {
      unsigned Param = I - First;
      QualType T;
      if (FD && Param < FD->getNumParams())
        T = FD->getParamDecl(Param)->getType();
      else if (Proto && Param < Proto->getNumParams())
        T = Proto->getParamType(Param);
      else
        T = CE->getArg(I)->getType();  // variadic: passed as it is
      if (changesThrough(T))
        write(CE->getArg(I));
    }
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I)
      if (changesThrough(Ctor->getParamDecl(I)->getType()))
        write(CE->getArg(I));
    return true;
  }

private:
  /// Whether calling the object may change more than itself: a lambda that captures by
  /// reference (or `this`), named by a local variable.
  bool changingLambda(const Expr *Object) {
    const auto *D = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
    const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
    if (!V || !V->getInit())
      return false;
    const auto *L = dyn_cast<LambdaExpr>(skipWrappers(V->getInit()));
    if (!L)
      return false;
    bool Changes = false;
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesThis()) {
        A.writes.push_back("this");
        Changes = true;
      } else if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef) {
        if (const auto *Captured = dyn_cast<ValueDecl>(C.getCapturedVar()))
          A.writes.push_back(identity(Captured));
        Changes = true;
      }
    }
    return Changes;
  }

  SourceMapper &Map;
  AwaitFact &A;
  llvm::DenseSet<const CXXThisExpr *> FieldBases;
};

void sortUnique(std::vector<std::string> &V) {
  std::sort(V.begin(), V.end());
  V.erase(std::unique(V.begin(), V.end()), V.end());
}

}  // namespace

bool AwaitScanner::describe(const Stmt *S, AwaitFact &A) {
  const CoawaitExpr *Await = nullptr;
  const VarDecl *Declared = nullptr;
  const Expr *Assigned = nullptr;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    if (!DS->isSingleDecl())
      return false;
    Declared = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (!Declared || !Declared->getInit() || Declared->isStaticLocal())
      return false;
    Await = dyn_cast<CoawaitExpr>(skipWrappers(Declared->getInit()));
  } else if (const auto *E = dyn_cast<Expr>(S)) {
    const Expr *X = skipWrappers(E);
    if (const auto *BO = dyn_cast<BinaryOperator>(X); BO && BO->getOpcode() == BO_Assign) {
      Assigned = BO->getLHS();
      X = skipWrappers(BO->getRHS());
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(X);
               OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
      Assigned = OC->getArg(0);
      X = skipWrappers(OC->getArg(1));
    }
    Await = dyn_cast<CoawaitExpr>(X);
  }
  if (!Await || Await->isImplicit() || Await->isInstantiationDependent())
    return false;
  SuspendCounter Suspensions;
  Suspensions.TraverseStmt(const_cast<Stmt *>(S));
  if (Suspensions.Count != 1)
    return false;  // `co_await f(co_await g())`: not one await of one call

  // The operand must be a call of a function, a method or a callable object; an awaitable that
  // exists already (`co_await task`, `co_await std::move(task)`, `co_await event`) or is made
  // on the spot (`co_await std::suspend_always{}`) is not.
  const auto *Call = dyn_cast<CallExpr>(skipWrappers(Await->getOperand()));
  if (!Call || Call->getSourceRange().isInvalid())
    return false;
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
  if (Operator && Operator->getOperator() != OO_Call)
    return false;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (isCastLike(Callee))
    return false;

  A.span = Map.span(Await->getSourceRange());
  if (!A.span.valid())
    return false;
  A.call = Map.sourceText(Call->getSourceRange());
  if (Operator)  // a callable object: named as written, `fetch` rather than its operator()
    A.callee = Map.sourceText(Operator->getArg(0)->getSourceRange());
  else if (Callee)
    A.callee = canonicalName(Callee);
  else
    A.callee = Map.sourceText(Call->getCallee()->getSourceRange());
  if (Callee)
    A.calleeUsr = Map.usrOf(Callee);

  describeStatement(S, Await, Declared, Assigned, A);

  EffectCollector Effects(Map, A);
  Effects.TraverseStmt(const_cast<Expr *>(Await->getOperand()));
  if (Declared) {
    A.writes.push_back(Effects.identity(Declared));
  } else if (Assigned) {
    std::string Target = Effects.location(Assigned);
    if (Target.empty())
      return false;  // the result goes somewhere that cannot be named
    A.writes.push_back(Target);
    Effects.TraverseStmt(const_cast<Expr *>(Assigned));
  }
  sortUnique(A.reads);
  sortUnique(A.writes);
  return true;
}

void AwaitScanner::describeStatement(const Stmt *S, const CoawaitExpr *Await,
                                     const VarDecl *Declared, const Expr *Assigned,
                                     AwaitFact &A) {
  A.form = Declared ? AwaitForm::Declare : Assigned ? AwaitForm::Assign : AwaitForm::Discard;
  QualType Result = Await->getType();
  A.resultVoid = Result->isVoidType();
  QualType Operand = skipWrappers(Await->getOperand())->getType();
  if (const CXXRecordDecl *Class = Operand->getAsCXXRecordDecl()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Class))
      A.awaitedType = canonicalName(Spec->getSpecializedTemplate());
    else
      A.awaitedType = canonicalName(Class);
  }
  if (Declared && !A.resultVoid && Declared->getIdentifier() &&
      !Declared->hasAttrs() && !Declared->isStaticLocal() &&
      Ctx.hasSameUnqualifiedType(Declared->getType().getNonReferenceType(),
                                 Result.getNonReferenceType()))
    A.declared = Declared->getName().str();

  // The statement with its semicolon, written outside macros: a DeclStmt ends at its `;`, an
  // expression statement just before it.
  SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = S->getBeginLoc(), End = S->getEndLoc();
  if (Begin.isInvalid() || End.isInvalid() || Begin.isMacroID() || End.isMacroID())
    return;
  if (!isa<DeclStmt>(S)) {
    SourceLocation AfterSemi =
        Lexer::findLocationAfterToken(End, tok::semi, SM, Ctx.getLangOpts(), false);
    if (AfterSemi.isInvalid())
      return;
    End = AfterSemi.getLocWithOffset(-1);
  }
  A.statement = Map.span(SourceRange(Begin, End));
}

void AwaitScanner::scanBlock(const CompoundStmt *Block, FunctionFact &F) {
  bool Previous = false;
  for (const Stmt *S : Block->body()) {
    AwaitFact A;
    bool Recorded = describe(S, A);
    if (Recorded) {
      A.follows = Previous;
      F.awaits.push_back(std::move(A));
    }
    Previous = Recorded;
  }
}

}  // namespace concurlint
