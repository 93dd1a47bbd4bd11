#include "tool/core/ThreadFacts.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <optional>

namespace concurlint {

using namespace clang;

namespace {

/// A class's canonical name with its first template argument's class: "std::vector<std::thread>".
std::string typeWithElement(QualType T) {
  std::string Name = canonicalTypeName(T);
  T = T.getNonReferenceType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
      std::string Element = canonicalTypeName(Spec->getTemplateArgs()[0].getAsType());
      if (!Element.empty())
        return Name + "<" + Element + ">";
    }
  return Name;
}

std::string elementType(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return canonicalTypeName(Spec->getTemplateArgs()[0].getAsType());
  return {};
}

bool isAtomicType(QualType T);

/// Objects made to be shared: atomics, mutexes (anything with lock() and unlock()), condition
/// variables and the C library's synchronisation types.
bool isSyncType(QualType T) {
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())  // pthread_mutex_t locks[16]
    T = AT->getElementType();
  if (isAtomicType(T))
    return true;
  static const llvm::StringSet<> Named = {
      "pthread_mutex_t", "pthread_cond_t", "pthread_rwlock_t", "pthread_spinlock_t",
      "pthread_once_t", "pthread_barrier_t", "mtx_t", "cnd_t", "once_flag", "sem_t"};
  // Through typedefs: libuv's uv_mutex_t is a pthread_mutex_t.
  for (QualType U = T;;) {
    if (Named.contains(U.getUnqualifiedType().getAsString()))
      return true;
    const auto *TT = U->getAs<TypedefType>();
    if (!TT)
      break;
    U = TT->desugar();
  }
  std::string Name = canonicalTypeName(T);
  if (Name == "std::condition_variable" || Name == "std::condition_variable_any" ||
      Name == "std::once_flag" || Name == "std::latch" || Name == "std::barrier" ||
      Name == "std::counting_semaphore")
    return true;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl(); RD && RD->hasDefinition()) {
    bool Lock = false, Unlock = false;
    auto Scan = [&](const CXXRecordDecl *R) {
      for (const CXXMethodDecl *M : R->methods())
        if (M->getIdentifier()) {
          Lock |= M->getName() == "lock" || M->getName() == "Lock";
          Unlock |= M->getName() == "unlock" || M->getName() == "Unlock";
        }
      return true;
    };
    Scan(RD);
    RD->forallBases(Scan);
    return Lock && Unlock;
  }
  return false;
}

bool isAtomicType(QualType T) {
  T = T.getCanonicalType();
  if (T->isAtomicType())
    return true;
  std::string Name = canonicalTypeName(T);
  return Name == "std::atomic" || Name == "std::atomic_flag" || Name == "std::__atomic_base" ||
         Name == "std::__atomic_flag_base";
}

// Standard containers: for data races, these members are "const" ([container.requirements.
// dataraces]); they touch elements, not the container object.
const llvm::StringSet<> ElementAccessors = {
    "at", "front", "back", "data", "begin", "end", "rbegin", "rend", "cbegin", "cend",
    "find", "lower_bound", "upper_bound", "equal_range", "operator[]"};
// Members that read only the container object, never its elements.
const llvm::StringSet<> ObjectOnlyReaders = {"size", "empty", "capacity", "max_size",
                                             "length", "bucket_count", "load_factor"};

bool isStdContainer(llvm::StringRef Name) {
  static const llvm::StringSet<> Containers = {
      "std::vector", "std::deque", "std::array", "std::list", "std::forward_list",
      "std::basic_string", "std::map", "std::multimap", "std::set", "std::multiset",
      "std::unordered_map", "std::unordered_multimap", "std::unordered_set",
      "std::unordered_multiset", "std::span"};
  return Containers.contains(Name);
}

bool isAssociative(llvm::StringRef Name) {
  return Name.contains("map") || Name.contains("set");
}

const Expr *strip(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else
      return E;
  }
}

}  // namespace

class ThreadScanner::Impl {
public:
  Impl(ASTContext &Ctx, SourceMapper &Map, std::vector<GlobalFact> &Globals)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Map(Map),
        Globals(Globals) {}

  struct State {
    std::vector<LockFact> held;
    bool dead = false;  // after return/throw/break/continue: no path reaches here
    unsigned chain = 0;  // the calls made on every path to here (FunctionFact::callChain)
  };

  // ---- variables -------------------------------------------------------------------------

  /// A global or static variable whose accesses can race.
  bool isTracked(const VarDecl *V) {
    if (!V || !V->hasGlobalStorage() || isa<ParmVarDecl>(V))
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

  /// The global that a local (or captured) reference or pointer variable is initialised from:
  /// `int &r = g;`, `int *p = &g;`, `int *p = (int *)arg;` (-> "param:N"). Empty if none.
  std::string aliasTarget(const VarDecl *V, bool &Pointer) {
    Pointer = false;
    if (!V || V->hasGlobalStorage())
      return {};
    if (const auto *Parm = dyn_cast<ParmVarDecl>(V)) {
      QualType T = Parm->getType();
      if (!T->isReferenceType() && !T->isPointerType())
        return {};
      if (T->getPointeeType().isConstQualified() && T->isReferenceType())
        return {};  // a const reference parameter only reads; its callers' loads are enough
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
          return usr(G);
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
            return usr(G);
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

  std::string usr(const Decl *D) {
    auto It = UsrCache.find(D);
    if (It != UsrCache.end())
      return It->second;
    std::string U = Map.usrOf(D);
    UsrCache[D] = U;
    return U;
  }

  /// Records the GlobalFact of `V` the first time this TU accesses it.
  void noteGlobal(const VarDecl *V) {
    std::string U = usr(V);
    if (U.empty() || !GlobalsSeen.insert(U).second)
      return;
    GlobalFact G;
    G.usr = U;
    G.name = canonicalName(V);
    G.spelling = V->isStaticLocal() ? V->getName().str() : G.name;
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
    for (const VarDecl *R : V->redecls()) {
      VarDeclFact D;
      SourceLocation Begin = R->getBeginLoc(), End = R->getEndLoc();
      D.inMacro = Begin.isMacroID() || End.isMacroID() || R->getLocation().isMacroID();
      if (TypeSourceInfo *TSI = R->getTypeSourceInfo())
        D.type = Map.span(TSI->getTypeLoc().getSourceRange());
      SourceLocation AfterSemi = Lexer::findLocationAfterToken(
          SM.getFileLoc(End), tok::semi, SM, LO, /*SkipTrailingWhitespaceAndNewLine=*/false);
      D.alone = AfterSemi.isValid();
      if (AfterSemi.isValid())
        D.declaration = Map.span(SourceRange(Begin, AfterSemi.getLocWithOffset(-1)));
      else
        D.declaration = Map.span(R->getSourceRange());
      // `int a, b;`: b's declaration begins where a's does.
      if (const auto *Prev = dyn_cast_or_null<VarDecl>(R->getPreviousDecl()))
        (void)Prev;
      for (const Decl *Sibling : R->getDeclContext()->decls())
        if (Sibling != R && Sibling->getBeginLoc() == Begin)
          D.alone = false;
      D.definition = R->isThisDeclarationADefinition() == VarDecl::Definition ||
                     R->isThisDeclarationADefinition() == VarDecl::TentativeDefinition;
      if (D.type.valid() && D.declaration.valid())
        G.decls.push_back(std::move(D));
    }
    Globals.push_back(std::move(G));
  }

  // ---- access classification -------------------------------------------------------------

  const Expr *parentExpr(const Expr *E, const Stmt *&ParentStmt) {
    ParentStmt = nullptr;
    auto Parents = Ctx.getParents(*E);
    if (Parents.empty())
      return nullptr;
    ParentStmt = Parents[0].get<Stmt>();
    return dyn_cast_or_null<Expr>(ParentStmt);
  }

  struct Use {
    bool write = false;
    bool atomic = false;
    bool skip = false;  // not an access (a reference bound, unevaluated)
    std::string form = "other";
    std::string suffix;      // location suffix
    std::string pathSuffix;  // for messages
  };

  static bool sameVar(const Expr *A, const VarDecl *V) {
    if (const auto *D = dyn_cast<DeclRefExpr>(strip(A)))
      return D->getDecl() == V;
    return false;
  }

  /// How the expression `E` (naming the variable, or an element or field of it) is used.
  Use classify(const Expr *E, const VarDecl *V) {
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
          U.form = U.suffix.empty() ? "load" : "other";
          if (U.suffix.empty() && needsExplicitLoad(IC, G))
            U.form = "call-arg";
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
          U.form = U.suffix.empty() ? "inc" : "other";
          return U;
        case UO_PreDec:
        case UO_PostDec:
          U.write = true;
          U.form = U.suffix.empty() ? "dec" : "other";
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
          U.form = !U.suffix.empty()            ? "other"
                   : selfOp(BO->getRHS(), V)    ? "self-op"
                   : refersTo(BO->getRHS(), V)  ? "other"
                                                : "store";
          return U;
        }
        if (BO->isCompoundAssignmentOp()) {
          U.write = true;
          BinaryOperatorKind K = BO->getOpcode();
          bool Supported = K == BO_AddAssign || K == BO_SubAssign || K == BO_AndAssign ||
                           K == BO_OrAssign || K == BO_XorAssign;
          U.form = U.suffix.empty() && Supported ? "compound" : "other";
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
      return U;
    }
    return U;
  }

  /// Where a std::atomic<T> would not convert to T by itself: a call's argument (variadic,
  /// template), `?:`, `auto` and return-type deduction, braces. There the fix writes load().
  bool needsExplicitLoad(const Expr *Load, const Expr *Parent) {
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

  /// `x = x OP e` or `x = e OP x` (OP commutative) with OP in + - & | ^.
  static bool selfOp(const Expr *RHS, const VarDecl *V) {
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

  Use methodUse(Use U, const CXXMethodDecl *MD, const MemberExpr *ME, const VarDecl *V) {
    std::string Class = canonicalName(MD->getParent());
    std::string Name = MD->getNameAsString();
    const Expr *Base = ME->getBase();
    std::string BaseClass = canonicalTypeName(Base->getType());
    if (isStdContainer(BaseClass)) {
      if (ObjectOnlyReaders.contains(Name)) {
        U.suffix += "#";
        return U;
      }
      if (ElementAccessors.contains(Name) && !(Name == "operator[]" && isAssociative(BaseClass))) {
        // The element the call returns: how is it used?
        const Stmt *PS;
        const Expr *Call = parentExpr(ME, PS);
        if (Call && isa<CXXMemberCallExpr>(Call)) {
          Use Element = classify(Call, V);
          Element.suffix = U.suffix + "[]" + Element.suffix;
          Element.pathSuffix = U.pathSuffix + "[]" + Element.pathSuffix;
          if (Element.form != "other")
            Element.form = "other";
          return Element;
        }
        return U;
      }
    }
    if (Class == "std::atomic_ref") {
      U.atomic = true;
      return U;
    }
    U.write = !MD->isConst();
    return U;
  }

  Use addressUse(Use U, const UnaryOperator *AddrOf) {
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
        if (Name == "pthread_create" || Name == "thrd_create" || FD->hasBody() ||
            (Loc.isValid() && !SM.isInSystemHeader(Loc))) {
          U.form = "address";
          return U;
        }
        for (unsigned I = 0; I < CE->getNumArgs() && I < FD->getNumParams(); ++I)
          if (strip(CE->getArg(I)) == AddrOf || CE->getArg(I)->IgnoreParenCasts() == AddrOf) {
            QualType PT = FD->getParamDecl(I)->getType();
            U.write = !(PT->isPointerType() && PT->getPointeeType().isConstQualified());
            U.form = "other";
            return U;
          }
        U.write = true;  // variadic: assume the worst
        U.form = "other";
        return U;
      }
    }
    // Taken and stored: not an access itself (accesses through the pointer are tracked where
    // simple), but the variable's address escapes, which rules out changing its type.
    U.form = "address";
    return U;
  }

  Use argumentUse(Use U, const CallExpr *CE, const Expr *Arg) {
    const FunctionDecl *FD = CE->getDirectCallee();
    U.form = "other";
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
        if (FD->hasBody() && !PT.getNonReferenceType().isConstQualified()) {
          U.skip = true;
          return U;
        }
        U.write = !PT.getNonReferenceType().isConstQualified();
      }
      return U;
    }
    return U;
  }

  // ---- locks -----------------------------------------------------------------------------

  LockFact lockOf(const Expr *MutexExpr) {
    LockFact L;
    L.id = "*";
    L.name = "a mutex";
    const Expr *E = strip(MutexExpr);
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
      E = strip(U->getSubExpr());
    if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
        if (isa<ParmVarDecl>(V) || V->getType()->isPointerType() ||
            (V->getType()->isReferenceType() && !V->hasGlobalStorage() && !V->getInit()))
          return L;
        if (V->getType()->isReferenceType() && V->getInit())
          return lockOf(V->getInit());
        L.id = usr(V);
        L.name = V->isStaticLocal() || !V->hasGlobalStorage() ? V->getNameAsString()
                                                               : canonicalName(V);
      }
      return L;
    }
    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl())) {
        L.id = usr(F);
        L.name = canonicalName(F);
      } else if (const auto *V = dyn_cast<VarDecl>(M->getMemberDecl())) {
        L.id = usr(V);
        L.name = canonicalName(V);
      }
      return L;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      LockFact Base = lockOf(AS->getBase());
      if (Base.id != "*") {
        // One lock of an array of mutexes: which one is not known statically.
        L.id = "*";
        L.name = Base.name + "[]";
      }
    }
    return L;
  }

  static bool isGuardClass(llvm::StringRef Name, bool &Shared, bool &AllArgs, bool &ByPointer) {
    Shared = AllArgs = ByPointer = false;
    if (Name == "std::lock_guard" || Name == "std::unique_lock" || Name == "boost::lock_guard" ||
        Name == "boost::unique_lock")
      return true;
    if (Name == "std::scoped_lock") {
      AllArgs = true;
      return true;
    }
    if (Name == "std::shared_lock" || Name == "boost::shared_lock") {
      Shared = true;
      return true;
    }
    if (Name == "absl::MutexLock" || Name == "absl::WriterMutexLock") {
      ByPointer = true;
      return true;
    }
    if (Name == "absl::ReaderMutexLock") {
      ByPointer = Shared = true;
      return true;
    }
    return false;
  }

  static bool classIsLockable(const CXXRecordDecl *RD) {
    if (!RD || !RD->hasDefinition())
      return false;
    bool Lock = false, Unlock = false;
    auto Scan = [&](const CXXRecordDecl *R) {
      for (const CXXMethodDecl *M : R->methods()) {
        if (!M->getIdentifier())
          continue;
        llvm::StringRef N = M->getName();
        Lock |= N == "lock" || N == "Lock";
        Unlock |= N == "unlock" || N == "Unlock";
      }
      return true;
    };
    Scan(RD);
    RD->forallBases([&](const CXXRecordDecl *Base) { return Scan(Base); });
    return Lock && Unlock;
  }

  void acquire(State &S, LockFact L) {
    S.held.push_back(std::move(L));
  }

  void release(State &S, const LockFact &L) {
    for (auto It = S.held.rbegin(); It != S.held.rend(); ++It)
      if (It->id == L.id) {
        S.held.erase(std::next(It).base());
        return;
      }
  }

  enum class LockOp { None, Lock, Unlock, TryLock };

  /// Whether `CE` locks or unlocks something, and which locks.
  LockOp lockOperation(const Expr *E, std::vector<LockFact> &Locks) {
    Locks.clear();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD || !MD->getIdentifier())
        return LockOp::None;
      llvm::StringRef N = MD->getName();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (!Obj)
        return LockOp::None;
      // A unique_lock / shared_lock variable locked or unlocked again.
      if (const auto *D = dyn_cast<DeclRefExpr>(strip(Obj))) {
        auto G = Guards.find(D->getDecl());
        if (G != Guards.end()) {
          Locks = G->second;
          if (N == "unlock")
            return LockOp::Unlock;
          if (N == "lock")
            return LockOp::Lock;
          if (N == "try_lock" || N == "try_lock_for" || N == "try_lock_until" ||
              N == "owns_lock")
            return LockOp::TryLock;
          return LockOp::None;
        }
      }
      if (!classIsLockable(MD->getParent()))
        return LockOp::None;
      // A coroutine mutex's lock() returns an awaitable: it suspends, it does not block.
      QualType Result = MD->getReturnType();
      if (!Result->isVoidType() && !Result->isBooleanType() && !Result->isIntegerType())
        return LockOp::None;
      LockFact L = lockOf(Obj);
      if (N == "lock" || N == "Lock" || N == "WriterLock") {
        Locks.push_back(L);
        return LockOp::Lock;
      }
      if (N == "lock_shared" || N == "ReaderLock") {
        L.shared = true;
        Locks.push_back(L);
        return LockOp::Lock;
      }
      if (N == "unlock" || N == "unlock_shared" || N == "Unlock" || N == "ReaderUnlock" ||
          N == "WriterUnlock") {
        Locks.push_back(L);
        return LockOp::Unlock;
      }
      if (N == "try_lock" || N == "try_lock_for" || N == "try_lock_until" || N == "TryLock" ||
          N == "try_lock_shared") {
        L.shared = N == "try_lock_shared";
        Locks.push_back(L);
        return LockOp::TryLock;
      }
      return LockOp::None;
    }
    const auto *CE = dyn_cast<CallExpr>(E);
    if (!CE || isa<CXXOperatorCallExpr>(CE))
      return LockOp::None;
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || CE->getNumArgs() == 0)
      return LockOp::None;
    llvm::StringRef N = FD->getName();
    if (N == "pthread_mutex_lock" || N == "pthread_rwlock_wrlock" || N == "pthread_spin_lock" ||
        N == "mtx_lock" || N == "mtx_timedlock") {
      Locks.push_back(lockOf(CE->getArg(0)));
      return LockOp::Lock;
    }
    if (N == "pthread_rwlock_rdlock") {
      LockFact L = lockOf(CE->getArg(0));
      L.shared = true;
      Locks.push_back(L);
      return LockOp::Lock;
    }
    if (N == "pthread_mutex_unlock" || N == "pthread_rwlock_unlock" ||
        N == "pthread_spin_unlock" || N == "mtx_unlock") {
      Locks.push_back(lockOf(CE->getArg(0)));
      return LockOp::Unlock;
    }
    if (N == "pthread_mutex_trylock" || N == "pthread_spin_trylock" || N == "mtx_trylock" ||
        N == "pthread_rwlock_trywrlock") {
      Locks.push_back(lockOf(CE->getArg(0)));
      return LockOp::TryLock;
    }
    if (N == "pthread_rwlock_tryrdlock") {
      LockFact L = lockOf(CE->getArg(0));
      L.shared = true;
      Locks.push_back(L);
      return LockOp::TryLock;
    }
    if (N == "lock" && FD->isInStdNamespace()) {  // std::lock(a, b, ...)
      for (const Expr *Arg : CE->arguments())
        Locks.push_back(lockOf(Arg));
      return LockOp::Lock;
    }
    return LockOp::None;
  }

  /// For `if (COND)`: the locks the then-branch holds because COND was a successful try-lock
  /// (`m.try_lock()`, `pthread_mutex_trylock(&m) == 0`, `!pthread_mutex_trylock(&m)`,
  /// `mtx_trylock(&m) == thrd_success`, `lk.owns_lock()`).
  std::vector<LockFact> tryLockedIn(const Expr *Cond, bool &OnElse) {
    OnElse = false;
    std::vector<LockFact> Locks;
    const Expr *C = Cond->IgnoreParenImpCasts();
    bool Negated = false;
    if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot) {
      C = U->getSubExpr()->IgnoreParenImpCasts();
      Negated = true;
    }
    bool ComparedToZero = false;
    if (const auto *B = dyn_cast<BinaryOperator>(C);
        B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
      ComparedToZero = true;
      Negated = B->getOpcode() == BO_NE;
      C = B->getLHS()->IgnoreParenImpCasts();
    }
    if (lockOperation(C, Locks) != LockOp::TryLock)
      return {};
    const auto *CE = dyn_cast<CallExpr>(C);
    bool ReturnsZeroOnSuccess = CE && !isa<CXXMemberCallExpr>(CE);  // pthread/C11 style
    // C calls succeed with 0 (thrd_success is 0 too); member try_lock() succeeds with true.
    bool SuccessWhenTrue = ReturnsZeroOnSuccess ? (ComparedToZero ? !Negated : Negated)
                                                : !Negated;
    if (ReturnsZeroOnSuccess && !ComparedToZero)
      SuccessWhenTrue = Negated;  // `if (!pthread_mutex_trylock(&m))`
    OnElse = !SuccessWhenTrue;
    return Locks;
  }

  // ---- the walk --------------------------------------------------------------------------

  void scan(const FunctionDecl *FD, FunctionFact &F) {
    Fn = &F;
    ChainDepth.assign(1, 0);
    Exit.reset();
    Guards.clear();
    ForkVars.clear();
    CallLocks.clear();
    CallChains.clear();
    RangeOf.clear();
    Stmt *Body = FD->getBody();
    if (!Body)
      return;
    F.bodyEnd = Map.span(SourceRange(Body->getEndLoc(), Body->getEndLoc())).offset;
    State S;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten() && Init->getInit())
          scanExpr(Init->getInit(), S, nullptr);
    walk(Body, S);
    if (!S.dead)
      noteExit(S);
    if (Exit) {
      for (const LockFact &L : Exit->held)
        if (L.guard.empty())  // a guard's lock ends with its scope, before the return
          F.exitLocks.push_back(L);
      F.exitChain = Exit->chain;
    }
  }

  /// A way out of the function: what it leaves held is what every way out leaves held.
  void noteExit(const State &S) {
    if (!Exit)
      Exit = S;
    else
      Exit = meet(*Exit, S);
  }

  /// A call to a function of the program: the chain grows by one.
  unsigned extendChain(unsigned Parent, std::string Callee) {
    Fn->callChain.push_back({std::move(Callee), Parent});
    ChainDepth.push_back(ChainDepth[Parent] + 1);
    return Fn->callChain.size();
  }

  /// The calls made on both chains: their longest common prefix.
  unsigned commonChain(unsigned A, unsigned B) const {
    while (A != B) {
      if (ChainDepth[A] >= ChainDepth[B])
        A = A ? Fn->callChain[A - 1].parent : 0;
      else
        B = B ? Fn->callChain[B - 1].parent : 0;
    }
    return A;
  }

  void walk(const Stmt *St, State &S) {
    if (!St)
      return;
    if (const auto *CS = dyn_cast<CompoundStmt>(St)) {
      std::vector<const VarDecl *> Declared;
      for (const Stmt *Child : CS->body()) {
        walk(Child, S);
        if (const auto *DS = dyn_cast<DeclStmt>(Child))
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D))
              Declared.push_back(V);
      }
      unsigned End = Map.span(SourceRange(CS->getRBracLoc(), CS->getRBracLoc())).offset;
      for (auto It = Declared.rbegin(); It != Declared.rend(); ++It) {
        const VarDecl *V = *It;
        auto G = Guards.find(V);
        if (G != Guards.end()) {
          if (GuardEngaged.lookup(V))
            for (const LockFact &L : G->second)
              release(S, L);
          Guards.erase(G);
        }
        if (!V->hasGlobalStorage() && V->getType()->getAsCXXRecordDecl()) {
          std::string Type = typeWithElement(V->getType());
          Fn->scopeExits.push_back({usr(V), Type, End});
        }
      }
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(St)) {
      noteFork(If);
      walk(If->getInit(), S);
      if (If->getConditionVariableDeclStmt())
        walk(If->getConditionVariableDeclStmt(), S);
      bool OnElse = false;
      std::vector<LockFact> Try;
      if (const Expr *Cond = If->getCond()) {
        scanExpr(Cond, S, nullptr);
        Try = tryLockedIn(Cond, OnElse);
      }
      State Then = S, Else = S;
      for (LockFact L : Try) {
        L.acquired = Map.span(If->getCond()->getSourceRange());
        acquire(OnElse ? Else : Then, std::move(L));
      }
      walk(If->getThen(), Then);
      walk(If->getElse(), Else);
      S = meet(Then, Else);
      return;
    }
    if (const auto *For = dyn_cast<ForStmt>(St)) {
      walk(For->getInit(), S);
      addLoop(For);
      State Body = S;
      if (For->getCond())
        scanExpr(For->getCond(), Body, nullptr);
      walkBody(For->getBody(), Body);
      if (For->getInc())
        scanExpr(For->getInc(), Body, nullptr);
      S = meet(S, Body);
      S.dead = false;
      return;
    }
    if (const auto *Range = dyn_cast<CXXForRangeStmt>(St)) {
      walk(Range->getInit(), S);
      if (const Expr *R = Range->getRangeInit())
        scanExpr(R, S, nullptr);
      if (const VarDecl *LoopVar = Range->getLoopVariable())
        RangeOf[LoopVar] = Range->getRangeInit();
      addLoop(Range);
      State Body = S;
      walkBody(Range->getBody(), Body);
      S = meet(S, Body);
      S.dead = false;
      return;
    }
    if (const auto *While = dyn_cast<WhileStmt>(St)) {
      addLoop(While);
      if (While->getConditionVariableDeclStmt())
        walk(While->getConditionVariableDeclStmt(), S);
      scanExpr(While->getCond(), S, nullptr);
      State Body = S;
      walkBody(While->getBody(), Body);
      S = meet(S, Body);
      S.dead = false;
      return;
    }
    if (const auto *Do = dyn_cast<DoStmt>(St)) {
      addLoop(Do);
      State Body = S;
      walkBody(Do->getBody(), Body);
      scanExpr(Do->getCond(), Body, nullptr);
      S = meet(S, Body);
      S.dead = false;
      return;
    }
    if (const auto *Switch = dyn_cast<SwitchStmt>(St)) {
      walk(Switch->getInit(), S);
      scanExpr(Switch->getCond(), S, nullptr);
      State Body = S;
      walk(Switch->getBody(), Body);
      S = meet(S, Body);
      S.dead = false;
      return;
    }
    if (const auto *Try = dyn_cast<CXXTryStmt>(St)) {
      State Entry = S;
      walk(Try->getTryBlock(), S);
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
        State H = Entry;
        walk(Try->getHandler(I)->getHandlerBlock(), H);
        S = meet(S, H);
      }
      return;
    }
    if (const auto *Ret = dyn_cast<ReturnStmt>(St)) {
      if (Ret->getRetValue())
        scanExpr(Ret->getRetValue(), S, LO.CPlusPlus ? Ret : nullptr);
      if (!S.dead)
        noteExit(S);
      S.dead = true;
      return;
    }
    if (isa<BreakStmt>(St) || isa<ContinueStmt>(St) || isa<GotoStmt>(St)) {
      S.dead = true;
      return;
    }
    if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(St)) {
      walk(Coro->getBody(), S);
      return;
    }
    if (const auto *Label = dyn_cast<LabelStmt>(St)) {
      S.dead = false;  // reached by a goto
      walk(Label->getSubStmt(), S);
      return;
    }
    if (const auto *Case = dyn_cast<SwitchCase>(St)) {
      S.dead = false;
      walk(Case->getSubStmt(), S);
      return;
    }
    if (const auto *Attributed = dyn_cast<AttributedStmt>(St)) {
      walk(Attributed->getSubStmt(), S);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls()) {
        const auto *V = dyn_cast<VarDecl>(D);
        if (!V || !V->getInit())
          continue;
        if (const CallExpr *Fork = forkCall(V->getInit()))
          ForkVars[V] = Fork;
        if (!V->isStaticLocal())
          scanExpr(V->getInit(), S, nullptr);
        declareGuard(V, S);
      }
      return;
    }
    if (const auto *E = dyn_cast<Expr>(St)) {
      if (const auto *Assign = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
          Assign && Assign->getOpcode() == BO_Assign)
        if (const auto *D = dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
          if (const CallExpr *Fork = forkCall(Assign->getRHS()))
            ForkVars[D->getDecl()] = Fork;
      scanExpr(E, S, St);
      if (isa<CXXThrowExpr>(E->IgnoreParenImpCasts()))
        S.dead = true;
      return;
    }
    for (const Stmt *Child : St->children())
      walk(Child, S);
  }

  /// `fork()` (not vfork: its child shares the parent's memory until it execs or exits).
  static const CallExpr *forkCall(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Assign = dyn_cast<BinaryOperator>(E); Assign && Assign->getOpcode() == BO_Assign)
      E = Assign->getRHS()->IgnoreParenImpCasts();
    const auto *CE = dyn_cast<CallExpr>(E);
    if (!CE)
      return nullptr;
    const FunctionDecl *FD = CE->getDirectCallee();
    return FD && FD->getIdentifier() && FD->getName() == "fork" && CE->getNumArgs() == 0 ? CE
                                                                                          : nullptr;
  }

  /// The fork() a condition tests, and whether the child is the then-branch.
  const CallExpr *forkTest(const Expr *Cond, bool &ChildInThen) {
    const Expr *C = Cond->IgnoreParenImpCasts();
    auto Forked = [&](const Expr *E) -> const CallExpr * {
      if (const CallExpr *F = forkCall(E))
        return F;
      if (const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())) {
        auto It = ForkVars.find(D->getDecl());
        if (It != ForkVars.end())
          return It->second;
      }
      return nullptr;
    };
    if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot) {
      ChildInThen = true;
      return Forked(U->getSubExpr());
    }
    const auto *B = dyn_cast<BinaryOperator>(C);
    if (!B)
      return nullptr;
    const Expr *Side = B->getLHS(), *Other = B->getRHS();
    auto IsZero = [&](const Expr *E) {
      Expr::EvalResult R;
      // A template's pattern cannot be evaluated (its instantiations are scanned instead).
      return !E->isValueDependent() && !E->isTypeDependent() && E->EvaluateAsInt(R, Ctx) &&
             R.Val.getInt() == 0;
    };
    if (!IsZero(Other))
      return nullptr;
    switch (B->getOpcode()) {
    case BO_EQ:
      ChildInThen = true;
      break;
    case BO_NE:
    case BO_GT:
      ChildInThen = false;
      break;
    default:
      return nullptr;
    }
    return Forked(Side);
  }

  void noteFork(const IfStmt *If) {
    if (!If->getCond())
      return;
    bool ChildInThen = false;
    const CallExpr *Fork = forkTest(If->getCond(), ChildInThen);
    const Stmt *Child = ChildInThen ? If->getThen() : If->getElse();
    if (!Fork || !Child)
      return;
    Span C = Map.span(Child->getSourceRange());
    Span Whole = Map.span(If->getSourceRange());
    if (!C.valid() || !Whole.valid())
      return;
    Fn->forks.push_back({Map.span(Fork->getSourceRange()), C.offset, C.offset + C.length,
                         Whole.offset + Whole.length});
  }

  void walkBody(const Stmt *Body, State &S) {
    walk(Body, S);
  }

  void addLoop(const Stmt *Loop) {
    Span Sp = Map.span(Loop->getSourceRange());
    if (Sp.valid())
      Fn->loops.push_back({Sp.offset, Sp.offset + Sp.length});
  }

  State meet(const State &A, const State &B) const {
    if (A.dead)
      return B;
    if (B.dead)
      return A;
    State Out;
    Out.chain = commonChain(A.chain, B.chain);
    std::vector<LockFact> Rest = B.held;
    for (const LockFact &L : A.held) {
      auto It = std::find_if(Rest.begin(), Rest.end(),
                             [&](const LockFact &M) { return M.id == L.id; });
      if (It == Rest.end())
        continue;
      LockFact Both = L;
      Both.shared = L.shared || It->shared;
      Out.held.push_back(Both);
      Rest.erase(It);
    }
    return Out;
  }

  void declareGuard(const VarDecl *V, State &S) {
    const auto *CE = dyn_cast<CXXConstructExpr>(strip(V->getInit()));
    if (!CE)
      return;
    std::string Class = canonicalName(CE->getConstructor()->getParent());
    bool Shared, AllArgs, ByPointer;
    if (!isGuardClass(Class, Shared, AllArgs, ByPointer))
      return;
    std::vector<LockFact> Locks;
    bool Engaged = true;
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      const Expr *Arg = CE->getArg(I);
      if (isa<CXXDefaultArgExpr>(Arg))
        break;
      std::string ArgType = canonicalTypeName(Arg->getType());
      if (ArgType == "std::defer_lock_t" || ArgType == "std::try_to_lock_t") {
        Engaged = false;
        continue;
      }
      if (ArgType == "std::adopt_lock_t")
        continue;
      if (I == 0 || AllArgs) {
        LockFact L = lockOf(Arg);
        L.shared = Shared;
        L.guard = V->getNameAsString();
        L.acquired = Map.span(V->getSourceRange());
        Locks.push_back(L);
      }
    }
    (void)ByPointer;
    if (Locks.empty())
      return;
    Guards[V] = Locks;
    GuardEngaged[V] = Engaged;
    if (Engaged)
      for (const LockFact &L : Locks)
        acquire(S, L);
  }

  /// Records the accesses and calls of one expression (a statement, a condition, an
  /// initialiser) with the locks held, applying the lock operations it makes in order.
  /// `Statement` is the statement to guard for a fix, or null.
  void scanExpr(const Expr *E, State &S, const Stmt *Statement);

  Span guardableStatement(const Stmt *Statement);

  std::string text(SourceRange R) { return Map.sourceText(R); }

  /// The atomic form of a self-op store (`x = x + e` -> `x += e`) or of a load passed to a
  /// call (`f(x)` -> `f(x.load())`, C++ only: C's _Atomic loads implicitly).
  void atomicRewrite(const Expr *E, const VarDecl *V, AccessFact &A) {
    if (A.form == "call-arg" && LO.CPlusPlus) {
      A.rewrite = Map.span(E->getSourceRange());
      A.rewriteText = text(E->getSourceRange()) + ".load()";
      return;
    }
    if (A.form != "self-op")
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
    std::string Lhs = text(Assign->getLHS()->getSourceRange());
    std::string Rhs = text(Other->getSourceRange());
    if (Lhs.empty() || Rhs.empty())
      return;
    A.rewrite = Map.span(Assign->getSourceRange());
    A.rewriteText = Lhs + " " + BinaryOperator::getOpcodeStr(Op->getOpcode()).str() + "= " + Rhs;
  }

  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  SourceMapper &Map;
  std::vector<GlobalFact> &Globals;
  FunctionFact *Fn = nullptr;
  llvm::DenseMap<const Decl *, std::vector<LockFact>> Guards;
  llvm::DenseMap<const Decl *, bool> GuardEngaged;
  llvm::DenseMap<const Expr *, std::vector<LockFact>> CallLocks;
  llvm::DenseMap<const Expr *, unsigned> CallChains;
  std::vector<unsigned> ChainDepth;  // per chain entry (0: the empty chain)
  std::optional<State> Exit;
  llvm::DenseMap<const VarDecl *, const Expr *> RangeOf;
  llvm::DenseMap<const Decl *, const CallExpr *> ForkVars;
  llvm::DenseMap<const Decl *, std::string> UsrCache;
  llvm::StringSet<> GlobalsSeen;
};

namespace {

/// The expressions of one statement, in evaluation-ish order (pre-order), without descending
/// into lambda bodies (functions of their own).
class ExprScanner : public RecursiveASTVisitor<ExprScanner> {
public:
  using Impl = ThreadScanner::Impl;
  ExprScanner(Impl &I, Impl::State &S, Span Guardable) : I(I), S(S), Guardable(Guardable) {}

  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    for (Expr *Init : LE->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }

  bool VisitCallExpr(CallExpr *CE) { return call(CE); }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) { return call(CE); }
  bool VisitCoawaitExpr(CoawaitExpr *E) { return suspend(E, "co_await"); }
  bool VisitCoyieldExpr(CoyieldExpr *E) { return suspend(E, "co_yield"); }

  bool suspend(Expr *E, const char *Keyword) {
    if (E->getBeginLoc().isInvalid())
      return true;
    SuspendFact F;
    F.span = I.Map.span(SourceRange(E->getBeginLoc(), E->getBeginLoc()));
    F.keyword = Keyword;
    F.locks = S.held;
    if (F.span.valid())
      I.Fn->suspends.push_back(std::move(F));
    return true;
  }

  bool call(Expr *CE) {
    I.CallLocks[CE] = S.held;
    I.CallChains[CE] = S.chain;
    std::vector<LockFact> Locks;
    Impl::LockOp Op = I.lockOperation(CE, Locks);
    if (Op == Impl::LockOp::None)
      chain(CE);
    switch (Op) {
    case Impl::LockOp::Lock:
      for (LockFact L : Locks) {
        if (!L.acquired.valid())
          L.acquired = I.Map.span(CE->getSourceRange());
        I.acquire(S, std::move(L));
      }
      break;
    case Impl::LockOp::Unlock:
      for (const LockFact &L : Locks) {
        bool Held = std::any_of(S.held.begin(), S.held.end(),
                                [&](const LockFact &H) { return H.id == L.id; });
        if (!Held && std::find(I.Fn->releases.begin(), I.Fn->releases.end(), L.id) ==
                         I.Fn->releases.end())
          I.Fn->releases.push_back(L.id);  // the caller's lock, released here
        I.release(S, L);
      }
      break;
    default:
      break;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
      if (const auto *D = dyn_cast_or_null<DeclRefExpr>(
              MC->getImplicitObjectArgument() ? strip(MC->getImplicitObjectArgument()) : nullptr))
        if (I.Guards.count(D->getDecl()) && MC->getMethodDecl() &&
            MC->getMethodDecl()->getIdentifier()) {
          llvm::StringRef N = MC->getMethodDecl()->getName();
          if (N == "unlock" || N == "release")
            I.GuardEngaged[D->getDecl()] = false;
          else if (N == "lock")
            I.GuardEngaged[D->getDecl()] = true;
        }
    return true;
  }

  /// Calls to the program's own functions join the chain: one of them may take a lock.
  void chain(const Expr *CE) {
    const FunctionDecl *FD = nullptr;
    if (const auto *C = dyn_cast<CallExpr>(CE))
      FD = C->getDirectCallee();
    if (!FD || isa<CXXConstructExpr>(CE))
      return;
    SourceLocation Loc = I.SM.getFileLoc(FD->getLocation());
    if (Loc.isInvalid() || I.SM.isInSystemHeader(Loc))
      return;
    const FunctionDecl *Def = FD->getDefinition();
    std::string Usr = I.usr(Def ? Def : FD);
    if (!Usr.empty())
      S.chain = I.extendChain(S.chain, std::move(Usr));
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V)
      return true;
    if (I.isTracked(V)) {
      I.noteGlobal(V);  // mutexes too: a fix may reuse one
      if (!isSyncType(V->getType()))  // locking a mutex is not a data access
        record(D, V, I.usr(V), V->getNameAsString());
      return true;
    }
    bool Pointer = false;
    std::string Target = I.aliasTarget(V, Pointer);
    if (Target.empty())
      return true;
    if (!Pointer) {  // a reference: every use is a use of the global
      record(D, V, Target, V->getNameAsString());
      return true;
    }
    // A pointer: `*p`, `p->f`, `p[i]` access the global; `p` alone does not.
    const Stmt *PS;
    const Expr *P = I.parentExpr(D, PS);
    while (P && isa<ImplicitCastExpr>(P) && cast<ImplicitCastExpr>(P)->getCastKind() != CK_LValueToRValue)
      P = I.parentExpr(P, PS);
    if (P && isa<ImplicitCastExpr>(P))
      P = I.parentExpr(P, PS);
    while (P && (isa<ParenExpr>(P) || isa<ExplicitCastExpr>(P)))
      P = I.parentExpr(P, PS);
    if (!P)
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(P); U && U->getOpcode() == UO_Deref) {
      record(U, nullptr, Target, "*" + V->getNameAsString());
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P)) {
      record(AS, nullptr, Target, V->getNameAsString() + "[]");
    } else if (const auto *M = dyn_cast<MemberExpr>(P); M && M->isArrow()) {
      record(M, nullptr, Target, V->getNameAsString() + "->");
    }
    return true;
  }

  void record(const Expr *E, const VarDecl *V, const std::string &Var, const std::string &Path) {
    Impl::Use U = I.classify(E, V);
    if (U.skip)
      return;
    AccessFact A;
    A.var = Var;
    A.location = Var + U.suffix;
    A.path = Path + U.pathSuffix;
    A.write = U.write;
    A.atomic = U.atomic;
    A.form = V ? U.form : "other";
    A.locks = S.held;
    A.chain = S.chain;
    A.span = I.Map.span(E->getSourceRange());
    A.inMacro = E->getBeginLoc().isMacroID();
    A.statement = Guardable;
    if (!A.span.valid())
      return;
    if (V && !A.inMacro)
      I.atomicRewrite(E, V, A);
    I.Fn->accesses.push_back(std::move(A));
  }

private:
  Impl &I;
  Impl::State &S;
  Span Guardable;
};

/// Whether a statement can be wrapped in `{ lock; statement }` as it is: no coroutine
/// suspension and no lock operation inside, not written through a macro.
class WrapCheck : public RecursiveASTVisitor<WrapCheck> {
public:
  explicit WrapCheck(ThreadScanner::Impl &I) : I(I) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *) { return Ok = false; }
  bool VisitCoyieldExpr(CoyieldExpr *) { return Ok = false; }
  bool VisitCallExpr(CallExpr *CE) {
    std::vector<LockFact> Locks;
    if (I.lockOperation(CE, Locks) != ThreadScanner::Impl::LockOp::None)
      Ok = false;
    return Ok;
  }
  bool Ok = true;

private:
  ThreadScanner::Impl &I;
};

}  // namespace

Span ThreadScanner::Impl::guardableStatement(const Stmt *Statement) {
  if (!Statement || Statement->getBeginLoc().isMacroID() || Statement->getEndLoc().isMacroID())
    return {};
  // Only a statement of a block or the body of a control statement can become a block.
  auto Parents = Ctx.getParents(*Statement);
  if (Parents.empty())
    return {};
  const Stmt *Parent = Parents[0].get<Stmt>();
  if (!Parent)
    return {};
  bool Body = isa<CompoundStmt>(Parent) ||
              (isa<IfStmt>(Parent) && (cast<IfStmt>(Parent)->getThen() == Statement ||
                                       cast<IfStmt>(Parent)->getElse() == Statement)) ||
              (isa<ForStmt>(Parent) && cast<ForStmt>(Parent)->getBody() == Statement) ||
              (isa<WhileStmt>(Parent) && cast<WhileStmt>(Parent)->getBody() == Statement) ||
              (isa<CXXForRangeStmt>(Parent) && cast<CXXForRangeStmt>(Parent)->getBody() == Statement) ||
              (isa<DoStmt>(Parent) && cast<DoStmt>(Parent)->getBody() == Statement);
  if (!Body)
    return {};
  WrapCheck Check(*this);
  Check.TraverseStmt(const_cast<Stmt *>(Statement));
  if (!Check.Ok)
    return {};
  SourceLocation AfterSemi =
      Lexer::findLocationAfterToken(Statement->getEndLoc(), tok::semi, SM, LO, false);
  if (AfterSemi.isInvalid())
    return {};
  return Map.span(SourceRange(Statement->getBeginLoc(), AfterSemi.getLocWithOffset(-1)));
}

void ThreadScanner::Impl::scanExpr(const Expr *E, State &S, const Stmt *Statement) {
  if (!E)
    return;
  Span Guardable = guardableStatement(Statement);
  ExprScanner Scanner(*this, S, Guardable);
  Scanner.TraverseStmt(const_cast<Expr *>(E));
}

// ---- calls ---------------------------------------------------------------------------------

namespace {

struct CallDescriber {
  ThreadScanner::Impl &I;

  /// The identity of a thread handle or container expression.
  std::string identity(const Expr *E) {
    if (!E)
      return {};
    E = strip(E);
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
      return identity(U->getSubExpr());
    if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
        auto R = I.RangeOf.find(V);
        if (R != I.RangeOf.end())
          return identity(R->second);
        return I.usr(V);
      }
      return {};
    }
    if (const auto *M = dyn_cast<MemberExpr>(E))
      return I.usr(M->getMemberDecl());
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return identity(AS->getBase());
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
        OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() > 0)
      return identity(OC->getArg(0));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))  // threads.back(), v.at(i)
      if (MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
          ElementAccessors.contains(MC->getMethodDecl()->getName()))
        return identity(MC->getImplicitObjectArgument());
    return {};
  }

  /// The function an argument names, as a thread entry.
  std::string entry(const Expr *E, int Depth = 0) {
    if (!E || Depth > 4)
      return {};
    E = strip(E);
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      E = strip(U->getSubExpr());
    if (const auto *L = dyn_cast<LambdaExpr>(E))
      return I.usr(L->getCallOperator());
    if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *FD = dyn_cast<FunctionDecl>(D->getDecl()))
        return I.usr(FD->getDefinition() ? FD->getDefinition() : FD);
      if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
        if (V->getInit() && !V->hasGlobalStorage())
          if (std::string FromInit = entry(V->getInit(), Depth + 1); !FromInit.empty())
            return FromInit;
        return callOperator(V->getType());
      }
      return {};
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {  // std::bind(f, ...)
      if (const FunctionDecl *FD = CE->getDirectCallee();
          FD && FD->getIdentifier() && FD->getName() == "bind" && CE->getNumArgs() > 0)
        return entry(CE->getArg(0), Depth + 1);
      return {};
    }
    if (isa<CXXConstructExpr>(E) || isa<InitListExpr>(E))
      return callOperator(E->getType());
    return {};
  }

  std::string callOperator(QualType T) {
    const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return {};
    if (RD->isLambda())
      return I.usr(RD->getLambdaCallOperator());
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getOverloadedOperator() == OO_Call)
        return I.usr(M->getDefinition() ? M->getDefinition() : M);
    return {};
  }

  /// The global (or parameter) an argument passes by address or reference.
  std::string global(const Expr *Arg, const ParmVarDecl *Param) {
    const Expr *E = strip(Arg);
    bool Wrapped = false;
    if (const auto *CE = dyn_cast<CallExpr>(E))  // std::ref(g)
      if (const FunctionDecl *FD = CE->getDirectCallee();
          FD && FD->getIdentifier() && (FD->getName() == "ref" || FD->getName() == "cref") &&
          CE->getNumArgs() == 1) {
        E = strip(CE->getArg(0));
        Wrapped = true;
      }
    bool AddressOf = false;
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf) {
      E = strip(U->getSubExpr());
      AddressOf = true;
    }
    const auto *D = dyn_cast<DeclRefExpr>(E);
    if (!D)
      return {};
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V)
      return {};
    bool ByReference = Param && Param->getType()->isReferenceType();
    if (I.isTracked(V) && (AddressOf || ByReference || Wrapped))
      return I.usr(V);
    bool Pointer = false;
    std::string Alias = I.aliasTarget(V, Pointer);
    if (!Alias.empty() && (Pointer || ByReference || AddressOf))
      return Alias;
    return {};
  }

  std::string result(const Expr *Call) {
    const Expr *Cur = Call;
    for (int Depth = 0; Depth < 8; ++Depth) {
      auto Parents = I.Ctx.getParents(*Cur);
      if (Parents.empty())
        return {};
      if (const auto *V = Parents[0].get<VarDecl>())
        return I.usr(V);
      const Expr *P = Parents[0].get<Expr>();
      if (!P)
        return {};
      if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->getOpcode() == BO_Assign)
        return identity(BO->getLHS());
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P);
          OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
        return identity(OC->getArg(0));
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
        // threads.push_back(std::thread(f)), futures.emplace_back(std::async(...))
        if (MC->getImplicitObjectArgument() && strip(MC->getImplicitObjectArgument()) != strip(Cur))
          return identity(MC->getImplicitObjectArgument());
        return {};
      }
      if (isa<CallExpr>(P))
        return {};
      Cur = P;
    }
    return {};
  }

  void describe(const Expr *E, CallFact &C) {
    auto Locks = I.CallLocks.find(E);
    if (Locks != I.CallLocks.end())
      C.locks = Locks->second;
    if (auto Chain = I.CallChains.find(E); Chain != I.CallChains.end())
      C.chain = Chain->second;
    const FunctionDecl *Callee = nullptr;
    llvm::SmallVector<const Expr *, 6> Args;
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      Callee = CE->getDirectCallee();
      unsigned First = 0;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        if (const Expr *Obj = MC->getImplicitObjectArgument()) {
          C.objectId = identity(Obj);
          C.objectElementType = elementType(Obj->getType());
        }
      } else if (isa<CXXOperatorCallExpr>(CE) && Callee && isa<CXXMethodDecl>(Callee) &&
                 CE->getNumArgs() > 0) {
        C.objectId = identity(CE->getArg(0));
        First = 1;
      }
      for (unsigned A = First; A < CE->getNumArgs(); ++A) {
        if (isa<CXXDefaultArgExpr>(CE->getArg(A)))
          break;
        Args.push_back(CE->getArg(A));
      }
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      Callee = CE->getConstructor();
      for (const Expr *A : CE->arguments()) {
        if (isa<CXXDefaultArgExpr>(A))
          break;
        Args.push_back(A);
      }
    }
    C.resultId = result(E);
    for (unsigned A = 0; A < Args.size(); ++A) {
      const ParmVarDecl *Param =
          Callee && A < Callee->getNumParams() ? Callee->getParamDecl(A) : nullptr;
      C.argIds.push_back(identity(Args[A]));
      C.argEntries.push_back(entry(Args[A]));
      C.argGlobals.push_back(global(Args[A], Param));
    }
    auto Empty = [](const std::vector<std::string> &V) {
      return std::all_of(V.begin(), V.end(), [](const std::string &S) { return S.empty(); });
    };
    if (Empty(C.argIds))
      C.argIds.clear();
    if (Empty(C.argEntries))
      C.argEntries.clear();
    if (Empty(C.argGlobals))
      C.argGlobals.clear();
  }
};

}  // namespace

ThreadScanner::ThreadScanner(ASTContext &Ctx, SourceMapper &Map, std::vector<GlobalFact> &Globals)
    : P(std::make_unique<Impl>(Ctx, Map, Globals)) {}
ThreadScanner::~ThreadScanner() = default;

void ThreadScanner::scan(const FunctionDecl *FD, FunctionFact &F) { P->scan(FD, F); }

void ThreadScanner::noteVariable(const VarDecl *V) {
  if (V && !V->isStaticLocal() && P->isTracked(V))
    P->noteGlobal(V);
}

ThreadScanner::ManualLock ThreadScanner::manualLockOp(const Expr *E) {
  ManualLock Out;
  E = E->IgnoreParenImpCasts();
  std::vector<LockFact> Locks;
  const Expr *Mutex = nullptr;
  bool Arrow = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!Obj || !MD || !MD->getIdentifier())
      return Out;
    bool Shared, AllArgs, ByPointer;
    if (Impl::isGuardClass(canonicalTypeName(Obj->getType()), Shared, AllArgs, ByPointer))
      return Out;  // unique_lock::unlock(): the guard still owns the mutex
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      Arrow = ME->isArrow();
    Mutex = Obj;
    Out.api = "member";
    Out.method = MD->getName().str();
    std::string Class = canonicalTypeName(Obj->getType());
    Out.recursive = Class == "std::recursive_mutex" || Class == "std::recursive_timed_mutex" ||
                    Class.find("ecursive") != std::string::npos;
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || CE->getNumArgs() == 0)
      return Out;
    llvm::StringRef N = FD->getName();
    if (N.starts_with("pthread_"))
      Out.api = "pthread";
    else if (N.starts_with("mtx_"))
      Out.api = "c11";
    else
      return Out;
    Mutex = CE->getArg(0);
    Out.recursive = true;  // a pthread or C11 mutex may have been made recursive at run time
  } else {
    return Out;
  }
  Impl::LockOp Op = P->lockOperation(E, Locks);
  if (Locks.size() != 1 || (Op != Impl::LockOp::Lock && Op != Impl::LockOp::Unlock))
    return Out;
  Out.op = Op == Impl::LockOp::Lock ? ManualOp::Lock : ManualOp::Unlock;
  Out.lock = Locks.front();
  Out.mutex = Mutex;
  Out.throughPointer = Arrow;
  if (Out.lock.id != "*") {
    Out.key = Out.lock.id;
  } else {
    // Unnamed statically (a pointer parameter): the same expression locks and unlocks it.
    const Expr *M = strip(Mutex);
    if (const auto *U = dyn_cast<UnaryOperator>(M); U && U->getOpcode() == UO_AddrOf)
      M = strip(U->getSubExpr());
    std::string Text = P->text(M->getSourceRange());
    llvm::erase_if(Text, [](char C) { return C == ' ' || C == '\t' || C == '\n'; });
    if (Text.empty())
      return ManualLock{};
    Out.key = "text:" + Text + (Arrow ? "->" : "");
  }
  return Out;
}

void ThreadScanner::describeCall(const Expr *Call, CallFact &C) {
  CallDescriber D{*P};
  D.describe(Call, C);
}

}  // namespace concurlint
