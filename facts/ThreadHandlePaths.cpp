// Thread handles on the paths of a function (thread-not-joined): a std::thread (or a container
// of them) destroyed or overwritten while joinable, and pthread_create without join or detach.
#include "facts/AstQueries.h"
#include "facts/PathSupport.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <deque>
#include <set>

namespace concurlint::paths {

void FunctionPaths::pthreads() {
  for (const CallExpr *Create : Index.PthreadCreates) {
    const Expr *IdArg = bare(Create->getArg(0));
    const auto *Addr = dyn_cast<UnaryOperator>(IdArg);
    if (!Addr || Addr->getOpcode() != UO_AddrOf)
      continue;
    const Expr *Id = bare(Addr->getSubExpr());
    bool Element = false;
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Id)) {
      Id = bare(AS->getBase());
      Element = true;
    }
    const VarDecl *V = namedVar(Id);
    if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V))
      continue;
    // Attributes set here may detach it; attributes made elsewhere cannot be seen.
    bool Attributes =
        !bare(Create->getArg(1))->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNull);
    if (Attributes && !Index.SetsDetachState)
      continue;
    ThreadHandleFact H;
    H.name = V->getNameAsString();
    H.kind = ThreadHandleKind::Pthread;
    H.decl = Map.span(SourceRange(V->getLocation(), V->getLocation()));
    H.started = spanOf(Create);
    H.released = Attributes;
    if (const auto *Entry = dyn_cast_or_null<DeclRefExpr>(bare(Create->getArg(2))))
      if (const auto *EFD = dyn_cast<FunctionDecl>(Entry->getDecl()))
        H.entryUsr = Map.usrOf(EFD->getDefinition() ? EFD->getDefinition() : EFD);
    for (const CallExpr *R : Index.PthreadReleases) {
      const Expr *A = bare(R->getArg(0));
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(A))
        A = bare(AS->getBase());
      H.released |= namedVar(A) == V;
    }
    // Any other use of the id (stored, passed on, compared) may join it elsewhere.
    if (usedOtherwise(FD->getBody(), V, Element))
      continue;
    if (!H.released)
      H.leaks.push_back({spanAt(cast<CompoundStmt>(FD->getBody())->getRBracLoc()), ExitKind::ScopeEnd});
    F.threadHandles.push_back(std::move(H));
  }
}

bool FunctionPaths::usedOtherwise(const Stmt *S, const VarDecl *V, bool Element) {
  if (!S)
    return false;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    llvm::StringRef N = calleeName(CE);
    if ((N == "pthread_create" || N == "pthread_join" || N == "pthread_detach") &&
        CE->getNumArgs() > 0) {
      const Expr *A = bare(CE->getArg(0));
      if (const auto *U = dyn_cast<UnaryOperator>(A); U && U->getOpcode() == UO_AddrOf)
        A = bare(U->getSubExpr());
      const Expr *Base = A;
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(A))
        Base = bare(AS->getBase());
      if (namedVar(Base) == V) {
        for (unsigned I = 1; I < CE->getNumArgs(); ++I)
          if (usedOtherwise(CE->getArg(I), V, Element))
            return true;
        if (const auto *AS = dyn_cast<ArraySubscriptExpr>(A))  // the index may use others
          return usedOtherwise(AS->getIdx(), V, Element);
        return false;
      }
    }
  }
  if (const auto *D = dyn_cast<DeclRefExpr>(S))
    return D->getDecl() == V;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *Dc : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(Dc); VD && VD->getInit() &&
                                                  usedOtherwise(VD->getInit(), V, Element))
        return true;
    return false;
  }
  for (const Stmt *Child : S->children())
    if (usedOtherwise(Child, V, Element))
      return true;
  return false;
}

bool FunctionPaths::startsThread(const VarDecl *V) {
  if (!V->getInit() || handleKind(V->getType()) != HandleKind::Thread)
    return false;
  if (const CXXConstructExpr *CE = construction(V))
    return CE->getNumArgs() > 0;
  return !isa<InitListExpr>(V->getInit());
}

const CXXConstructExpr *FunctionPaths::construction(const VarDecl *V) {
  const Expr *Init = V->getInit();
  if (!Init)
    return nullptr;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(bare(Init)))
    return CE;
  return dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
}

void FunctionPaths::threads() {
  unsigned N = Tracked.size();
  llvm::DenseMap<const VarDecl *, unsigned> Slot;
  for (unsigned I = 0; I < N; ++I)
    Slot[Tracked[I].var] = I;
  std::vector<std::vector<ExitFact>> Leaks(N);
  std::vector<Span> Started(N);
  std::vector<bool> Assigned(N, false);

  auto Transfer = [&](const CFGBlock *B, llvm::BitVector State, bool Record) {
    for (const CFGElement &E : *B) {
      if (auto S = E.getAs<CFGStmt>()) {
        const Stmt *St = S->getStmt();
        if (const auto *DS = dyn_cast<DeclStmt>(St)) {
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D); V && Slot.count(V)) {
              unsigned I = Slot[V];
              State[I] = startsThread(V);
              if (State[I] && Record && !Started[I].valid())
                Started[I] = spanOf(V->getInit());
            }
          continue;
        }
        if (const auto *Throw = dyn_cast<CXXThrowExpr>(St)) {
          Span T = spanOf(Throw);
          for (unsigned I : State.set_bits()) {
            auto [Begin, End] = scopeOf(declOf(Tracked[I].var));
            if (T.offset < Begin || T.offset >= End)
              continue;
            if (!throwCaughtWithin(B, Begin, End) && Record)
              addExit(Leaks[I], {T, ExitKind::Throw});
          }
          continue;
        }
        auto Ev = Index.Events.find(St);
        if (Ev == Index.Events.end() || !Slot.count(Ev->second.first))
          continue;
        unsigned I = Slot[Ev->second.first];
        switch (Ev->second.second) {
        case Event::Release:
        case Event::Handover:
          State.reset(I);
          break;
        case Event::Assign:
          Assigned[I] = true;
          if (State[I] && Record)
            addExit(Leaks[I], {spanOf(St), ExitKind::Assign});
          State.set(I);
          if (Record && !Started[I].valid())
            Started[I] = spanOf(St);
          break;
        case Event::Start:
          State.set(I);
          if (Record && !Started[I].valid())
            Started[I] = spanOf(St);
          break;
        }
      } else if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
        auto It = Slot.find(D->getVarDecl());
        if (It == Slot.end())
          continue;
        if (State[It->second] && Record)
          addExit(Leaks[It->second], exitAt(D->getTriggerStmt()));
        State.reset(It->second);
      }
    }
    return State;
  };

  // Forward "may still be joinable" to a fixed point, then once more recording the leaks.
  std::vector<llvm::BitVector> In(Graph->getNumBlockIDs(), llvm::BitVector(N));
  std::vector<bool> Reached(Graph->getNumBlockIDs(), false);
  std::deque<const CFGBlock *> Work{&Graph->getEntry()};
  Reached[Graph->getEntry().getBlockID()] = true;
  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    llvm::BitVector Out = Transfer(B, In[B->getBlockID()], false);
    propagate(B, Out, [&](const CFGBlock *Succ, const llvm::BitVector &State) {
      llvm::BitVector &Target = In[Succ->getBlockID()];
      llvm::BitVector Merged = Target;
      Merged |= State;
      if (Merged != Target || !Reached[Succ->getBlockID()]) {
        Target = Merged;
        Reached[Succ->getBlockID()] = true;
        Work.push_back(Succ);
      }
    }, Slot);
  }
  for (const CFGBlock *B : *Graph)
    if (Reached[B->getBlockID()])
      Transfer(B, In[B->getBlockID()], true);

  for (unsigned I = 0; I < N; ++I) {
    if (Leaks[I].empty())
      continue;
    const VarDecl *V = Tracked[I].var;
    ThreadHandleFact H;
    H.name = V->getNameAsString();
    H.kind = Tracked[I].kind == HandleKind::Thread ? ThreadHandleKind::StdThread
                                                    : ThreadHandleKind::Container;
    H.decl = Map.span(SourceRange(V->getLocation(), V->getLocation()));
    H.started = Started[I].valid() ? Started[I] : H.decl;
    H.leaks = std::move(Leaks[I]);
    if (Tracked[I].kind == HandleKind::Thread && !Assigned[I])
      jthreadFix(V, H);
    F.threadHandles.push_back(std::move(H));
  }
}

const Stmt *FunctionPaths::declOf(const VarDecl *V) {
  // The DeclStmt declaring V: found through the parent map of the body.
  auto Parents = Ctx.getParents(*V);
  if (!Parents.empty())
    if (const auto *DS = Parents[0].get<DeclStmt>())
      return DS;
  return FD->getBody();
}

bool FunctionPaths::throwCaughtWithin(const CFGBlock *B, unsigned Begin, unsigned End) {
  for (const CFGBlock *Succ : B->succs()) {
    if (!Succ)
      continue;
    if (Succ == &Graph->getExit())
      return false;
    if (const Stmt *Label = Succ->getLabel(); Label && isa<CXXCatchStmt>(Label)) {
      Span H = spanOf(Label);
      if (H.offset < Begin || H.offset >= End)
        return false;
    }
  }
  return true;
}

template <typename Fn>
void FunctionPaths::propagate(const CFGBlock *B, const llvm::BitVector &Out, Fn Push,
               const llvm::DenseMap<const VarDecl *, unsigned> &Slot) {
  llvm::BitVector Base = Out;
  if (const Stmt *T = B->getTerminatorStmt()) {
    auto K = Index.KillLoops.find(T);
    if (K != Index.KillLoops.end())
      if (auto It = Slot.find(K->second); It != Slot.end())
        Base.reset(It->second);
  }
  int NotJoinableEdge = -1;
  unsigned Killed = 0;
  if (const auto *Cond = dyn_cast_or_null<Expr>(B->getTerminatorCondition())) {
    const Expr *C = bare(Cond);
    bool Negated = false;
    if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot) {
      C = bare(U->getSubExpr());
      Negated = true;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      if (const CXXMethodDecl *MD = MC->getMethodDecl();
          MD && MD->getIdentifier() && MD->getName() == "joinable")
        if (const VarDecl *V = namedVar(MC->getImplicitObjectArgument()))
          if (auto It = Slot.find(V); It != Slot.end()) {
            NotJoinableEdge = Negated ? 0 : 1;
            Killed = It->second;
          }
  }
  unsigned EdgeIndex = 0;
  for (const CFGBlock *Succ : B->succs()) {
    unsigned Edge = EdgeIndex++;
    if (!Succ)
      continue;
    if (static_cast<int>(Edge) == NotJoinableEdge) {
      llvm::BitVector S = Base;
      S.reset(Killed);
      Push(Succ, S);
    } else {
      Push(Succ, Base);
    }
  }
}

void FunctionPaths::jthreadFix(const VarDecl *V, ThreadHandleFact &H) {
  if (!LO.CPlusPlus20 || !V->getTypeSourceInfo())
    return;
  SourceRange TypeRange = V->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  if (TypeRange.getBegin().isMacroID() || TypeRange.getEnd().isMacroID())
    return;
  Span Type = Map.span(TypeRange);
  std::string Text = Map.sourceText(TypeRange);
  if (Text != "std::thread" && Text != "thread" && Text != "::std::thread")
    return;
  const CXXConstructExpr *CE = construction(V);
  if (!CE || CE->getNumArgs() == 0)
    return;
  unsigned Args = CE->getNumArgs() - 1;
  const Expr *Callable = bare(CE->getArg(0));
  if (const auto *U = dyn_cast<UnaryOperator>(Callable); U && U->getOpcode() == UO_AddrOf)
    Callable = bare(U->getSubExpr());
  const FunctionDecl *Target = nullptr;
  if (const auto *D = dyn_cast<DeclRefExpr>(Callable))
    Target = dyn_cast<FunctionDecl>(D->getDecl());
  else if (const auto *L = dyn_cast<LambdaExpr>(Callable))
    Target = L->getLambdaClass()->isGenericLambda() ? nullptr : L->getCallOperator();
  if (!Target || Target->isVariadic() || Target->getNumParams() != Args)
    return;
  std::string New = Text;
  New.replace(New.rfind("thread"), 6, "jthread");
  H.jthreadFix.push_back({Type, New});
}

}  // namespace concurlint::paths
