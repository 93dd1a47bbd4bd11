#include "facts/GlobalAccesses.h"

#include "facts/AstQueries.h"

#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExternalASTSource.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace concurlint {

using namespace clang;

namespace {

/// The function a local belongs to (through blocks and OpenMP's captured regions).
const FunctionDecl *ownerOf(const VarDecl *V) {
  for (const DeclContext *DC = V->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      return FD;
  return nullptr;
}

/// The local an lvalue designates, through its fields and the elements of an array: `x`,
/// `s.f`, `a[i]`, `a[i].f`; null for anything reached through a pointer.
const VarDecl *rootLocal(const Expr *E) {
  for (int Depth = 0; Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(D->getDecl());
      return V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) ? V : nullptr;
    }
    if (const auto *M = dyn_cast<MemberExpr>(E); M && !M->isArrow()) {
      E = M->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E);
        AS && AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType()) {
      E = AS->getBase();
      continue;
    }
    // An element of a standard container held by value: `&shards[i]` of a std::vector.
    if (const Expr *Container = stdContainerOfElement(E)) {
      E = Container;
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// The locals of one function body that threads may share (GlobalAccesses::handedOn).
class HandedOnScan : public RecursiveASTVisitor<HandedOnScan> {
public:
  using FieldTargets =
      llvm::DenseMap<const VarDecl *, std::vector<std::pair<std::string, const VarDecl *>>>;
  HandedOnScan(ASTContext &Ctx, llvm::DenseSet<const VarDecl *> &Out,
               llvm::DenseSet<const VarDecl *> &Pointers, FieldTargets &Targets)
      : Ctx(Ctx), Out(Out), Pointers(Pointers), Targets(Targets) {}

  /// The pointers whose value is handed to a thread start, less those assigned again; the
  /// variables whose address a field of a shared local holds, shared with it.
  void finish() {
    for (const auto &[Holder, Fields] : Targets)
      if (Out.contains(Holder))
        for (const auto &[Part, Target] : Fields)
          if (Target->hasLocalStorage())
            Out.insert(Target);
    for (const VarDecl *V : Reassigned)
      Pointers.erase(V);
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) || pointeeOf(V->getType()).isNull())
      return true;
    // Its value, as it is, converted or copied (a smart pointer), as an argument of a thread
    // start.
    const Expr *E = D;
    for (int Depth = 0; Depth < 8; ++Depth) {
      auto Parents = Ctx.getParents(*E);
      const Expr *P = Parents.empty() ? nullptr : Parents[0].get<Expr>();
      if (!P)
        return true;
      if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
        if (BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == E)
          Reassigned.insert(V);
        return true;
      }
      if (const auto *U = dyn_cast<UnaryOperator>(P)) {
        if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
          Reassigned.insert(V);
        return true;
      }
      if (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<ExplicitCastExpr>(P) ||
          isa<MaterializeTemporaryExpr>(P) || isa<CXXBindTemporaryExpr>(P) ||
          (isa<CallExpr>(P) && movedFrom(P) == E)) {
        E = P;
        continue;
      }
      if (const auto *M = dyn_cast<MemberExpr>(P)) {  // `sp.reset(q)`: another object now
        if (M->getBase() == E && M->getMemberDecl()->getIdentifier() &&
            (M->getMemberDecl()->getName() == "reset" || M->getMemberDecl()->getName() == "swap"))
          Reassigned.insert(V);
        return true;
      }
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {  // `sp = other`
        if (OC->getOperator() == OO_Equal && OC->getNumArgs() > 0 && OC->getArg(0) == E)
          Reassigned.insert(V);
        return true;
      }
      if (const auto *CE = dyn_cast<CallExpr>(P)) {
        if (CE->getCallee() == E)
          return true;
        for (unsigned I = 0; I < CE->getNumArgs(); ++I)
          if (CE->getArg(I) == E && startsThreadWith(CE, I))
            Pointers.insert(V);
        return true;
      }
      if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
        if (libraryThreadStart(CE)) {
          Pointers.insert(V);
        } else if (CE->getConstructor()->isCopyOrMoveConstructor()) {  // a smart pointer's copy
          E = P;
          continue;
        }
        return true;
      }
      return true;
    }
    return true;
  }

  /// `struct args a = {&count, ...}` (a local of record type): the fields given an address.
  bool VisitVarDecl(VarDecl *V) {
    if (!V->hasLocalStorage() || isa<ParmVarDecl>(V) || !V->getInit())
      return true;
    const auto *List = dyn_cast<InitListExpr>(strip(V->getInit()));
    const RecordDecl *RD = V->getType()->getAsRecordDecl();
    if (!List || !RD || RD->isUnion())
      return true;
    if (const InitListExpr *Semantic = List->isSemanticForm() ? List : List->getSemanticForm())
      List = Semantic;
    unsigned Index = 0;
    for (const FieldDecl *Field : RD->fields()) {
      if (Index >= List->getNumInits())
        break;
      addTarget(V, Field, List->getInit(Index++));
    }
    return true;
  }

  /// `a.count = &count;`
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const auto *M = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (!M || M->isArrow())
      return true;
    const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
    const auto *Base = dyn_cast<DeclRefExpr>(M->getBase()->IgnoreParenImpCasts());
    const auto *Holder = Base ? dyn_cast<VarDecl>(Base->getDecl()) : nullptr;
    if (Field && Holder && Holder->hasLocalStorage() && !isa<ParmVarDecl>(Holder))
      addTarget(Holder, Field, BO->getRHS());
    return true;
  }

  /// A lambda's captures: what it captures by reference is shared with where it runs, and so
  /// is what a captured pointer (raw or smart, by copy or by reference) points to.
  bool VisitLambdaExpr(LambdaExpr *LE) {
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar())) {
          if (C.getCaptureKind() == LCK_ByRef)
            Out.insert(V);
          if (V->hasLocalStorage() && !isa<ParmVarDecl>(V) && !pointeeOf(V->getType()).isNull())
            Pointers.insert(V);
        }
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->getOpcode() == UO_AddrOf)
      if (const VarDecl *V = rootLocal(U->getSubExpr()); V && passedOn(U))
        Out.insert(V);
    return true;
  }

  bool VisitImplicitCastExpr(ImplicitCastExpr *IC) {
    if (IC->getCastKind() == CK_ArrayToPointerDecay)
      if (const VarDecl *V = rootLocal(IC->getSubExpr()); V && passedOn(IC))
        Out.insert(V);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return true;
    if (FD->getIdentifier() && (FD->getName() == "ref" || FD->getName() == "cref") &&
        FD->isInStdNamespace() && CE->getNumArgs() == 1) {
      if (const VarDecl *V = rootLocal(CE->getArg(0)))
        Out.insert(V);
      return true;
    }
    unsigned Shift = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) ? 1 : 0;
    for (unsigned I = Shift; I < CE->getNumArgs(); ++I)
      referencedBy(FD, I - Shift, CE->getArg(I), CE);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      referencedBy(CE->getConstructor(), I, CE->getArg(I), CE);
    return true;
  }

private:
  /// Field `Field` of the local `Holder` is given `Value`: when that is a variable's address
  /// (`&count`, a global's or a local's), the field holds that variable.
  void addTarget(const VarDecl *Holder, const FieldDecl *Field, const Expr *Value) {
    const auto *U = dyn_cast<UnaryOperator>(strip(Value));
    if (!U || U->getOpcode() != UO_AddrOf || !Field->getType()->isPointerType())
      return;
    const auto *D = dyn_cast<DeclRefExpr>(strip(U->getSubExpr()));
    const auto *Target = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
    if (!Target || isa<ParmVarDecl>(Target) || Target == Holder)
      return;
    Targets[Holder].push_back({"." + Field->getNameAsString(), Target});
  }

  /// An argument bound to a reference parameter of a function of the program. (A library's
  /// thread start takes its arguments by forwarding reference but copies them.)
  void referencedBy(const FunctionDecl *FD, unsigned Param, const Expr *Arg, const Expr *Call) {
    if (Param >= FD->getNumParams())
      return;
    QualType T = FD->getParamDecl(Param)->getType();
    if (!T->isReferenceType() || T.getNonReferenceType().isConstQualified() || !handsOn(Call) ||
        libraryThreadStart(Call))
      return;
    if (const VarDecl *V = rootLocal(Arg))
      Out.insert(V);
  }

  /// Whether a pointer flows, as it is or converted, into an argument of a call that hands it on.
  bool passedOn(const Expr *E) const {
    for (int Depth = 0; Depth < 8; ++Depth) {
      auto Parents = Ctx.getParents(*E);
      if (Parents.empty())
        return false;
      const auto *P = Parents[0].get<Expr>();
      if (!P)
        return false;
      // `&c` bound to a forwarding reference (`std::thread(&C::run, &c)`) is materialised.
      if (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<ExplicitCastExpr>(P) ||
          isa<MaterializeTemporaryExpr>(P)) {
        E = P;
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(P);
          BO && BO->isAdditiveOp() && BO->getType()->isPointerType()) {  // `args + i`
        E = P;
        continue;
      }
      if (const auto *CE = dyn_cast<CallExpr>(P))
        return CE->getCallee() != E && handsOn(CE);
      if (isa<CXXConstructExpr>(P))
        return handsOn(P);
      return false;
    }
    return false;
  }

  /// Whether a call hands what it is given to code that may run on another thread: a function
  /// of the program (which may start one, or pass it on), a call through a pointer, or a
  /// library's thread start (pthread_create, thrd_create, std::thread, std::async, a vector of
  /// threads' emplace_back).
  bool handsOn(const Expr *Call) const {
    const Decl *Callee = nullptr;
    std::string Context;
    if (const auto *CE = dyn_cast<CallExpr>(Call)) {
      Callee = CE->getCalleeDecl();
      if (!Callee)
        return true;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
        if (const Expr *Obj = MC->getImplicitObjectArgument())
          Context = Obj->getType().getAsString();
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(Call)) {
      Callee = CE->getConstructor();
      Context = CE->getType().getAsString();
    } else {
      return false;
    }
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Loc = SM.getFileLoc(Callee->getLocation());
    if (Loc.isValid() && !SM.isInSystemHeader(Loc))
      return true;
    std::string Name;
    if (const auto *ND = dyn_cast<NamedDecl>(Callee))
      Name = ND->getQualifiedNameAsString();
    std::string All = llvm::StringRef(Name + " " + Context).lower();
    return llvm::StringRef(All).contains("thread") || llvm::StringRef(All).contains("thrd_") ||
           llvm::StringRef(All).contains("async");
  }

  /// Whether argument `Arg` of a call is what a thread runs with: of a library's thread start,
  /// or a `void *` parameter of a function of the program (a start helper's argument).
  bool startsThreadWith(const CallExpr *CE, unsigned Arg) const {
    if (libraryThreadStart(CE))
      return true;
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || Arg >= FD->getNumParams() || !handsOn(CE))
      return false;
    QualType T = FD->getParamDecl(Arg)->getType();
    return T->isVoidPointerType();
  }

  /// A call of the libraries that starts a thread (handsOn() for a system callee).
  bool libraryThreadStart(const Expr *Call) const {
    const Decl *Callee = nullptr;
    if (const auto *CE = dyn_cast<CallExpr>(Call))
      Callee = CE->getCalleeDecl();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Call))
      Callee = CE->getConstructor();
    if (!Callee)
      return false;
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation Loc = SM.getFileLoc(Callee->getLocation());
    return Loc.isValid() && SM.isInSystemHeader(Loc) && handsOn(Call);
  }

  ASTContext &Ctx;
  llvm::DenseSet<const VarDecl *> &Out;
  llvm::DenseSet<const VarDecl *> &Pointers;
  FieldTargets &Targets;
  llvm::DenseSet<const VarDecl *> Reassigned;
};

}  // namespace

GlobalAccesses::GlobalAccesses(ASTContext &Ctx, SourceMapper &Map, std::vector<GlobalFact> &Globals)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Map(Map), Globals(Globals) {}

bool GlobalAccesses::isTracked(const VarDecl *V) const {
  if (!V || isa<ParmVarDecl>(V))
    return false;
  if (!V->hasGlobalStorage() && !(V->hasLocalStorage() && handedOn(V)))
    return false;
  if (V->getTLSKind() != VarDecl::TLS_None || V->isConstexpr())
    return false;
  QualType T = V->getType();
  if (T.isConstQualified() || T->isReferenceType() || isAtomicType(T))
    return false;
  if (T->isArrayType() && Ctx.getAsArrayType(T)->getElementType().isConstQualified())
    return false;
  SourceLocation Loc = SM.getFileLoc(V->getLocation());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return false;
  return true;
}

const GlobalAccesses::SharedLocals &GlobalAccesses::sharedLocalsOf(const VarDecl *V) const {
  static const SharedLocals None;
  const FunctionDecl *FD = ownerOf(V);
  if (!FD || !FD->hasBody())
    return None;
  auto [It, New] = HandedOn.try_emplace(FD);
  if (New) {
    HandedOnScan Scan(Ctx, It->second.objects, It->second.pointers, It->second.fieldTargets);
    Scan.TraverseStmt(FD->getBody());
    Scan.finish();
  }
  return It->second;
}

bool GlobalAccesses::handedOn(const VarDecl *V) const {
  return sharedLocalsOf(V).objects.contains(V);
}

bool GlobalAccesses::pointeeShared(const VarDecl *V) const {
  if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V))
    return false;
  QualType Pointee = pointeeOf(V->getType());
  if (Pointee.isNull())
    return false;
  if (Pointee.isConstQualified() || Pointee->isVoidType() || Pointee->isFunctionType() ||
      isAtomicType(Pointee) || isSyncType(Pointee))
    return false;
  return sharedLocalsOf(V).pointers.contains(V);
}

std::string GlobalAccesses::objectSlot(const VarDecl *V) {
  DynTypedNode Node = DynTypedNode::create(*V);
  for (int Depth = 0; Depth < 64; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return {};
    DynTypedNode Parent = Parents[0];
    const Stmt *Child = Node.get<Stmt>();
    if (const auto *F = Parent.get<ForStmt>(); F && Child == F->getBody())
      return Map.usrOf(V);
    if (const auto *W = Parent.get<WhileStmt>(); W && Child == W->getBody())
      return Map.usrOf(V);
    if (const auto *D = Parent.get<DoStmt>(); D && Child == D->getBody())
      return Map.usrOf(V);
    if (Parent.get<FunctionDecl>() || Parent.get<LambdaExpr>())
      return {};
    Node = Parent;
  }
  return {};
}

void GlobalAccesses::noteObject(const VarDecl *Pointer) {
  std::string U = Map.usrOf(Pointer);
  if (U.empty() || !GlobalsSeen.insert(U + "*").second)
    return;
  GlobalFact G;
  G.usr = U + "*";
  G.name = "(*" + Pointer->getName().str() + ")";
  G.spelling = G.name;
  QualType T = pointeeOf(Pointer->getType());
  G.type = canonicalTypeName(T);
  if (G.type.empty())
    G.type = T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
  G.typeSpelling = T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
  G.c = !LO.CPlusPlus;
  G.isVolatile = T.isVolatileQualified();
  if (const FunctionDecl *Owner = ownerOf(Pointer))
    G.owner = Map.usrOf(Owner);
  Globals.push_back(std::move(G));
}

namespace {
const LambdaExpr *enclosingLambda(ASTContext &Ctx, const Stmt *S);
}  // namespace

std::string GlobalAccesses::thisObject(const CXXThisExpr *This, const CXXRecordDecl *Class) {
  if (!Class)
    return {};
  for (const LambdaExpr *LE = enclosingLambda(Ctx, This); LE; LE = enclosingLambda(Ctx, LE))
    if (llvm::any_of(LE->captures(), [](const LambdaCapture &C) {
          return C.capturesThis() && C.getCaptureKind() == LCK_StarThis;
        }))
      return {};  // `[*this]`: the lambda's own copy
  Class = Class->getCanonicalDecl();
  std::string U = Map.usrOf(Class);
  if (U.empty())
    return {};
  U = "this:" + U;
  if (!GlobalsSeen.insert(U).second)
    return U;
  GlobalFact G;
  G.usr = U;
  G.name = canonicalName(Class);
  G.spelling = "this";
  G.type = G.name;
  G.typeSpelling = G.name;
  G.c = !LO.CPlusPlus;
  G.thisObject = true;
  Globals.push_back(std::move(G));
  return U;
}

namespace {

/// The innermost lambda around `S` (through the call operator of its class), or null.
const LambdaExpr *enclosingLambda(ASTContext &Ctx, const Stmt *S) {
  DynTypedNode Node = DynTypedNode::create(*S);
  for (int Depth = 0; Depth < 128; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return nullptr;
    Node = Parents[0];
    if (const auto *LE = Node.get<LambdaExpr>())
      return LE;
    if (const auto *FD = Node.get<FunctionDecl>(); FD && !isLambdaCallOperator(FD))
      return nullptr;
  }
  return nullptr;
}

std::optional<LambdaCaptureKind> captureOf(const LambdaExpr *LE, const VarDecl *V) {
  for (const LambdaCapture &C : LE->captures())
    if (C.capturesVariable() && C.getCapturedVar() == V)
      return C.getCaptureKind();
  return std::nullopt;
}

}  // namespace

bool GlobalAccesses::namesSharedObject(const DeclRefExpr *D, const VarDecl *V) const {
  if (!V->hasLocalStorage() || !D->refersToEnclosingVariableOrCapture())
    return true;
  const LambdaExpr *LE = enclosingLambda(Ctx, D);
  if (!LE)
    return true;  // a block's or an OpenMP region's: the object itself
  return captureOf(LE, V) != LCK_ByCopy;
}

namespace {

/// Whether the body of `V`'s function assigns `V` after its declaration (`=`, compound
/// assignment, `++`/`--`) or takes its address.
class AssignmentFinder : public RecursiveASTVisitor<AssignmentFinder> {
public:
  explicit AssignmentFinder(const VarDecl *V) : V(V) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && names(BO->getLHS()))
      Found = true;
    return !Found;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if ((U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) && names(U->getSubExpr()))
      Found = true;
    return !Found;
  }
  bool Found = false;

private:
  bool names(const Expr *E) const {
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return D && D->getDecl() == V;
  }
  const VarDecl *V;
};

}  // namespace

bool GlobalAccesses::assigned(const VarDecl *V) {
  auto [It, New] = Assigned.try_emplace(V, true);
  if (New)
    if (const FunctionDecl *FD = ownerOf(V); FD && FD->hasBody()) {
      AssignmentFinder Finder(V);
      Finder.TraverseStmt(FD->getBody());
      It->second = Finder.Found;
    }
  return It->second;
}

std::optional<unsigned> GlobalAccesses::parameterValue(const VarDecl *V) {
  const auto *P = dyn_cast<ParmVarDecl>(V);
  if (!P && V->hasLocalStorage() && V->getInit())
    if (const auto *D = dyn_cast<DeclRefExpr>(strip(V->getInit())))
      if ((P = dyn_cast<ParmVarDecl>(D->getDecl())) && assigned(V))
        return std::nullopt;
  if (!P || assigned(P))
    return std::nullopt;
  return P->getFunctionScopeIndex();
}

std::string GlobalAccesses::claimedFrom(const Expr *E) {
  E = strip(E);
  const Expr *Counter = nullptr;
  if (const auto *A = dyn_cast<AtomicExpr>(E)) {
    switch (A->getOp()) {
    case AtomicExpr::AO__c11_atomic_fetch_add:
    case AtomicExpr::AO__c11_atomic_fetch_sub:
    case AtomicExpr::AO__atomic_fetch_add:
    case AtomicExpr::AO__atomic_fetch_sub:
    case AtomicExpr::AO__atomic_add_fetch:
    case AtomicExpr::AO__atomic_sub_fetch:
      Counter = A->getPtr();
      break;
    default:
      return {};
    }
    // By a constant other than 0: no two claims return one value (until it wraps).
    Expr::EvalResult R;
    const Expr *Step = A->getVal1();
    if (!Step || Step->isValueDependent() || !Step->EvaluateAsInt(R, Ctx) || R.Val.getInt().isZero())
      return {};
  } else if (const auto *M = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = M->getMethodDecl();
    const Expr *Object = M->getImplicitObjectArgument();
    if (!MD || !MD->getIdentifier() || !Object || !isAtomicType(Object->getType()) ||
        !(MD->getName() == "fetch_add" || MD->getName() == "fetch_sub") || M->getNumArgs() < 1)
      return {};
    Expr::EvalResult R;
    const Expr *Step = M->getArg(0);
    if (Step->isValueDependent() || !Step->EvaluateAsInt(R, Ctx) || R.Val.getInt().isZero())
      return {};
    Counter = Object;
  } else if (const auto *O = dyn_cast<CXXOperatorCallExpr>(E)) {
    if ((O->getOperator() != OO_PlusPlus && O->getOperator() != OO_MinusMinus) ||
        O->getNumArgs() < 1 || !isAtomicType(O->getArg(0)->getType()))
      return {};
    Counter = O->getArg(0);
  } else if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (!U->isIncrementDecrementOp() || !U->getSubExpr()->getType()->isAtomicType())
      return {};
    Counter = U->getSubExpr();
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    // `__sync_fetch_and_add(&next, 1)`, `__sync_add_and_fetch(&next, 1)`.
    const FunctionDecl *FD = CE->getDirectCallee();
    llvm::StringRef Name = FD && FD->getIdentifier() ? FD->getName() : "";
    if (!Name.starts_with("__sync_fetch_and_add") && !Name.starts_with("__sync_add_and_fetch") &&
        !Name.starts_with("__sync_fetch_and_sub") && !Name.starts_with("__sync_sub_and_fetch"))
      return {};
    Expr::EvalResult R;
    if (CE->getNumArgs() < 2 || CE->getArg(1)->isValueDependent() ||
        !CE->getArg(1)->EvaluateAsInt(R, Ctx) || R.Val.getInt().isZero())
      return {};
    Counter = CE->getArg(0);
  } else {
    return {};
  }
  // The counter by its declaration: a variable (global, or a local the threads share) or a
  // field.
  Counter = strip(Counter);
  if (const auto *U = dyn_cast<UnaryOperator>(Counter); U && U->getOpcode() == UO_AddrOf)
    Counter = strip(U->getSubExpr());
  const ValueDecl *D = nullptr;
  if (const auto *R = dyn_cast<DeclRefExpr>(Counter))
    D = dyn_cast<VarDecl>(R->getDecl());
  else if (const auto *M = dyn_cast<MemberExpr>(Counter))
    D = dyn_cast<FieldDecl>(M->getMemberDecl());
  if (!D || isa<ParmVarDecl>(D))
    return {};
  return Map.usrOf(D);
}

std::string GlobalAccesses::slotOf(const Expr *Index) {
  if (!Index)
    return {};
  const auto *D = dyn_cast<DeclRefExpr>(strip(Index));
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  if (!V)
    return {};
  // The value a thread was started with (`(void *)i`, the start loop's variable): the thread's.
  if (!D->refersToEnclosingVariableOrCapture())
    if (std::optional<unsigned> Param = parameterValue(V))
      return "param:" + std::to_string(*Param);
  if (!V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
      !V->getType()->isIntegralOrEnumerationType())
    return {};
  // An index claimed from an atomic counter and kept (`size_t i = next.fetch_add(1);`): every
  // claim gets another value, whichever thread makes it.
  if (V->getInit() && !assigned(V))
    if (std::string Counter = claimedFrom(V->getInit()); !Counter.empty())
      return "claim:" + Counter;
  bool Copy = false;
  DynTypedNode Node = DynTypedNode::create(*Index);
  for (int Depth = 0; Depth < 128; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return {};
    DynTypedNode Parent = Parents[0];
    if (const auto *LE = Parent.get<LambdaExpr>()) {
      std::optional<LambdaCaptureKind> Kind = captureOf(LE, V);
      if (Kind == LCK_ByRef)
        return {};  // the thread reads the variable as it changes
      Copy |= Kind == LCK_ByCopy;
    } else if (const auto *FS = Parent.get<ForStmt>()) {
      // In the body of a loop whose increment steps V: a value of its own per iteration.
      if (Node.get<Stmt>() == FS->getBody() && FS->getInc() && refersTo(FS->getInc(), V))
        return (Copy ? "copy:" : "") + Map.usrOf(V);
    } else if (const auto *FD = Parent.get<FunctionDecl>(); FD && !isLambdaCallOperator(FD)) {
      return {};
    }
    Node = Parent;
  }
  return {};
}

std::string GlobalAccesses::aliasTarget(const VarDecl *V, bool &Pointer) {
  Pointer = false;
  if (!V || V->hasGlobalStorage())
    return {};
  if (pointeeShared(V)) {  // the object a handed-on pointer points to
    Pointer = true;
    noteObject(V);
    return Map.usrOf(V) + "*";
  }
  if (const auto *Parm = dyn_cast<ParmVarDecl>(V)) {
    QualType T = Parm->getType();
    // A smart pointer, by value or by reference: a handle on the caller's object.
    if (!T->isPointerType() && !pointeeOf(T.getNonReferenceType()).isNull()) {
      Pointer = true;
      return "param:" + std::to_string(Parm->getFunctionScopeIndex());
    }
    if (!T->isReferenceType() && !T->isPointerType())
      return {};
    if (T->getPointeeType().isConstQualified() && T->isReferenceType())
      return {};  // a const reference parameter only reads; its callers' loads are enough
    QualType Pointee = T->getPointeeType();
    if (isAtomicType(Pointee) || isSyncType(Pointee))
      return {};  // an atomic or a mutex: what is done through it is no data access
    Pointer = T->isPointerType();
    return "param:" + std::to_string(Parm->getFunctionScopeIndex());
  }
  const Expr *Init = V->getInit();
  if (!Init)
    return {};
  QualType T = V->getType();
  if (T->isReferenceType()) {
    if (const auto *D = dyn_cast<DeclRefExpr>(strip(Init)))
      if (const auto *G = dyn_cast<VarDecl>(D->getDecl()); G && isTracked(G)) {
        noteGlobal(G);
        return Map.usrOf(G);
      }
    return {};
  }
  if (T->isPointerType()) {
    const Expr *I = strip(Init);
    if (const auto *U = dyn_cast<UnaryOperator>(I); U && U->getOpcode() == UO_AddrOf) {
      if (const auto *D = dyn_cast<DeclRefExpr>(strip(U->getSubExpr())))
        if (const auto *G = dyn_cast<VarDecl>(D->getDecl()); G && isTracked(G)) {
          Pointer = true;
          noteGlobal(G);
          return Map.usrOf(G);
        }
      return {};
    }
    if (const auto *D = dyn_cast<DeclRefExpr>(I))
      if (const auto *Parm = dyn_cast<ParmVarDecl>(D->getDecl());
          Parm && Parm->getType()->isPointerType()) {
        Pointer = true;
        return "param:" + std::to_string(Parm->getFunctionScopeIndex());
      }
  }
  return {};
}

void GlobalAccesses::noteGlobal(const VarDecl *V) {
  std::string U = Map.usrOf(V);
  if (U.empty() || !GlobalsSeen.insert(U).second)
    return;
  GlobalFact G;
  G.usr = U;
  G.name = V->hasLocalStorage() ? V->getName().str() : canonicalName(V);
  G.spelling = V->isStaticLocal() ? V->getName().str() : G.name;
  if (V->hasLocalStorage())
    if (const FunctionDecl *Owner = ownerOf(V))
      G.owner = Map.usrOf(Owner);
  QualType T = V->getType();
  G.type = canonicalTypeName(T);
  if (G.type.empty())
    G.type = T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
  G.typeSpelling = T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
  const auto *BT = T->getAs<BuiltinType>();
  G.integral = BT && BT->isInteger() && !BT->isBooleanType();  // atomic<bool> has no |= or ++
  G.functionLocal = V->isStaticLocal();
  G.member = V->isStaticDataMember();
  G.c = !LO.CPlusPlus;
  G.isVolatile = T.isVolatileQualified() ||
                 (T->isArrayType() && Ctx.getBaseElementType(T).isVolatileQualified());
  if (V->hasLocalStorage()) {
    const SharedLocals &Shared = sharedLocalsOf(V);
    auto Fields = Shared.fieldTargets.find(V);
    if (Fields != Shared.fieldTargets.end())
      for (const auto &[Part, Target] : Fields->second)
        if (isTracked(Target)) {
          noteGlobal(Target);
          G.fieldTargets.push_back({Part, Map.usrOf(Target)});
        }
  }
  for (const VarDecl *R : V->redecls()) {
    VarDeclFact D;
    SourceLocation Begin = R->getBeginLoc(), End = R->getEndLoc();
    D.inMacro = Begin.isMacroID() || End.isMacroID() || R->getLocation().isMacroID();
    if (TypeSourceInfo *TSI = R->getTypeSourceInfo())
      D.type = Map.span(writtenTypeRange(TSI->getTypeLoc(), SM, LO));
    SourceLocation AfterSemi = Lexer::findLocationAfterToken(
        SM.getFileLoc(End), tok::semi, SM, LO, /*SkipTrailingWhitespaceAndNewLine=*/false);
    if (AfterSemi.isValid())
      D.declaration = Map.span(SourceRange(Begin, AfterSemi.getLocWithOffset(-1)));
    else
      D.declaration = Map.span(R->getSourceRange());
    // A system header's declaration is never rewritten: its neighbours are not looked for.
    D.alone = AfterSemi.isValid() && !SM.isInSystemHeader(SM.getFileLoc(R->getLocation())) &&
              !sharesItsBegin(R);
    D.definition = R->isThisDeclarationADefinition() == VarDecl::Definition ||
                   R->isThisDeclarationADefinition() == VarDecl::TentativeDefinition;
    if (D.type.valid() && D.declaration.valid())
      G.decls.push_back(std::move(D));
  }
  Globals.push_back(std::move(G));
}

bool GlobalAccesses::sharesItsBegin(const VarDecl *R) {
  const DeclContext *DC = R->getDeclContext();
  SourceLocation Begin = R->getBeginLoc();
  // The TU's declarations in a precompiled preamble are not all loaded (topLevelDeclsInScope
  // leaves some out): the preamble is asked for those written around R, by where they are.
  if (isa<TranslationUnitDecl>(DC) && DC->hasExternalLexicalStorage() && R->isFromASTFile()) {
    ExternalASTSource *PCH = Ctx.getExternalSource();
    auto [File, From] = SM.getDecomposedLoc(SM.getFileLoc(Begin));
    auto [EndFile, To] = SM.getDecomposedLoc(SM.getFileLoc(R->getEndLoc()));
    llvm::SmallVector<Decl *, 8> Near;
    if (PCH)
      PCH->FindFileRegionDecls(File, From, EndFile == File && To > From ? To - From : 0, Near);
    return llvm::any_of(Near, [&](const Decl *D) { return D != R && D->getBeginLoc() == Begin; });
  }
  auto [It, Made] = Begins.try_emplace(DC);
  if (Made) {
    auto Note = [&](const Decl *D) {
      auto &[First, Count] = It->second[D->getBeginLoc()];
      if (!Count++)
        First = D;
    };
    // Until the preamble's are loaded, the TU lists the main file's declarations: R's.
    if (isa<TranslationUnitDecl>(DC) && DC->hasExternalLexicalStorage()) {
      for (const Decl *D : DC->noload_decls())
        Note(D);
    } else {
      for (const Decl *D : DC->decls())
        Note(D);
    }
  }
  // R is not among them when its context is not where it is written (`int S::x = 1;`).
  auto Here = It->second.find(Begin);
  return Here != It->second.end() && (Here->second.second > 1 || Here->second.first != R);
}

const Expr *GlobalAccesses::parentExpr(const Expr *E, const Stmt *&ParentStmt) const {
  ParentStmt = nullptr;
  auto Parents = Ctx.getParents(*E);
  if (Parents.empty())
    return nullptr;
  ParentStmt = Parents[0].get<Stmt>();
  return dyn_cast_or_null<Expr>(ParentStmt);
}

bool GlobalAccesses::sameVar(const Expr *A, const VarDecl *V) {
  if (const auto *D = dyn_cast<DeclRefExpr>(strip(A)))
    return D->getDecl() == V;
  return false;
}

GlobalAccesses::Use GlobalAccesses::classify(const Expr *E, const VarDecl *V) {
  Use U;
  const Expr *Cur = E;
  for (int Depth = 0; Depth < 16; ++Depth) {
    const Stmt *PS;
    const Expr *P = parentExpr(Cur, PS);
    if (!P) {
      // `int &r = g;` binds a reference: the accesses are made through r.
      auto Parents = Ctx.getParents(*Cur);
      if (!Parents.empty())
        if (const auto *VD = Parents[0].get<VarDecl>(); VD && VD->getType()->isReferenceType())
          U.skip = true;
      return U;  // a statement of its own, a condition: a read
    }
    if (isa<ParenExpr>(P) || isa<MaterializeTemporaryExpr>(P) || isa<CXXBindTemporaryExpr>(P) ||
        isa<ExprWithCleanups>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(P)) {
      if (IC->getCastKind() == CK_LValueToRValue) {
        const Stmt *GS;
        const Expr *G = parentExpr(IC, GS);
        U.form = U.suffix.empty() ? AccessForm::Load : AccessForm::Other;
        if (U.suffix.empty() && needsExplicitLoad(IC, G))
          U.form = AccessForm::CallArg;
        return U;
      }
      if (IC->getCastKind() == CK_ArrayToPointerDecay || IC->getCastKind() == CK_NoOp ||
          IC->getCastKind() == CK_DerivedToBase || IC->getCastKind() == CK_UncheckedDerivedToBase) {
        Cur = P;
        continue;
      }
      return U;  // other conversions read the value
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P)) {
      if (strip(AS->getBase()) == strip(Cur) || AS->getBase()->IgnoreParenImpCasts() == Cur) {
        if (U.suffix.empty())
          U.index = AS->getIdx();
        U.suffix += "[]";
        U.pathSuffix += "[]";
        Cur = P;
        continue;
      }
      return U;  // used as an index: read
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (ME->isArrow())
        return U;  // reads the pointer; what it points to is not this variable
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
        if (isSyncType(FD->getType())) {  // a mutex member: locking it is no data access
          U.skip = true;
          return U;
        }
        U.suffix += "." + FD->getName().str();
        U.pathSuffix += "." + FD->getName().str();
        Cur = P;
        continue;
      }
      if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
        return methodUse(U, MD, ME, V);
      return U;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      switch (UO->getOpcode()) {
      case UO_PreInc:
      case UO_PostInc:
        U.write = true;
        U.form = U.suffix.empty() ? AccessForm::Inc : AccessForm::Other;
        return U;
      case UO_PreDec:
      case UO_PostDec:
        U.write = true;
        U.form = U.suffix.empty() ? AccessForm::Dec : AccessForm::Other;
        return U;
      case UO_AddrOf:
        return addressUse(U, UO);
      default:
        return U;
      }
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->getLHS()->IgnoreParens() != Cur && strip(BO->getLHS()) != strip(Cur))
        return U;
      if (BO->getOpcode() == BO_Assign) {
        U.write = true;
        // `x = x * 3`: as two atomic operations the update could still be lost.
        U.form = !U.suffix.empty()            ? AccessForm::Other
                 : selfOp(BO->getRHS(), V)    ? AccessForm::SelfOp
                 : refersTo(BO->getRHS(), V)  ? AccessForm::Other
                                              : AccessForm::Store;
        return U;
      }
      if (BO->isCompoundAssignmentOp()) {
        U.write = true;
        BinaryOperatorKind K = BO->getOpcode();
        bool Supported = K == BO_AddAssign || K == BO_SubAssign || K == BO_AndAssign ||
                         K == BO_OrAssign || K == BO_XorAssign;
        U.form = U.suffix.empty() && Supported ? AccessForm::Compound : AccessForm::Other;
        return U;
      }
      return U;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (OC->getNumArgs() == 0 || strip(OC->getArg(0)) != strip(Cur))
        return argumentUse(U, OC, Cur);
      OverloadedOperatorKind K = OC->getOperator();
      if (K == OO_Subscript) {
        std::string Class = canonicalTypeName(OC->getArg(0)->getType());
        if (isStdContainer(Class) && !isAssociative(Class)) {
          if (U.suffix.empty() && OC->getNumArgs() > 1)
            U.index = OC->getArg(1);
          U.suffix += "[]";
          U.pathSuffix += "[]";
          Cur = P;
          continue;
        }
      }
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee())) {
        U.write = !MD->isConst();
        return U;
      }
      return argumentUse(U, OC, Cur);
    }
    if (const auto *CE = dyn_cast<CallExpr>(P))
      return argumentUse(U, CE, Cur);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      std::string Class = canonicalName(CE->getConstructor()->getParent());
      if (Class == "std::atomic_ref") {
        U.atomic = true;
        U.write = true;
        return U;
      }
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        if (strip(CE->getArg(I)) == strip(Cur) && I < CE->getConstructor()->getNumParams()) {
          QualType PT = CE->getConstructor()->getParamDecl(I)->getType();
          U.write = PT->isReferenceType() && !PT.getNonReferenceType().isConstQualified() &&
                    !PT->isRValueReferenceType();
          if (PT->isRValueReferenceType())
            U.write = true;  // moved from
        }
      return U;
    }
    if (isa<UnaryExprOrTypeTraitExpr>(P) || isa<CXXTypeidExpr>(P)) {
      U.skip = true;
      return U;
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(P)) {
      // A capture by reference binds a reference (the lambda's accesses are recorded in its
      // body); one by copy reads the variable when the lambda is made.
      auto Capture = LE->capture_begin();
      for (const Expr *Init : LE->capture_inits()) {
        if (Init == Cur && Capture != LE->capture_end() &&
            Capture->getCaptureKind() == LCK_ByRef)
          U.skip = true;
        if (Capture != LE->capture_end())
          ++Capture;
      }
      return U;
    }
    return U;
  }
  return U;
}

bool GlobalAccesses::needsExplicitLoad(const Expr *Load, const Expr *Parent) const {
  if (Parent)
    return (isa<CallExpr>(Parent) && !isa<CXXOperatorCallExpr>(Parent)) ||
           isa<ConditionalOperator>(Parent) || isa<InitListExpr>(Parent) ||
           isa<CXXConstructExpr>(Parent) || isa<LambdaExpr>(Parent);
  auto Parents = Ctx.getParents(*Load);
  if (Parents.empty())
    return false;
  if (const auto *VD = Parents[0].get<VarDecl>())
    return VD->getType()->getContainedDeducedType() != nullptr ||
           VD->getType()->isUndeducedType() ||
           (VD->getTypeSourceInfo() &&
            VD->getTypeSourceInfo()->getType()->getContainedDeducedType());
  if (Parents[0].get<ReturnStmt>())
    return true;  // the function may deduce its return type (auto, lambdas)
  return false;
}

bool GlobalAccesses::selfOp(const Expr *RHS, const VarDecl *V) {
  const auto *BO = dyn_cast<BinaryOperator>(RHS->IgnoreParenImpCasts());
  if (!BO)
    return false;
  BinaryOperatorKind K = BO->getOpcode();
  if (K != BO_Add && K != BO_Sub && K != BO_And && K != BO_Or && K != BO_Xor)
    return false;
  if (sameVar(BO->getLHS(), V))
    return !refersTo(BO->getRHS(), V);
  if (K != BO_Sub && sameVar(BO->getRHS(), V))
    return !refersTo(BO->getLHS(), V);
  return false;
}

GlobalAccesses::Use GlobalAccesses::methodUse(Use U, const CXXMethodDecl *MD, const MemberExpr *ME,
                                              const VarDecl *V) {
  std::string Class = canonicalName(MD->getParent());
  std::string Name = MD->getNameAsString();
  const Expr *Base = ME->getBase();
  std::string BaseClass = canonicalTypeName(Base->getType());
  if (isStdContainer(BaseClass)) {
    if (readsObjectOnly(Name)) {
      U.suffix += "#";
      return U;
    }
    if (isElementAccessor(Name) && !(Name == "operator[]" && isAssociative(BaseClass))) {
      // The element the call returns: how is it used?
      const Stmt *PS;
      const Expr *Call = parentExpr(ME, PS);
      if (Call && isa<CXXMemberCallExpr>(Call)) {
        Use Element = classify(Call, V);
        Element.suffix = U.suffix + "[]" + Element.suffix;
        Element.pathSuffix = U.pathSuffix + "[]" + Element.pathSuffix;
        if (Element.form != AccessForm::Other)
          Element.form = AccessForm::Other;
        return Element;
      }
      return U;
    }
  }
  if (Class == "std::atomic_ref") {
    U.atomic = true;
    return U;
  }
  // A method of the program: what it does to the object is recorded in its body, through
  // `this` (GlobalAccesses::thisObject), where the object it runs on is known to be shared.
  if (!isLibraryDecl(MD, SM)) {
    U.skip = true;
    return U;
  }
  U.write = !MD->isConst();
  return U;
}

GlobalAccesses::Use GlobalAccesses::addressUse(Use U, const UnaryOperator *AddrOf) const {
  const Stmt *PS;
  const Expr *P = parentExpr(AddrOf, PS);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<ExplicitCastExpr>(P)))
    P = parentExpr(P, PS);
  if (const auto *CE = dyn_cast_or_null<CallExpr>(P)) {
    if (const FunctionDecl *FD = CE->getDirectCallee()) {
      llvm::StringRef Name = FD->getName();
      if (Name.starts_with("__atomic") || Name.starts_with("__sync") ||
          Name.starts_with("atomic_")) {
        U.atomic = true;
        U.write = true;
        return U;
      }
      // Thread starts and calls into the program's own functions pass the address on: what
      // the callee does with it is recorded in its body ("param:N"), in whichever file.
      SourceLocation Loc = SM.getFileLoc(FD->getLocation());
      if (Name == "pthread_create" || Name == "thrd_create" || definedInWholeParse(FD) ||
          (Loc.isValid() && !SM.isInSystemHeader(Loc))) {
        U.form = AccessForm::Address;
        return U;
      }
      for (unsigned I = 0; I < CE->getNumArgs() && I < FD->getNumParams(); ++I)
        if (strip(CE->getArg(I)) == AddrOf || CE->getArg(I)->IgnoreParenCasts() == AddrOf) {
          QualType PT = FD->getParamDecl(I)->getType();
          U.write = !(PT->isPointerType() && PT->getPointeeType().isConstQualified());
          U.form = AccessForm::Other;
          return U;
        }
      U.write = true;  // variadic: assume the worst
      U.form = AccessForm::Other;
      return U;
    }
  }
  // Taken and stored: not an access itself (accesses through the pointer are tracked where
  // simple), but the variable's address escapes, which rules out changing its type.
  U.form = AccessForm::Address;
  return U;
}

GlobalAccesses::Use GlobalAccesses::argumentUse(Use U, const CallExpr *CE,
                                                const Expr *Arg) const {
  const FunctionDecl *FD = CE->getDirectCallee();
  U.form = AccessForm::Other;
  if (!FD)
    return U;
  unsigned Shift = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) ? 1 : 0;
  llvm::StringRef Name = FD->getName();
  if (FD->getQualifiedNameAsString() == "std::ref" || Name == "ref" || Name == "cref") {
    U.skip = true;  // std::ref(g) passed to a thread: bound at the thread start
    return U;
  }
  for (unsigned I = Shift; I < CE->getNumArgs(); ++I) {
    if (strip(CE->getArg(I)) != strip(Arg))
      continue;
    unsigned ParamIndex = I - Shift;
    if (ParamIndex >= FD->getNumParams())
      return U;  // variadic: passed by value
    QualType PT = FD->getParamDecl(ParamIndex)->getType();
    if (PT->isReferenceType()) {
      // A callee with a body records its own accesses through the reference ("param:N").
      if (definedInWholeParse(FD) && !PT.getNonReferenceType().isConstQualified()) {
        U.skip = true;
        return U;
      }
      U.write = !PT.getNonReferenceType().isConstQualified();
    }
    return U;
  }
  return U;
}

void GlobalAccesses::atomicRewrite(const Expr *E, const VarDecl *V, AccessFact &A) {
  if (A.form == AccessForm::CallArg && LO.CPlusPlus) {
    A.rewrite = Map.span(E->getSourceRange());
    A.rewriteText = Map.sourceText(E->getSourceRange()) + ".load()";
    return;
  }
  if (A.form != AccessForm::SelfOp)
    return;
  const Stmt *PS;
  const Expr *P = parentExpr(E, PS);
  while (P && isa<ParenExpr>(P))
    P = parentExpr(P, PS);
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
  if (!Assign)
    return;
  const auto *Op = dyn_cast<BinaryOperator>(Assign->getRHS()->IgnoreParenImpCasts());
  if (!Op)
    return;
  const Expr *Other = sameVar(Op->getLHS(), V) ? Op->getRHS() : Op->getLHS();
  std::string Lhs = Map.sourceText(Assign->getLHS()->getSourceRange());
  std::string Rhs = Map.sourceText(Other->getSourceRange());
  if (Lhs.empty() || Rhs.empty())
    return;
  A.rewrite = Map.span(Assign->getSourceRange());
  A.rewriteText = Lhs + " " + BinaryOperator::getOpcodeStr(Op->getOpcode()).str() + "= " + Rhs;
}

}  // namespace concurlint
