#include "facts/LockSetWalk.h"

#include "facts/AstQueries.h"
#include "facts/BodyVisitor.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

namespace concurlint {

using namespace clang;

LockSetWalker::LockSetWalker(ASTContext &Ctx, SourceMapper &Map, const LockApi &Api,
                             GlobalAccesses &Accesses)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Map(Map), Api(Api),
      Accesses(Accesses), Paths(Ctx, Map, Accesses), Sync(Ctx, Map) {}

const std::vector<ConditionFact> *LockSetWalker::signalsAfter(const Expr *Call) const {
  auto It = CallSignals.find(Call);
  return It == CallSignals.end() ? nullptr : &It->second;
}

const std::vector<ConditionFact> *LockSetWalker::conditionsAt(const Expr *Call) const {
  auto It = CallConditions.find(Call);
  return It == CallConditions.end() ? nullptr : &It->second;
}

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
  CallConditions.clear();
  CallSignals.clear();
  CrashCalls.clear();
  Blocks.clear();
  Scopes.clear();
  NextBlockPlain = false;
  PointsOf.clear();
  CallOrder.clear();
  AccessAt.clear();
  RangeOf.clear();
  Stmt *Body = FD->getBody();
  FnBody = Body;
  if (!Body)
    return;
  F.bodyEnd = Map.span(SourceRange(Body->getEndLoc(), Body->getEndLoc())).offset;
  State S;
  // The barriers the body passes: before the first, every path is in phase 0 of each.
  std::vector<std::string> Barriers;
  Sync.barriersIn(Body, Barriers);
  for (const std::string &B : Barriers) {
    ConditionFact Phase;
    Phase.location = B;
    Phase.value = "0";
    Phase.text = "before the first barrier";
    S.conditions.push_back(std::move(Phase));
  }
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit())
        scanExpr(Init->getInit(), S, nullptr);
  walk(Body, S);
  F.alwaysCrashes = S.dead && S.crashed && !Exit;
  if (!S.dead)
    noteExit(S);
  if (Exit) {
    for (const LockFact &L : Exit->held)
      if (L.guard.empty())  // a guard's lock ends with its scope, before the return
        F.exitLocks.push_back(L);
    F.exitChain = Exit->chain;
  }
  addVariants(FD, F);
}

namespace {

/// The parameter a condition compares with a constant, and the constants, for addVariants:
/// `if (p)`, `if (!p)`, `p == K`, `K != p`, `switch (p) { case K: ... }`.
class ConstantTests : public RecursiveASTVisitor<ConstantTests> {
public:
  explicit ConstantTests(ASTContext &Ctx) : Ctx(Ctx) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

  bool VisitIfStmt(IfStmt *S) {
    condition(S->getCond());
    return true;
  }
  bool VisitSwitchStmt(SwitchStmt *S) {
    const ParmVarDecl *P = param(S->getCond());
    if (!P)
      return true;
    for (const SwitchCase *C = S->getSwitchCaseList(); C; C = C->getNextSwitchCase())
      if (const auto *Case = dyn_cast<CaseStmt>(C); Case && !Case->getRHS())
        if (std::optional<llvm::APSInt> V = constant(Case->getLHS()))
          add(P, *V);
    return true;
  }

  std::vector<std::pair<const ParmVarDecl *, llvm::APSInt>> Found;

  const ParmVarDecl *param(const Expr *E) const {
    if (!E)
      return nullptr;
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *P = D ? dyn_cast<ParmVarDecl>(D->getDecl()) : nullptr;
    if (!P || !P->getType()->isIntegralOrEnumerationType())
      return nullptr;
    return P;
  }
  std::optional<llvm::APSInt> constant(const Expr *E) const {
    Expr::EvalResult R;
    if (!E || E->isValueDependent() || E->isTypeDependent() || !E->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return R.Val.getInt();
  }

private:
  void condition(const Expr *E) {
    if (!E)
      return;
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot)
      return condition(U->getSubExpr());
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      if (B->isLogicalOp()) {
        condition(B->getLHS());
        condition(B->getRHS());
        return;
      }
      if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) {
        const ParmVarDecl *P = param(B->getLHS());
        std::optional<llvm::APSInt> V = constant(B->getRHS());
        if (!P) {
          P = param(B->getRHS());
          V = constant(B->getLHS());
        }
        if (P && V)
          add(P, *V);
      }
      return;
    }
    if (const ParmVarDecl *P = param(E)) {  // `if (on)`: on and off
      llvm::APSInt Zero(Ctx.getIntWidth(P->getType()), P->getType()->isUnsignedIntegerOrEnumerationType());
      llvm::APSInt One = Zero;
      ++One;
      add(P, Zero);
      add(P, One);
    }
  }
  void add(const ParmVarDecl *P, llvm::APSInt V) {
    for (const auto &[Q, W] : Found)
      if (Q == P && llvm::APSInt::isSameValue(W, V))
        return;
    Found.push_back({P, std::move(V)});
  }

  ASTContext &Ctx;
};

}  // namespace

std::optional<bool> LockSetWalker::decide(const Expr *Cond) const {
  if (!Cond || !AssumedParam)
    return std::nullopt;
  const Expr *E = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
    std::optional<bool> Inner = decide(U->getSubExpr());
    return Inner ? std::optional<bool>(!*Inner) : std::nullopt;
  }
  ConstantTests Tests(Ctx);
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_LAnd || B->getOpcode() == BO_LOr) {
      std::optional<bool> L = decide(B->getLHS()), R = decide(B->getRHS());
      bool And = B->getOpcode() == BO_LAnd;
      if ((L && *L != And) || (R && *R != And))
        return !And;  // one false side of &&, one true side of ||
      if (L && R)
        return And;
      return std::nullopt;
    }
    if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) {
      const ParmVarDecl *P = Tests.param(B->getLHS());
      std::optional<llvm::APSInt> V = Tests.constant(B->getRHS());
      if (!P) {
        P = Tests.param(B->getRHS());
        V = Tests.constant(B->getLHS());
      }
      if (P != AssumedParam || !V)
        return std::nullopt;
      bool Equal = llvm::APSInt::isSameValue(*V, AssumedValue);
      return B->getOpcode() == BO_EQ ? Equal : !Equal;
    }
    return std::nullopt;
  }
  if (Tests.param(E) == AssumedParam)
    return !AssumedValue.isZero();
  return std::nullopt;
}

void LockSetWalker::addVariants(const FunctionDecl *FD, FunctionFact &F) {
  const Stmt *Body = FD->getBody();
  if (!Body || FD->isDependentContext())
    return;
  ConstantTests Tests(Ctx);
  Tests.TraverseStmt(const_cast<Stmt *>(Body));
  if (Tests.Found.empty())
    return;
  // What the summary says, to keep only the variants that say something else.
  auto Callees = [&](unsigned Chain) {
    std::vector<std::string> Out;
    for (; Chain; Chain = F.callChain[Chain - 1].parent)
      Out.push_back(F.callChain[Chain - 1].callee);
    return Out;
  };
  auto Ids = [](const std::vector<LockFact> &Locks) {
    std::vector<std::string> Out;
    for (const LockFact &L : Locks)
      Out.push_back(L.id);
    std::sort(Out.begin(), Out.end());
    return Out;
  };
  std::vector<std::string> GenericCallees = Callees(F.exitChain);
  std::vector<std::string> GenericLocks = Ids(F.exitLocks), GenericReleases = F.releases;
  std::sort(GenericReleases.begin(), GenericReleases.end());
  Recording = false;
  constexpr size_t MaxVariants = 8;
  for (const auto &[Param, Value] : Tests.Found) {
    if (F.variants.size() >= MaxVariants)
      break;
    AssumedParam = Param;
    AssumedValue = Value;
    Exit.reset();
    Guards.clear();
    GuardEngaged.clear();
    VariantReleases.clear();
    State S;
    walk(Body, S);
    if (!S.dead)
      noteExit(S);
    if (!Exit)
      continue;  // no way out with that value (it aborts)
    ConstantVariantFact V;
    V.param = Param->getFunctionScopeIndex();
    V.value = llvm::toString(Value, 10);
    for (const LockFact &L : Exit->held)
      if (L.guard.empty())
        V.exitLocks.push_back(L);
    V.releases = VariantReleases;
    V.exitChain = Exit->chain;
    std::vector<std::string> Releases = V.releases;
    std::sort(Releases.begin(), Releases.end());
    if (Ids(V.exitLocks) == GenericLocks && Releases == GenericReleases &&
        Callees(V.exitChain) == GenericCallees)
      continue;
    F.variants.push_back(std::move(V));
  }
  Recording = true;
  AssumedParam = nullptr;
  Exit.reset();
}

void LockSetWalker::noteExit(const State &S) {
  if (!Exit)
    Exit = S;
  else
    Exit = meet(*Exit, S);
}

unsigned LockSetWalker::extendChain(unsigned Parent, std::string Callee,
                                    std::vector<std::string> ArgLocks,
                                    std::vector<std::string> ArgConstants) {
  Fn->callChain.push_back({std::move(Callee), Parent, std::move(ArgLocks), std::move(ArgConstants)});
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
    size_t Scope = Scopes.size();  // an index: the blocks inside push their own
    Scopes.emplace_back();
    Blocks.push_back({Fn->accesses.size(), CallOrder.size(), std::exchange(NextBlockPlain, false)});
    for (const Stmt *Child : CS->body()) {
      bool Alive = !S.dead;
      size_t AccessesBefore = Fn->accesses.size(), CallsBefore = CallOrder.size();
      NextBlockPlain = isa<CompoundStmt>(Child);
      walk(Child, S);
      NextBlockPlain = false;
      if (leavesBlock(Child)) {
        // What came before may have left by another way: the blocks this one runs as part of
        // no longer run everything before here to their end.
        for (size_t K = Blocks.size(); K-- > 0;) {
          Blocks[K].firstAccess = Fn->accesses.size();
          Blocks[K].firstCall = CallOrder.size();
          if (!Blocks[K].plain)
            break;
        }
      }
      if (Recording && Alive && !S.dead) {
        std::vector<ConditionFact> Signals;
        signalsOf(Child, S, Signals);
        // A loop's signals publish what came before the loop; what its body does before them
        // the body's own block published.
        bool Loop = isa<ForStmt>(Child) || isa<CXXForRangeStmt>(Child) || isa<DoStmt>(Child) ||
                    isa<WhileStmt>(Child);
        for (const ConditionFact &Signal : Signals)
          publish(Signal, Loop ? AccessesBefore : Fn->accesses.size(),
                  Loop ? CallsBefore : CallOrder.size());
      }
      if (Recording && Alive && S.dead && S.crashed) {
        // Everything the block did before crashing was on the way to the crash.
        for (size_t I = Blocks.back().firstAccess; I < Fn->accesses.size(); ++I)
          Fn->accesses[I].crashes = true;
        for (size_t I = Blocks.back().firstCall; I < CallOrder.size(); ++I)
          CrashCalls.insert(CallOrder[I]);
      }
      if (const auto *DS = dyn_cast<DeclStmt>(Child))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            Scopes[Scope].push_back(V);
    }
    std::vector<const VarDecl *> Declared = std::move(Scopes[Scope]);
    Scopes.pop_back();
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
      if (Recording && !V->hasGlobalStorage() && V->getType()->getAsCXXRecordDecl()) {
        std::string Type = typeWithElement(V->getType());
        Fn->scopeExits.push_back({Map.usrOf(V), Type, End});
      }
      destroyLocal(V, S);
    }
    Blocks.pop_back();
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(St)) {
    if (Recording)
      noteFork(If);
    walk(If->getInit(), S);
    if (If->getConditionVariableDeclStmt())
      walk(If->getConditionVariableDeclStmt(), S);
    bool OnElse = false;
    std::vector<LockFact> Try;
    if (const Expr *Cond = If->getCond()) {
      scanExpr(Cond, S, nullptr);
      Try = tryLocked(Cond, OnElse);
    }
    State Then = S, Else = S;
    if (const Expr *Cond = If->getCond()) {
      Paths.holdsWhen(Cond, true, Then.conditions);
      Paths.holdsWhen(Cond, false, Else.conditions);
    }
    for (LockFact L : Try) {
      L.acquired = Map.span(If->getCond()->getSourceRange());
      acquire(OnElse ? Else : Then, std::move(L));
    }
    // A variant walk takes only the arm the assumed value chooses.
    std::optional<bool> Decided = decide(If->getCond());
    if (!Decided || *Decided)
      walk(If->getThen(), Then);
    else
      Then.dead = true;
    if (!Decided || !*Decided)
      walk(If->getElse(), Else);
    else
      Else.dead = true;
    S = meet(Then, Else);
    return;
  }
  if (const auto *For = dyn_cast<ForStmt>(St)) {
    walk(For->getInit(), S);
    addLoop(For);
    forgetAtLoopHead(For, S);  // what a later iteration may no longer know
    State Body = S;
    if (For->getCond()) {
      scanExpr(For->getCond(), Body, nullptr);
      Paths.holdsWhen(For->getCond(), true, Body.conditions);
    }
    LoopExits Exits;
    std::vector<LockFact> Entry = S.held;
    walkBody(For->getBody(), Body, Exits);
    if (For->getInc())
      scanExpr(For->getInc(), Body, nullptr);
    S = meet(S, Body);
    leaveLoop(For->getCond(), S, Entry, Exits);
    return;
  }
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(St)) {
    walk(Range->getInit(), S);
    if (const Expr *R = Range->getRangeInit())
      scanExpr(R, S, nullptr);
    if (const VarDecl *LoopVar = Range->getLoopVariable())
      RangeOf[LoopVar] = Range->getRangeInit();
    addLoop(Range);
    forgetAtLoopHead(Range, S);  // what a later iteration may no longer know
    State Body = S;
    LoopExits Exits;
    walkBody(Range->getBody(), Body, Exits);
    S = meet(S, Body);
    S.dead = false;
    // Left at the range's end (the head) or by a break.
    for (const State &B : Exits.breaks)
      S = meet(S, B);
    return;
  }
  if (const auto *While = dyn_cast<WhileStmt>(St)) {
    addLoop(While);
    forgetAtLoopHead(While, S);  // what a later iteration may no longer know
    if (While->getConditionVariableDeclStmt())
      walk(While->getConditionVariableDeclStmt(), S);
    scanExpr(While->getCond(), S, nullptr);
    State Body = S;
    Paths.holdsWhen(While->getCond(), true, Body.conditions);
    LoopExits Exits;
    std::vector<LockFact> Entry = S.held;
    walkBody(While->getBody(), Body, Exits);
    S = meet(S, Body);
    leaveLoop(While->getCond(), S, Entry, Exits);
    return;
  }
  if (const auto *Do = dyn_cast<DoStmt>(St)) {
    addLoop(Do);
    forgetAtLoopHead(Do, S);  // what a later iteration may no longer know
    State Body = S;
    LoopExits Exits;
    walkBody(Do->getBody(), Body, Exits);
    scanExpr(Do->getCond(), Body, nullptr);
    // `do { ... } while (0)` (a macro's body) runs once: what its end knows holds after it.
    std::optional<bool> Once = constantTruth(Do->getCond(), Ctx);
    if (Once && !*Once) {
      for (const State &B : Exits.breaks)
        Body = meet(Body, B);
      S = Body;
      return;
    }
    std::vector<LockFact> Entry = S.held;
    S = meet(S, Body);
    leaveLoop(Do->getCond(), S, Entry, Exits);
    return;
  }
  if (const auto *Switch = dyn_cast<SwitchStmt>(St)) {
    walk(Switch->getInit(), S);
    scanExpr(Switch->getCond(), S, nullptr);
    const auto *D = AssumedParam ? dyn_cast<DeclRefExpr>(Switch->getCond()->IgnoreParenImpCasts())
                                 : nullptr;
    if (D && D->getDecl() == AssumedParam) {
      // A variant walk: from the case with the value (or default), through its fall-throughs,
      // to the breaks.
      bool Matched = false, HasDefault = false;
      for (const SwitchCase *C = Switch->getSwitchCaseList(); C; C = C->getNextSwitchCase()) {
        if (isa<DefaultStmt>(C))
          HasDefault = true;
        else if (const auto *Case = dyn_cast<CaseStmt>(C); Case && !Case->getRHS()) {
          Expr::EvalResult R;
          if (Case->getLHS()->EvaluateAsInt(R, Ctx) &&
              llvm::APSInt::isSameValue(R.Val.getInt(), AssumedValue))
            Matched = true;
        }
      }
      std::vector<State> Breaks;
      BreakTargets.push_back(&Breaks);
      Switches.push_back(SwitchOnAssumed{Matched});
      State Body = S;
      Body.dead = true;  // until the label taken
      walk(Switch->getBody(), Body);
      Switches.pop_back();
      BreakTargets.pop_back();
      State End = Body;
      for (const State &B : Breaks)
        End = meet(End, B);
      if (!Matched && !HasDefault)
        End = meet(End, S);
      S = End;
      return;
    }
    // Its breaks leave the switch, not a loop around it.
    BreakTargets.push_back(nullptr);
    if (AssumedParam)
      Switches.push_back(std::nullopt);
    State Body = S;
    SwitchEntries.push_back(S.conditions);
    walk(Switch->getBody(), Body);
    SwitchEntries.pop_back();
    if (AssumedParam)
      Switches.pop_back();
    BreakTargets.pop_back();
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
    if (!S.dead) {
      // The locals of every open block are destroyed on the way out: a guard of the
      // program's own unlocks before the caller goes on.
      State Out = S;
      for (auto Scope = Scopes.rbegin(); Scope != Scopes.rend(); ++Scope)
        for (auto It = Scope->rbegin(); It != Scope->rend(); ++It)
          destroyLocal(*It, Out);
      noteExit(Out);
    }
    S.dead = true;
    return;
  }
  if (isa<BreakStmt>(St) || isa<ContinueStmt>(St) || isa<GotoStmt>(St)) {
    if (isa<BreakStmt>(St) && !S.dead && !BreakTargets.empty() && BreakTargets.back())
      BreakTargets.back()->push_back(S);
    if (isa<ContinueStmt>(St) && !S.dead && !ContinueTargets.empty())
      ContinueTargets.back()->push_back(S);
    S.dead = true;
    return;
  }
  if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(St)) {
    walk(Coro->getBody(), S);
    return;
  }
  if (const auto *Label = dyn_cast<LabelStmt>(St)) {
    S.dead = false;  // reached by a goto
    S.conditions.clear();  // from wherever the gotos are
    walk(Label->getSubStmt(), S);
    return;
  }
  if (const auto *Case = dyn_cast<SwitchCase>(St)) {
    if (!Switches.empty() && Switches.back()) {
      // A switch on the assumed parameter: only its own label (or default) is entered;
      // a path already inside falls through.
      bool Taken = false;
      if (isa<DefaultStmt>(Case)) {
        Taken = !Switches.back()->matched;
      } else if (const auto *C = dyn_cast<CaseStmt>(Case); C && !C->getRHS()) {
        Expr::EvalResult R;
        Taken = C->getLHS()->EvaluateAsInt(R, Ctx) &&
                llvm::APSInt::isSameValue(R.Val.getInt(), AssumedValue);
      }
      if (Taken)
        S.dead = false;
    } else {
      // Reached from the switch's head as well as by falling through.
      if (!SwitchEntries.empty())
        S.conditions = S.dead ? SwitchEntries.back()
                              : commonConditions(S.conditions, SwitchEntries.back());
      S.dead = false;
    }
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
      if (V->isStaticLocal())
        scanStaticInitialiser(V, S);
      else
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
    else
      endStatement(E, S);
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

void LockSetWalker::walkBody(const Stmt *Body, State &S, LoopExits &Exits) {
  // The loop's breaks and continues (not those of a switch or loop inside it).
  BreakTargets.push_back(&Exits.breaks);
  ContinueTargets.push_back(&Exits.continues);
  walk(Body, S);
  ContinueTargets.pop_back();
  BreakTargets.pop_back();
  // A continue goes on to the next iteration, as the body's end does.
  for (const State &C : Exits.continues)
    S = meet(S, C);
}

std::vector<LockFact> LockSetWalker::tryLocked(const Expr *Cond, bool &OnElse) const {
  std::vector<LockFact> Try = Api.tryLockedIn(Cond, OnElse, Guards);
  llvm::erase_if(Try, [&](const LockFact &L) { return Api.releasedWithoutOrder(FnBody, L); });
  return Try;
}

void LockSetWalker::leaveLoop(const Expr *Cond, State &Head, const std::vector<LockFact> &Entry,
                              const LoopExits &Exits) {
  // Left when the condition is false, and by its breaks; `while (1)` and `for (;;)` only by
  // their breaks (`while (1) { if (atomic_load(&ready)) break; }`: ready holds after it).
  std::optional<bool> Truth = Cond ? constantTruth(Cond, Ctx) : std::optional<bool>(true);
  bool Endless = Truth && *Truth;
  State Out = Head;
  Out.dead = Endless;
  if (!Endless && Cond)
    exitLoop(Cond, Out);
  for (const State &B : Exits.breaks)
    Out = meet(Out, B);
  if (Out.dead) {
    // Never left (a worker's endless loop): what follows is unreachable; walked as before.
    Head.dead = false;
    return;
  }
  if (Endless) {
    // A break walked once, from the state before the loop, stands for the break of any
    // iteration: a lock its path took itself is held there in every iteration; one held since
    // before the loop only if the head of every iteration holds it too. The tests and calls on
    // its path are of its own iteration.
    auto Has = [](const std::vector<LockFact> &Set, const LockFact &L) {
      return llvm::any_of(Set, [&](const LockFact &M) { return M.id == L.id; });
    };
    llvm::erase_if(Out.held, [&](const LockFact &L) {
      return Has(Entry, L) && !Has(Head.held, L);
    });
  }
  Head = std::move(Out);
}

void LockSetWalker::exitLoop(const Expr *Cond, State &S) {
  // Left by the condition being false: what that says holds on that way out.
  Paths.holdsWhen(Cond, false, S.conditions);
  // A spin until a try-lock succeeds: `while (busy.test_and_set(std::memory_order_acquire))`,
  // `while (pthread_mutex_trylock(&m) != 0)`.
  bool OnElse = false;
  std::vector<LockFact> Try = tryLocked(Cond, OnElse);
  if (!OnElse)
    return;
  for (LockFact L : Try) {
    L.acquired = Map.span(Cond->getSourceRange());
    acquire(S, std::move(L));
  }
}

bool LockSetWalker::leavesBlock(const Stmt *St, bool InLoop, bool InSwitch) {
  if (!St || isa<LambdaExpr>(St))
    return false;
  if (isa<ReturnStmt>(St) || isa<GotoStmt>(St) || isa<CXXThrowExpr>(St))
    return true;
  // A break or continue of a loop (or switch) inside the statement stays inside it.
  if (isa<BreakStmt>(St))
    return !InLoop && !InSwitch;
  if (isa<ContinueStmt>(St))
    return !InLoop;
  bool Loop = isa<ForStmt>(St) || isa<WhileStmt>(St) || isa<DoStmt>(St) ||
              isa<CXXForRangeStmt>(St);
  for (const Stmt *Child : St->children())
    if (leavesBlock(Child, InLoop || Loop, InSwitch || isa<SwitchStmt>(St)))
      return true;
  return false;
}

void LockSetWalker::endStatement(const Expr *E, State &S) {
  if (Recording) {
    std::vector<const Expr *> Parts;
    Paths.crashingParts(E, Parts);
    for (const Expr *P : Parts)
      markCrashing(P);
  }
  switch (Paths.endingOf(E)) {
  case Ending::Crashes:
    S.dead = true;
    S.crashed = true;
    return;
  case Ending::Exits:
    S.dead = true;
    return;
  case Ending::Returns:
    Paths.conditionsAfter(E, S.conditions);
    return;
  }
}

void LockSetWalker::markCrashing(const Stmt *E) {
  if (!E || isa<LambdaExpr>(E))
    return;
  if (const auto *X = dyn_cast<Expr>(E)) {
    if (auto It = AccessAt.find(X); It != AccessAt.end())
      Fn->accesses[It->second].crashes = true;
    if (isa<CallExpr>(X) || isa<CXXConstructExpr>(X))
      CrashCalls.insert(X);
  }
  for (const Stmt *Child : E->children())
    markCrashing(Child);
}

void LockSetWalker::addLoop(const Stmt *Loop) {
  if (!Recording)
    return;
  Span Sp = Map.span(Loop->getSourceRange());
  if (Sp.valid())
    Fn->loops.push_back({Sp.offset, Sp.offset + Sp.length});
}

LockSetWalker::State LockSetWalker::meet(const State &A, const State &B) const {
  if (A.dead && B.dead) {
    State Out = B;
    Out.crashed = A.crashed && B.crashed;
    return Out;
  }
  if (A.dead)
    return B;
  if (B.dead)
    return A;
  State Out;
  Out.chain = commonChain(A.chain, B.chain);
  Out.conditions = commonConditions(A.conditions, B.conditions);
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

void LockSetWalker::destroyLocal(const VarDecl *V, State &S) {
  if (S.dead || !V->hasLocalStorage() || V->getType()->isReferenceType())
    return;
  const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl();
  const CXXDestructorDecl *D = RD && RD->hasDefinition() ? RD->getDestructor() : nullptr;
  if (!D || D->isTrivial())
    return;
  SourceLocation Loc = SM.getFileLoc(D->getLocation());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return;
  const FunctionDecl *Def = D->getDefinition();
  std::string Usr = Map.usrOf(Def ? Def : D);
  if (!Usr.empty())
    S.chain = extendChain(S.chain, std::move(Usr));
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
  if (std::optional<ConditionFact> Taken = acquiredCondition(L))
    addCondition(S.conditions, std::move(*Taken));
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
  // C11's atomic operations are no calls; the release of a spinlock may be one
  // (`atomic_flag_clear(&busy)`).
  bool VisitAtomicExpr(AtomicExpr *A) {
    std::vector<LockFact> Locks;
    if (I.Api.operation(A, Locks, I.Guards) == LockApi::Op::Unlock)
      unlock(Locks);
    return true;
  }

  void unlock(const std::vector<LockFact> &Locks) {
    for (const LockFact &L : Locks) {
      bool Held = std::any_of(S.held.begin(), S.held.end(),
                              [&](const LockFact &H) { return H.id == L.id; });
      std::vector<std::string> &Releases = I.Recording ? I.Fn->releases : I.VariantReleases;
      if (!Held && std::find(Releases.begin(), Releases.end(), L.id) == Releases.end())
        Releases.push_back(L.id);  // the caller's lock, released here
      I.release(S, L);
    }
  }
  bool VisitCoawaitExpr(CoawaitExpr *E) { return suspend(E, SuspendKeyword::CoAwait); }
  bool VisitCoyieldExpr(CoyieldExpr *E) { return suspend(E, SuspendKeyword::CoYield); }

  bool suspend(Expr *E, SuspendKeyword Keyword) {
    if (E->getBeginLoc().isInvalid() || !I.Recording)
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
    if (I.Recording) {
      I.CallLocks[CE] = S.held;
      I.CallChains[CE] = S.chain;
      I.CallConditions[CE] = S.conditions;
      I.CallOrder.push_back(CE);
    }
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
      unlock(Locks);
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

  /// Calls to the program's own functions join the chain: one of them may take a lock. So do
  /// the constructions of the program's classes: a lock guard of its own (leveldb's and
  /// rocksdb's `MutexLock l(&mu_)`) locks in its constructor (and unlocks in its destructor,
  /// LockSetWalker::walk at the end of the guard's block).
  void chain(const Expr *CE) {
    const FunctionDecl *FD = nullptr;
    llvm::SmallVector<const Expr *, 4> Args;
    if (const auto *C = dyn_cast<CallExpr>(CE)) {
      FD = C->getDirectCallee();
      unsigned First = isa<CXXOperatorCallExpr>(C) && isa_and_nonnull<CXXMethodDecl>(FD) ? 1 : 0;
      for (unsigned A = First; A < C->getNumArgs(); ++A)
        Args.push_back(C->getArg(A));
    } else if (const auto *K = dyn_cast<CXXConstructExpr>(CE)) {
      if (K->getConstructor()->isTrivial())
        return;
      FD = K->getConstructor();
      for (const Expr *Arg : K->arguments())
        if (!isa<CXXDefaultArgExpr>(Arg))
          Args.push_back(Arg);
    }
    if (!FD)
      return;
    SourceLocation Loc = I.SM.getFileLoc(FD->getLocation());
    if (Loc.isInvalid() || I.SM.isInSystemHeader(Loc))
      return;
    const FunctionDecl *Def = FD->getDefinition();
    std::string Usr = I.Map.usrOf(Def ? Def : FD);
    if (Usr.empty())
      return;
    std::vector<std::string> ArgLocks, ArgConstants;
    for (const Expr *Arg : Args) {
      ArgLocks.push_back(I.Api.argumentLock(Arg));
      ArgConstants.push_back(constantArgument(Arg, I.Ctx));
    }
    auto Empty = [](const std::vector<std::string> &V) {
      return llvm::all_of(V, [](const std::string &X) { return X.empty(); });
    };
    if (Empty(ArgLocks))
      ArgLocks.clear();
    if (Empty(ArgConstants))
      ArgConstants.clear();
    S.chain = I.extendChain(S.chain, std::move(Usr), std::move(ArgLocks), std::move(ArgConstants));
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    // A variant walk records no access: the lock operations and calls are all it needs.
    if (!V || !I.Recording)
      return true;
    if (I.Accesses.isTracked(V)) {
      if (!I.Accesses.namesSharedObject(D, V))
        return true;  // a lambda's own copy
      I.Accesses.noteGlobal(V);  // mutexes too: a fix may reuse one
      if (!isSyncType(V->getType()))  // locking a mutex is not a data access
        record(D, V, I.Map.usrOf(V), V->getNameAsString());
      // A pointer captured by reference: a use of the variable, and through it of the object
      // it points to (below).
      if (!I.Accesses.pointeeShared(V))
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
    // A smart pointer's `sp->f` and `*sp`: its operator-> or operator*, then as a raw pointer's.
    const Expr *SmartDeref = nullptr;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P);
        OC && OC->getNumArgs() == 1 && !pointeeOf(V->getType().getNonReferenceType()).isNull()) {
      if (OC->getOperator() == OO_Star) {
        SmartDeref = OC;
      } else if (OC->getOperator() == OO_Arrow) {
        P = I.Accesses.parentExpr(OC, PS);
        while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P)))
          P = I.Accesses.parentExpr(P, PS);
        if (!P)
          return true;
      }
    }
    // A pointer declared in a loop's body points at another object each iteration.
    std::string Slot = I.Accesses.pointeeShared(V) ? I.Accesses.objectSlot(V) : "";
    // A lambda's capture of it: the lambda made in an iteration has that iteration's object.
    if (!Slot.empty() && D->refersToEnclosingVariableOrCapture())
      Slot = "copy:" + Slot;
    if (SmartDeref) {
      record(SmartDeref, nullptr, Target, "*" + V->getNameAsString(), "", Slot);
    } else if (const auto *U = dyn_cast<UnaryOperator>(P); U && U->getOpcode() == UO_Deref) {
      record(U, nullptr, Target, "*" + V->getNameAsString(), "", Slot);
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P)) {
      record(AS, nullptr, Target, V->getNameAsString() + "[]", "", Slot);
    } else if (const auto *M = dyn_cast<MemberExpr>(P); M && M->isArrow()) {
      // `p->f`: that field of what p points to; locking a mutex field is no data access.
      const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
      if (Field && isSyncType(Field->getType()))
        return true;
      // `p->run()`, a method of the program: what it does to the object is recorded in its
      // body, through `this`.
      if (const auto *MD = dyn_cast<CXXMethodDecl>(M->getMemberDecl());
          MD && !isLibraryDecl(MD, I.SM))
        return true;
      std::string Name = Field ? Field->getNameAsString() : std::string();
      record(M, nullptr, Target, V->getNameAsString() + "->" + Name, Field ? "." + Name : "",
             Slot);
      // Through a parameter only: the callers bind it to the object, whose fields they know.
      if (Field && Field->getType()->isPointerType() &&
          !Field->getType()->getPointeeType()->isFunctionType() &&
          llvm::StringRef(Target).starts_with("param:"))
        recordThroughField(M, Target, V->getNameAsString() + "->" + Name, "." + Name, Slot);
    }
    return true;
  }

  /// `*p->f`, `p->f[i]`, `p->f->g`: what a pointer field of the object points to, as the part
  /// ".f*" ("*" for the pointee). The rule finds the variable from the fields of the object
  /// bound there (GlobalFact::fieldTargets: `struct args a = {&count}` handed to the thread).
  void recordThroughField(const MemberExpr *M, const std::string &Target, const std::string &Path,
                          const std::string &Part, const std::string &Slot) {
    const Stmt *PS;
    const Expr *P = I.Accesses.parentExpr(M, PS);
    while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P)))
      P = I.Accesses.parentExpr(P, PS);
    if (const auto *U = dyn_cast_or_null<UnaryOperator>(P); U && U->getOpcode() == UO_Deref) {
      record(U, nullptr, Target, "*" + Path, Part + "*", Slot);
    } else if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(P);
               AS && AS->getBase()->IgnoreParenImpCasts() == M) {
      record(AS, nullptr, Target, Path + "[]", Part + "*[]", Slot);
    } else if (const auto *Inner = dyn_cast_or_null<MemberExpr>(P); Inner && Inner->isArrow()) {
      if (const auto *F = dyn_cast<FieldDecl>(Inner->getMemberDecl());
          F && !isSyncType(F->getType()))
        record(Inner, nullptr, Target, Path + "->" + F->getNameAsString(),
               Part + "*." + F->getNameAsString(), Slot);
    }
  }

  /// `this->f`, `f` in a method, `(*this).f`: the field of the object the method runs on
  /// (GlobalAccesses::thisObject), as any field reached through a pointer is; which runs share
  /// the object is the rule's to decide.
  bool VisitCXXThisExpr(CXXThisExpr *This) {
    if (!I.Recording)
      return true;
    const Stmt *PS;
    const Expr *P = I.Accesses.parentExpr(This, PS);
    while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P)))
      P = I.Accesses.parentExpr(P, PS);
    if (const auto *U = dyn_cast_or_null<UnaryOperator>(P); U && U->getOpcode() == UO_Deref) {
      P = I.Accesses.parentExpr(U, PS);  // `(*this).f`
      while (P && isa<ParenExpr>(P))
        P = I.Accesses.parentExpr(P, PS);
      if (const auto *M = dyn_cast_or_null<MemberExpr>(P); !M || M->isArrow())
        return true;
    } else if (const auto *M = dyn_cast_or_null<MemberExpr>(P); !M || !M->isArrow()) {
      return true;
    }
    const auto *M = cast<MemberExpr>(P);
    const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
    // A field whose type is synchronisation (a mutex, an atomic): locking or loading it is no
    // data access.
    if (!Field || isSyncType(Field->getType()) || Field->getName().empty())
      return true;
    std::string Object =
        I.Accesses.thisObject(This, dyn_cast<CXXRecordDecl>(Field->getParent()));
    if (Object.empty())
      return true;
    std::string Name = Field->getNameAsString();
    record(M, nullptr, Object, "this->" + Name, "." + Name);
    return true;
  }

  /// Records the access `E` makes to `Var` (through `V`, or a pointer when null): to the part
  /// `Part` of it (a field reached through the pointer), and what `E` is part of decides which.
  /// `ObjectSlot`: the object is one of a loop's iteration (GlobalAccesses::objectSlot).
  void record(const Expr *E, const VarDecl *V, const std::string &Var, const std::string &Path,
              const std::string &Part = "", const std::string &ObjectSlot = "") {
    GlobalAccesses::Use U = I.Accesses.classify(E, V);
    if (U.skip)
      return;
    AccessFact A;
    A.var = Var;
    A.location = Var + Part + U.suffix;
    A.path = Path + U.pathSuffix;
    A.write = U.write;
    A.atomic = U.atomic;
    A.form = V ? U.form : AccessForm::Other;
    A.locks = S.held;
    A.chain = S.chain;
    A.conditions = S.conditions;
    A.span = I.Map.span(E->getSourceRange());
    A.inMacro = E->getBeginLoc().isMacroID();
    A.statement = Guardable;
    const Expr *Index = U.index;
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E); AS && !V)  // `p[i]`, p a parameter
      Index = AS->getIdx();
    A.slot = ObjectSlot.empty() ? I.Accesses.slotOf(Index) : ObjectSlot;
    if (!A.span.valid())
      return;
    if (V && !A.inMacro)
      I.Accesses.atomicRewrite(E, V, A);
    if (A.write)  // the path assigns the global: what it tested no longer holds
      forgetConditions(S.conditions, A.var);
    I.AccessAt[E] = I.Fn->accesses.size();
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
  Span Guardable = Recording ? guardableStatement(Statement) : Span();
  ExprScanner Scanner(*this, S, Guardable);
  Scanner.TraverseStmt(const_cast<Expr *>(E));
  afterEvaluating(E, S);
}

void LockSetWalker::afterEvaluating(const Expr *E, State &S) {
  if (S.dead)
    return;
  std::vector<SyncPoint> Points;
  Sync.in(E, Points);
  if (!Points.empty())
    PointsOf[E] = Points;  // for signalsOf(), which looks at the statement again
  for (const SyncPoint &P : Points) {
    if (P.role == SyncRole::Barrier) {
      // One phase further, where the path knew which phase it was in.
      auto It = llvm::find_if(S.conditions, [&](const ConditionFact &C) {
        return C.location == P.location && C.equal;
      });
      if (It == S.conditions.end())
        continue;
      unsigned Phase = 0;
      llvm::StringRef(It->value).getAsInteger(10, Phase);
      It->value = std::to_string(Phase + 1);
      It->text = "after " + P.text + " (phase " + It->value + ")";
    } else if (P.role == SyncRole::Wait || P.role == SyncRole::SignalAndWait) {
      addCondition(S.conditions, syncCondition(P, "after " + P.text));
    }
  }
  // `cv.wait(lock, [] { return done; })` returns when its predicate holds.
  if (const Expr *Predicate = Sync.waitPredicate(E))
    Paths.holdsWhen(Predicate, true, S.conditions);
}

void LockSetWalker::scanStaticInitialiser(const VarDecl *V, State &S) {
  std::string Usr = Map.usrOf(V);
  // A C static has a constant initialiser; a thread_local one is initialised by each thread.
  if (!LO.CPlusPlus || V->getTLSKind() != VarDecl::TLS_None || Usr.empty()) {
    scanExpr(V->getInit(), S, nullptr);
    return;
  }
  SyncPoint Once{SyncRole::Signal, "sync:" + Usr,
                 "the initialisation of '" + V->getNameAsString() + "'"};
  LockFact Lock;
  Lock.id = "once:" + Once.location;
  Lock.name = Once.text;
  Lock.acquired = Map.span(V->getSourceRange());
  size_t FirstAccess = Fn->accesses.size(), FirstCall = CallOrder.size();
  S.held.push_back(Lock);
  scanExpr(V->getInit(), S, nullptr);
  if (auto It = llvm::find(S.held, Lock); It != S.held.end())
    S.held.erase(It);
  if (Recording) {
    ConditionFact Signal = syncCondition(Once, "the end of " + Once.text);
    for (size_t I = FirstAccess; I < Fn->accesses.size(); ++I)
      addCondition(Fn->accesses[I].signalsAfter, Signal);
    for (size_t I = FirstCall; I < CallOrder.size(); ++I)
      addCondition(CallSignals[CallOrder[I]], Signal);
  }
  if (!S.dead)
    addCondition(S.conditions, syncCondition(Once, "after " + Once.text));
}

void LockSetWalker::forgetAtLoopHead(const Stmt *Loop, State &S) {
  Paths.forgetAssignedIn(Loop, S.conditions);
  // A barrier passed in the loop: a later iteration is in a later phase.
  if (llvm::none_of(S.conditions, [](const ConditionFact &C) {
        return llvm::StringRef(C.location).starts_with("phase:");
      }))
    return;  // no phase known here (the body passes no barrier, or a loop already forgot it)
  std::vector<std::string> Barriers;
  Sync.barriersIn(Loop, Barriers);
  for (const std::string &B : Barriers)
    forgetConditions(S.conditions, B);
}

void LockSetWalker::signalsOf(const Stmt *St, const State &S,
                              std::vector<ConditionFact> &Out) const {
  // The synchronising calls the walk found when it evaluated `E` (afterEvaluating).
  auto Points = [&](const Expr *E) {
    auto It = E ? PointsOf.find(E) : PointsOf.end();
    if (It == PointsOf.end())
      return;
    for (const SyncPoint &P : It->second)
      if (P.role == SyncRole::Signal || P.role == SyncRole::SignalAndWait)
        addCondition(Out, syncCondition(P, P.text));
  };
  if (const auto *E = dyn_cast<Expr>(St)) {
    if (std::optional<ConditionFact> Signal = Paths.signalOf(E))
      addCondition(Out, std::move(*Signal));
    // A flag set under a lock is seen by a thread that tests it under the lock after this.
    if (!S.held.empty())
      if (std::optional<ConditionFact> Flag = Paths.storedConstant(E);
          Flag && !llvm::StringRef(Flag->location).starts_with("param:")) {
        Flag->text += " under " + S.held.back().name;
        addCondition(Out, std::move(*Flag));
      }
    Points(E);
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(St))
    return Points(If->getCond());
  if (const auto *Switch = dyn_cast<SwitchStmt>(St))
    return Points(Switch->getCond());
  if (const auto *While = dyn_cast<WhileStmt>(St))
    return Points(While->getCond());
  if (const auto *DS = dyn_cast<DeclStmt>(St)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        Points(V->getInit());
    return;
  }
  // A loop over the threads that posts to each (`for (i = 0; i < n; i++) sem_post(&go);`,
  // `for (j = 1; j < n; j++) setPending(j, count[j]);`): taken to run at least once.
  const Stmt *Body = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(St))
    Body = For->getBody();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(St))
    Body = Range->getBody();
  else if (const auto *Do = dyn_cast<DoStmt>(St))
    Body = Do->getBody();
  auto InBody = [&](const Expr *E) {
    Points(E);
    if (std::optional<ConditionFact> Signal = Paths.signalOf(E))
      addCondition(Out, std::move(*Signal));
  };
  if (const auto *E = dyn_cast_or_null<Expr>(Body))
    InBody(E);
  else if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Body))
    for (const Stmt *Child : Block->body())
      if (const auto *E = dyn_cast<Expr>(Child))
        InBody(E);
}

void LockSetWalker::publish(const ConditionFact &Signal, size_t AccessesEnd, size_t CallsEnd) {
  // Everything since the start of the block, and of the blocks this one runs as part of.
  size_t K = Blocks.size() - 1;
  while (K > 0 && Blocks[K].plain)
    --K;
  for (size_t I = Blocks[K].firstAccess; I < AccessesEnd; ++I)
    addCondition(Fn->accesses[I].signalsAfter, Signal);
  for (size_t I = Blocks[K].firstCall; I < CallsEnd; ++I)
    addCondition(CallSignals[CallOrder[I]], Signal);
}

}  // namespace concurlint
