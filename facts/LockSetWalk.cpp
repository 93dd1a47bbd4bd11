#include "facts/LockSetWalk.h"

#include "facts/AstQueries.h"
#include "facts/BodyVisitor.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>

namespace concurlint {

using namespace clang;

LockSetWalker::LockSetWalker(ASTContext &Ctx, SourceMapper &Map, const LockApi &Api,
                             GlobalAccesses &Accesses)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Map(Map), Api(Api),
      Accesses(Accesses) {}

const std::vector<LockFact> *LockSetWalker::locksAt(const Expr *Call) const {
  auto It = CallLocks.find(Call);
  return It == CallLocks.end() ? nullptr : &It->second;
}

std::optional<unsigned> LockSetWalker::chainAt(const Expr *Call) const {
  auto It = CallChains.find(Call);
  if (It == CallChains.end())
    return std::nullopt;
  return It->second;
}

const Expr *LockSetWalker::rangeOf(const VarDecl *LoopVariable) const {
  return RangeOf.lookup(LoopVariable);
}

void LockSetWalker::scan(const FunctionDecl *FD, FunctionFact &F) {
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

void LockSetWalker::noteExit(const State &S) {
  if (!Exit)
    Exit = S;
  else
    Exit = meet(*Exit, S);
}

unsigned LockSetWalker::extendChain(unsigned Parent, std::string Callee) {
  Fn->callChain.push_back({std::move(Callee), Parent});
  ChainDepth.push_back(ChainDepth[Parent] + 1);
  return Fn->callChain.size();
}

unsigned LockSetWalker::commonChain(unsigned A, unsigned B) const {
  while (A != B) {
    if (ChainDepth[A] >= ChainDepth[B])
      A = A ? Fn->callChain[A - 1].parent : 0;
    else
      B = B ? Fn->callChain[B - 1].parent : 0;
  }
  return A;
}

void LockSetWalker::walk(const Stmt *St, State &S) {
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
        Fn->scopeExits.push_back({Map.usrOf(V), Type, End});
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
      Try = Api.tryLockedIn(Cond, OnElse, Guards);
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

const CallExpr *LockSetWalker::forkCall(const Expr *E) {
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

const CallExpr *LockSetWalker::forkTest(const Expr *Cond, bool &ChildInThen) {
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

void LockSetWalker::noteFork(const IfStmt *If) {
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

void LockSetWalker::walkBody(const Stmt *Body, State &S) {
  walk(Body, S);
}

void LockSetWalker::addLoop(const Stmt *Loop) {
  Span Sp = Map.span(Loop->getSourceRange());
  if (Sp.valid())
    Fn->loops.push_back({Sp.offset, Sp.offset + Sp.length});
}

LockSetWalker::State LockSetWalker::meet(const State &A, const State &B) const {
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

void LockSetWalker::declareGuard(const VarDecl *V, State &S) {
  const auto *CE = dyn_cast<CXXConstructExpr>(strip(V->getInit()));
  if (!CE)
    return;
  std::optional<GuardClass> Guard = guardClass(canonicalName(CE->getConstructor()->getParent()));
  if (!Guard)
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
    if (I == 0 || Guard->allArgs) {
      LockFact L = Api.lockOf(Arg);
      L.shared = Guard->shared;
      L.guard = V->getNameAsString();
      L.acquired = Map.span(V->getSourceRange());
      Locks.push_back(L);
    }
  }
  if (Locks.empty())
    return;
  Guards[V] = Locks;
  GuardEngaged[V] = Engaged;
  if (Engaged)
    for (const LockFact &L : Locks)
      acquire(S, L);
}

void LockSetWalker::acquire(State &S, LockFact L) {
  S.held.push_back(std::move(L));
}

void LockSetWalker::release(State &S, const LockFact &L) {
  for (auto It = S.held.rbegin(); It != S.held.rend(); ++It)
    if (It->id == L.id) {
      S.held.erase(std::next(It).base());
      return;
    }
}

/// The expressions of one statement, in evaluation-ish order (pre-order), without descending
/// into lambda bodies (functions of their own).
class LockSetWalker::ExprScanner : public BodyVisitor<ExprScanner> {
public:
  ExprScanner(LockSetWalker &I, State &S, Span Guardable) : I(I), S(S), Guardable(Guardable) {}

  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }

  bool VisitCallExpr(CallExpr *CE) { return call(CE); }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) { return call(CE); }
  bool VisitCoawaitExpr(CoawaitExpr *E) { return suspend(E, SuspendKeyword::CoAwait); }
  bool VisitCoyieldExpr(CoyieldExpr *E) { return suspend(E, SuspendKeyword::CoYield); }

  bool suspend(Expr *E, SuspendKeyword Keyword) {
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
    LockApi::Op Op = I.Api.operation(CE, Locks, I.Guards);
    if (Op == LockApi::Op::None)
      chain(CE);
    switch (Op) {
    case LockApi::Op::Lock:
      for (LockFact L : Locks) {
        if (!L.acquired.valid())
          L.acquired = I.Map.span(CE->getSourceRange());
        I.acquire(S, std::move(L));
      }
      break;
    case LockApi::Op::Unlock:
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
    std::string Usr = I.Map.usrOf(Def ? Def : FD);
    if (!Usr.empty())
      S.chain = I.extendChain(S.chain, std::move(Usr));
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V)
      return true;
    if (I.Accesses.isTracked(V)) {
      I.Accesses.noteGlobal(V);  // mutexes too: a fix may reuse one
      if (!isSyncType(V->getType()))  // locking a mutex is not a data access
        record(D, V, I.Map.usrOf(V), V->getNameAsString());
      return true;
    }
    bool Pointer = false;
    std::string Target = I.Accesses.aliasTarget(V, Pointer);
    if (Target.empty())
      return true;
    if (!Pointer) {  // a reference: every use is a use of the global
      record(D, V, Target, V->getNameAsString());
      return true;
    }
    // A pointer: `*p`, `p->f`, `p[i]` access the global; `p` alone does not.
    const Stmt *PS;
    const Expr *P = I.Accesses.parentExpr(D, PS);
    while (P && isa<ImplicitCastExpr>(P) && cast<ImplicitCastExpr>(P)->getCastKind() != CK_LValueToRValue)
      P = I.Accesses.parentExpr(P, PS);
    if (P && isa<ImplicitCastExpr>(P))
      P = I.Accesses.parentExpr(P, PS);
    while (P && (isa<ParenExpr>(P) || isa<ExplicitCastExpr>(P)))
      P = I.Accesses.parentExpr(P, PS);
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
    GlobalAccesses::Use U = I.Accesses.classify(E, V);
    if (U.skip)
      return;
    AccessFact A;
    A.var = Var;
    A.location = Var + U.suffix;
    A.path = Path + U.pathSuffix;
    A.write = U.write;
    A.atomic = U.atomic;
    A.form = V ? U.form : AccessForm::Other;
    A.locks = S.held;
    A.chain = S.chain;
    A.span = I.Map.span(E->getSourceRange());
    A.inMacro = E->getBeginLoc().isMacroID();
    A.statement = Guardable;
    if (!A.span.valid())
      return;
    if (V && !A.inMacro)
      I.Accesses.atomicRewrite(E, V, A);
    I.Fn->accesses.push_back(std::move(A));
  }

private:
  LockSetWalker &I;
  State &S;
  Span Guardable;
};

/// Whether a statement can be wrapped in `{ lock; statement }` as it is: no coroutine
/// suspension and no lock operation inside, not written through a macro.
class LockSetWalker::WrapCheck : public RecursiveASTVisitor<WrapCheck> {
public:
  explicit WrapCheck(LockSetWalker &I) : I(I) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *) { return Ok = false; }
  bool VisitCoyieldExpr(CoyieldExpr *) { return Ok = false; }
  bool VisitCallExpr(CallExpr *CE) {
    std::vector<LockFact> Locks;
    if (I.Api.operation(CE, Locks, I.Guards) != LockApi::Op::None)
      Ok = false;
    return Ok;
  }
  bool Ok = true;

private:
  LockSetWalker &I;
};

Span LockSetWalker::guardableStatement(const Stmt *Statement) {
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

void LockSetWalker::scanExpr(const Expr *E, State &S, const Stmt *Statement) {
  if (!E)
    return;
  Span Guardable = guardableStatement(Statement);
  ExprScanner Scanner(*this, S, Guardable);
  Scanner.TraverseStmt(const_cast<Expr *>(E));
}

}  // namespace concurlint
