#include "facts/FunctionValues.h"

#include "facts/AstQueries.h"
#include "facts/BodyVisitor.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace concurlint {

using namespace clang;

namespace {

/// The library classes that hold a callable and call it with operator().
bool callableWrapper(llvm::StringRef Name) {
  return Name == "std::function" || Name == "std::move_only_function" ||
         Name == "std::copyable_function" || Name == "std::packaged_task" ||
         Name == "boost::function";
}

/// The library calls that put their argument into the container they are called on.
bool insertion(llvm::StringRef Method) {
  return Method == "push_back" || Method == "emplace_back" || Method == "push_front" ||
         Method == "emplace_front" || Method == "push" || Method == "emplace" ||
         Method == "insert" || Method == "assign";
}

}  // namespace

bool FunctionValues::callable(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isFunctionPointerType() || T->isFunctionType() || T->isMemberFunctionPointerType())
    return true;
  if (const ArrayType *A = T->getAsArrayTypeUnsafe())
    return callable(A->getElementType());
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->isLambda())
    return true;
  std::string Name = canonicalName(RD);
  if (callableWrapper(Name))
    return true;
  // A container of callables: std::vector<std::function<void()>>, std::queue<void (*)()>.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (llvm::StringRef(Name).starts_with("std::") && Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return callable(Spec->getTemplateArgs()[0].getAsType());
  return false;
}

std::string FunctionValues::typeName(QualType T) {
  if (T.isNull())
    return {};
  T = T.getCanonicalType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  if (const auto *M = T->getAs<MemberPointerType>())
    T = M->getPointeeType();
  if (!T->isFunctionType())
    return {};
  // Without the exception specification and the calling convention: C code converts freely.
  const auto *FT = T->castAs<FunctionType>();
  std::string Out = FT->getReturnType().getCanonicalType().getAsString() + " (";
  if (const auto *Proto = dyn_cast<FunctionProtoType>(FT)) {
    for (unsigned I = 0; I < Proto->getNumParams(); ++I)
      Out += (I ? ", " : "") + Proto->getParamType(I).getCanonicalType().getAsString();
    if (Proto->isVariadic())
      Out += Proto->getNumParams() ? ", ..." : "...";
  }
  return Out + ")";
}

std::string FunctionValues::paramPlace(const ParmVarDecl *P) {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
  if (!FD)
    return {};
  std::string Usr = Map.usrOf(FD);
  if (Usr.empty())
    return {};
  return Usr + "#" + std::to_string(P->getFunctionScopeIndex());
}

std::string FunctionValues::fieldPlace(const FieldDecl *F) {
  // The fields of a union share their storage: a value stored through one is read through
  // another (libuv stores the entry through one member and passes the other).
  if (F->getParent()->isUnion())
    return Map.usrOf(F->getParent());
  return Map.usrOf(F);
}

std::string FunctionValues::place(const Expr *E) {
  if (!E)
    return {};
  E = strip(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    // `(*fp)()`: the pointer itself. A pointer to a function pointer is not followed.
    if (U->getOpcode() == UO_Deref && U->getSubExpr()->getType()->isFunctionPointerType())
      return place(U->getSubExpr());
    return {};
  }
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl()))
      return paramPlace(P);
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
      return Map.usrOf(V);
    return {};
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl()))
      return fieldPlace(F);
    if (const auto *V = dyn_cast<VarDecl>(M->getMemberDecl()))
      return Map.usrOf(V);
    return {};
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return place(AS->getBase());
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OC->getOperator() == OO_Subscript && OC->getNumArgs() > 0)
      return place(OC->getArg(0));
    return {};
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // tasks.front(), tasks.at(i), queue.top(): an element of the container.
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() && isElementAccessor(MD->getName()))
      return place(MC->getImplicitObjectArgument());
  }
  if (const Expr *Moved = movedFrom(E))
    return place(Moved);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && callable(CE->getType()) && !isLibraryDecl(FD, Ctx.getSourceManager()))
      if (std::string Usr = Map.usrOf(FD); !Usr.empty())
        return Usr + "#ret";
  return {};
}

std::string FunctionValues::function(const Expr *E) {
  if (!E)
    return {};
  E = strip(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = strip(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D->getDecl()))
      return Map.usrOf(FD->getDefinition() ? FD->getDefinition() : FD);
    return {};
  }
  if (const auto *L = dyn_cast<LambdaExpr>(E))
    return Map.usrOf(L->getCallOperator());
  if (const Expr *Moved = movedFrom(E))
    return function(Moved);
  if (const auto *CE = dyn_cast<CallExpr>(E)) {  // std::bind(f, ...)
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->getIdentifier() && FD->getName() == "bind" && CE->getNumArgs() > 0)
      return function(CE->getArg(0));
    return {};
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *RD = C->getType()->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition() || callableWrapper(canonicalName(RD)))
      return {};
    if (RD->isLambda())
      return Map.usrOf(RD->getLambdaCallOperator());
    // A functor made here: its operator() is what a thread or a caller runs.
    if (isLibraryDecl(RD, Ctx.getSourceManager()))
      return {};
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getOverloadedOperator() == OO_Call)
        return Map.usrOf(M->getDefinition() ? M->getDefinition() : M);
  }
  return {};
}

void FunctionValues::add(FlowFact F) {
  if (F.to.empty() || F.from.empty() || (!F.function && F.to == F.from))
    return;
  if (!Seen.insert(F.to + "\n" + F.from + (F.function ? "\nf" : "")).second)
    return;
  Out.push_back(std::move(F));
}

void FunctionValues::flowInto(const std::string &To, const Expr *E, int Depth) {
  if (To.empty() || !E || Depth > 6 || E->isTypeDependent() || E->isValueDependent())
    return;
  E = strip(E);
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    flowInto(To, C->getTrueExpr(), Depth + 1);
    flowInto(To, C->getFalseExpr(), Depth + 1);
    return;
  }
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {  // an array's elements
    if (!IL->isSemanticForm())
      IL = IL->getSemanticForm();
    if (IL)
      for (const Expr *Init : IL->inits())
        flowInto(To, Init, Depth + 1);
    return;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    // std::function<void()> f(g), and copies of a callable: what the argument holds.
    const CXXRecordDecl *RD = C->getType()->getAsCXXRecordDecl();
    if (RD && C->getNumArgs() >= 1 &&
        (callableWrapper(canonicalName(RD)) || C->getConstructor()->isCopyOrMoveConstructor())) {
      flowInto(To, C->getArg(0), Depth + 1);
      return;
    }
  }
  if (std::string F = function(E); !F.empty()) {
    std::string Type;
    if (const auto *D = dyn_cast<DeclRefExpr>(strip(E)))
      Type = typeName(D->getType());
    else if (const auto *U = dyn_cast<UnaryOperator>(strip(E)))
      if (const auto *D = dyn_cast<DeclRefExpr>(strip(U->getSubExpr())))
        Type = typeName(D->getType());
    add({To, F, true, Type});
    return;
  }
  add({To, place(E), false, {}});
}

void FunctionValues::initialise(const VarDecl *V, const Expr *Init) {
  if (!Init)
    return;
  if (callable(V->getType())) {
    std::string To = isa<ParmVarDecl>(V) ? paramPlace(cast<ParmVarDecl>(V)) : Map.usrOf(V);
    flowInto(To, Init);
  }
}

void FunctionValues::initialiseFields(const InitListExpr *IL) {
  // The visitor sees the form as written; the semantic form has an initialiser per field.
  if (!IL->isSemanticForm())
    IL = IL->getSemanticForm();
  if (!IL || IL->isTypeDependent())
    return;
  const RecordDecl *RD = IL->getType()->getAsRecordDecl();
  if (!RD)
    return;
  if (RD->isUnion()) {
    if (const FieldDecl *F = IL->getInitializedFieldInUnion(); F && IL->getNumInits() == 1 &&
                                                               callable(F->getType()))
      flowInto(fieldPlace(F), IL->getInit(0));
    return;
  }
  // The semantic form has an initialiser per field, in order, after the bases (C++).
  unsigned Index = 0;
  if (const auto *CXX = dyn_cast<CXXRecordDecl>(RD); CXX && CXX->hasDefinition())
    Index = CXX->getNumBases();
  for (const FieldDecl *F : RD->fields()) {
    if (Index >= IL->getNumInits())
      break;
    const Expr *Init = IL->getInit(Index++);
    if (callable(F->getType()))
      flowInto(fieldPlace(F), Init);
  }
}

void FunctionValues::arguments(const Expr *Call) {
  if (Call->isTypeDependent() || Call->isValueDependent())
    return;
  const FunctionDecl *Callee = nullptr;
  llvm::SmallVector<const Expr *, 6> Args;
  const Expr *Object = nullptr;
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    Callee = CE->getDirectCallee();
    unsigned First = 0;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
      Object = MC->getImplicitObjectArgument();
    else if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(Callee) &&
             CE->getNumArgs() > 0) {
      Object = CE->getArg(0);
      First = 1;
    }
    for (unsigned A = First; A < CE->getNumArgs(); ++A)
      Args.push_back(CE->getArg(A));
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(Call)) {
    Callee = CE->getConstructor();
    for (const Expr *A : CE->arguments())
      Args.push_back(A);
  }
  if (!Callee)
    return;
  if (isLibraryDecl(Callee, Ctx.getSourceManager())) {
    // tasks.push_back(f), queue.emplace(job): the container holds the callable now.
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (Object && MD && MD->getIdentifier() && insertion(MD->getName()) &&
        callable(Object->getType()))
      for (const Expr *A : Args)
        flowInto(place(Object), A);
    // Assigning a callable wrapper: `cb = f` on a std::function.
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 && callable(OC->getArg(0)->getType()))
      flowInto(place(OC->getArg(0)), OC->getArg(1));
    return;
  }
  std::string Usr = Map.usrOf(Callee);
  if (Usr.empty())
    return;
  for (unsigned A = 0; A < Args.size() && A < Callee->getNumParams(); ++A)
    if (!isa<CXXDefaultArgExpr>(Args[A]) && callable(Callee->getParamDecl(A)->getType()))
      flowInto(Usr + "#" + std::to_string(A), Args[A]);
}

namespace {

class FlowVisitor : public BodyVisitor<FlowVisitor> {
public:
  FlowVisitor(FunctionValues &Values, const std::string &Result)
      : Values(Values), Result(Result) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && FunctionValues::callable(BO->getLHS()->getType()))
      Values.flowInto(Values.place(BO->getLHS()), BO->getRHS());
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (!isa<ParmVarDecl>(V))
      Values.initialise(V, V->getInit());
    return true;
  }
  bool VisitInitListExpr(InitListExpr *IL) {
    Values.initialiseFields(IL);
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    Values.arguments(CE);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    Values.arguments(CE);
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *R) {
    if (!Result.empty() && R->getRetValue())
      Values.flowInto(Result, R->getRetValue());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    // `for (auto &task : tasks)`: the variable holds what the container holds.
    if (VarDecl *V = S->getLoopVariable())
      Values.initialise(V, S->getRangeInit());
    return true;
  }

private:
  FunctionValues &Values;
  std::string Result;
};

}  // namespace

void FunctionValues::scanFunction(const FunctionDecl *FD) {
  const Stmt *Body = FD->getBody();
  if (!Body)
    return;
  std::string Result;
  if (callable(FD->getReturnType()))
    if (std::string Usr = Map.usrOf(FD); !Usr.empty())
      Result = Usr + "#ret";
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (const FieldDecl *F = Init->getMember(); F && Init->isWritten() && callable(F->getType()))
        flowInto(fieldPlace(F), Init->getInit());
  FlowVisitor(*this, Result).TraverseStmt(const_cast<Stmt *>(Body));
}

void FunctionValues::scanGlobal(const VarDecl *V) {
  const Expr *Init = V->getInit();
  if (!Init)
    return;
  initialise(V, Init);
  FlowVisitor(*this, {}).TraverseStmt(const_cast<Expr *>(Init));
}

}  // namespace concurlint
