#include "tool/core/PathFacts.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <set>

namespace concurlint {

using namespace clang;

namespace {

const Expr *bare(const Expr *E) { return E ? E->IgnoreUnlessSpelledInSource()->IgnoreParens() : E; }

const VarDecl *namedVar(const Expr *E) {
  if (const auto *D = dyn_cast_or_null<DeclRefExpr>(bare(E)))
    return dyn_cast<VarDecl>(D->getDecl());
  return nullptr;
}

llvm::StringRef calleeName(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->getIdentifier() ? FD->getName() : llvm::StringRef();
}

bool isStdMove(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->getIdentifier() && FD->getName() == "move" && FD->isInStdNamespace() &&
         CE->getNumArgs() == 1;
}

enum class HandleKind { None, Thread, Container };

/// A local that owns threads: a std::thread, or an array or standard sequence of them.
HandleKind handleKind(QualType T) {
  if (T->isReferenceType() || T->isPointerType())
    return HandleKind::None;
  if (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    return handleKind(AT->getElementType()) == HandleKind::Thread ? HandleKind::Container
                                                                  : HandleKind::None;
  std::string Name = canonicalTypeName(T);
  if (Name == "std::thread")
    return HandleKind::Thread;
  static const llvm::StringSet<> Sequences = {"std::vector", "std::deque", "std::list",
                                              "std::forward_list", "std::array"};
  if (!Sequences.contains(Name))
    return HandleKind::None;
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    if (Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
        handleKind(Spec->getTemplateArgs()[0].getAsType()) == HandleKind::Thread)
      return HandleKind::Container;
  return HandleKind::None;
}

/// What a statement does to a thread handle.
enum class Event { Release, Handover, Assign, Start };

/// Collects what the path analysis needs from a body, without entering lambdas (functions of
/// their own): locals owning threads and every use of them, manual lock operations, and
/// pthread_create calls.
class BodyIndex : public RecursiveASTVisitor<BodyIndex> {
public:
  BodyIndex(ASTContext &Ctx, ThreadScanner &Threads) : Ctx(Ctx), Threads(Threads) {}

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    // A handle captured by reference, or moved into the closure, lives on in the lambda.
    for (const LambdaCapture &C : LE->captures())
      if (C.capturesVariable())
        if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
          Escaped.insert(V);
    for (Expr *Init : LE->capture_inits())
      if (Init)
        if (const VarDecl *V = namedVarIn(Init))
          Escaped.insert(V);
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (!V->hasLocalStorage() || isa<ParmVarDecl>(V))
      return true;
    HandleKind K = handleKind(V->getType());
    if (K != HandleKind::None)
      Handles.push_back({V, K});
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *D) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (V && V->hasLocalStorage() && handleKind(V->getType()) != HandleKind::None)
      classifyUse(D, V);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    ThreadScanner::ManualLock L = Threads.manualLockOp(CE);
    if (L.op != ThreadScanner::ManualOp::None) {
      if (L.op == ThreadScanner::ManualOp::Unlock)
        UnlockedKeys.insert(L.key);
      Locks[CE] = std::move(L);
    }
    llvm::StringRef Name = calleeName(CE);
    if (Name == "pthread_create" && CE->getNumArgs() == 4)
      PthreadCreates.push_back(CE);
    else if ((Name == "pthread_join" || Name == "pthread_detach") && CE->getNumArgs() >= 1)
      PthreadReleases.push_back(CE);
    else if (Name == "pthread_attr_setdetachstate")
      SetsDetachState = true;
    return true;
  }

  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    // `for (auto &t : threads) t.join();` joins the whole container.
    if (const VarDecl *Container = namedVar(S->getRangeInit()))
      if (const VarDecl *Element = S->getLoopVariable())
        if (joinsIn(S->getBody(), [&](const Expr *Obj) { return namedVar(Obj) == Element; }))
          KillLoops[S] = Container;
    return RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
  }

  bool VisitForStmt(ForStmt *S) { return indexedJoinLoop(S, S->getBody()); }
  bool VisitWhileStmt(WhileStmt *S) { return indexedJoinLoop(S, S->getBody()); }
  bool VisitDoStmt(DoStmt *S) { return indexedJoinLoop(S, S->getBody()); }

  struct Handle {
    const VarDecl *var;
    HandleKind kind;
  };

  ASTContext &Ctx;
  ThreadScanner &Threads;
  std::vector<Handle> Handles;
  llvm::SmallPtrSet<const VarDecl *, 8> Escaped;
  /// Statements that act on a handle: keyed by the statement the CFG lists as an element.
  llvm::DenseMap<const Stmt *, std::pair<const VarDecl *, Event>> Events;
  llvm::DenseMap<const Stmt *, const VarDecl *> KillLoops;  // loops joining a container
  llvm::DenseMap<const Expr *, ThreadScanner::ManualLock> Locks;
  llvm::StringSet<> UnlockedKeys;
  std::vector<const CallExpr *> PthreadCreates, PthreadReleases;
  bool SetsDetachState = false;

private:
  const VarDecl *namedVarIn(const Expr *E) {
    E = bare(E);
    if (const auto *CE = dyn_cast<CallExpr>(E); CE && isStdMove(CE))
      E = bare(CE->getArg(0));
    return namedVar(E);
  }

  /// Whether `Body` calls join() or detach() on an object `IsElement` accepts.
  template <typename Pred> bool joinsIn(const Stmt *Body, Pred IsElement) {
    if (!Body)
      return false;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Body))
      if (const CXXMethodDecl *MD = MC->getMethodDecl(); MD && MD->getIdentifier() &&
                                                          (MD->getName() == "join" ||
                                                           MD->getName() == "detach"))
        if (IsElement(MC->getImplicitObjectArgument()))
          return true;
    for (const Stmt *Child : Body->children())
      if (joinsIn(Child, IsElement))
        return true;
    return false;
  }

  /// The container whose element `E` is: `v[i]`, `v.at(i)`, `arr[i]`.
  static const VarDecl *containerOf(const Expr *E) {
    E = bare(E);
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return namedVar(AS->getBase());
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
        OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2)
      return namedVar(OC->getArg(0));
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (const CXXMethodDecl *MD = MC->getMethodDecl();
          MD && MD->getIdentifier() && MD->getName() == "at")
        return namedVar(MC->getImplicitObjectArgument());
    return nullptr;
  }

  bool indexedJoinLoop(const Stmt *Loop, const Stmt *Body) {
    const VarDecl *Joined = nullptr;
    joinsIn(Body, [&](const Expr *Obj) {
      if (const VarDecl *C = containerOf(Obj)) {
        Joined = C;
        return true;
      }
      return false;
    });
    if (Joined)
      KillLoops[Loop] = Joined;
    return true;
  }

  const Stmt *parentOf(const Stmt *S) {
    auto Parents = Ctx.getParents(*S);
    return Parents.empty() ? nullptr : Parents[0].get<Stmt>();
  }

  /// What the use `D` of the handle `V` does; anything not understood lets it escape.
  void classifyUse(const DeclRefExpr *D, const VarDecl *V) {
    const Stmt *Cur = D;
    const Stmt *P = parentOf(Cur);
    while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P))) {
      Cur = P;
      P = parentOf(P);
    }
    if (!P) {
      // The range of a range-for (`for (auto &t : threads)`): its loops are found apart.
      auto Parents = Ctx.getParents(*Cur);
      if (!Parents.empty())
        if (const auto *Range = Parents[0].get<VarDecl>(); Range && Range->isImplicit())
          return;
      Escaped.insert(V);
      return;
    }
    bool Container = handleKind(V->getType()) == HandleKind::Container;
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(parentOf(ME));
      if (!MD || !MD->getIdentifier() || !Call) {
        Escaped.insert(V);
        return;
      }
      llvm::StringRef N = MD->getName();
      if (!Container) {
        if (N == "join" || N == "detach")
          Events[Call] = {V, Event::Release};
        else if (N != "joinable" && N != "get_id" && N != "native_handle")
          Escaped.insert(V);
        return;
      }
      if (N == "push_back" || N == "emplace_back" || N == "emplace" || N == "push_front" ||
          N == "emplace_front" || N == "insert")
        Events[Call] = {V, Event::Start};
      else if (N == "at")
        elementUse(Call, V);
      else if (N != "size" && N != "empty" && N != "reserve" && N != "capacity")
        Escaped.insert(V);
      return;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (OC->getNumArgs() > 0 && bare(OC->getArg(0)) == D) {
        if (!Container && OC->getOperator() == OO_Equal) {
          Events[OC] = {V, Event::Assign};
          return;
        }
        if (Container && OC->getOperator() == OO_Subscript) {
          elementUse(OC, V);
          return;
        }
      }
      Escaped.insert(V);
      return;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P); AS && Container) {
      elementUse(AS, V);
      return;
    }
    if (const auto *CE = dyn_cast<CallExpr>(P); CE && isStdMove(CE)) {
      Events[CE] = {V, Event::Handover};
      return;
    }
    if (const auto *Ret = dyn_cast<ReturnStmt>(P)) {
      Events[Ret] = {V, Event::Handover};  // returned: the caller owns it now
      return;
    }
    Escaped.insert(V);
  }

  /// An element of a container of threads: joined (neutral: loops are found apart), or
  /// assigned a new thread (`threads[i] = std::thread(f)`).
  void elementUse(const Expr *Element, const VarDecl *V) {
    const Stmt *P = parentOf(Element);
    while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P)))
      P = parentOf(P);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
      if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
          MD && MD->getIdentifier() &&
          (MD->getName() == "join" || MD->getName() == "detach" || MD->getName() == "joinable" ||
           MD->getName() == "get_id"))
        return;
    if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(P);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
        bare(OC->getArg(0)) == bare(Element)) {
      Events[OC] = {V, Event::Start};
      return;
    }
    Escaped.insert(V);
  }
};

class FunctionPaths {
public:
  FunctionPaths(ASTContext &Ctx, SourceMapper &Map, ThreadScanner &Threads,
                const FunctionDecl *FD, FunctionFact &F)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Map(Map), FD(FD), F(F),
        Index(Ctx, Threads), Parents(FD->getBody()) {}

  void run() {
    Stmt *Body = FD->getBody();
    if (isa<CoroutineBodyStmt>(Body))
      return;  // a coroutine's CFG does not follow its suspensions; coro-* rules cover it
    Index.TraverseStmt(Body);
    pthreads();
    for (const auto &H : Index.Handles)
      if (!Index.Escaped.contains(H.var))
        Tracked.push_back(H);
    bool Locks = false;
    for (const auto &[E, L] : Index.Locks)
      Locks |= L.op == ThreadScanner::ManualOp::Lock && Index.UnlockedKeys.contains(L.key);
    if (Tracked.empty() && !Locks)
      return;
    CFG::BuildOptions Options;
    Options.AddImplicitDtors = true;
    Options.AddEHEdges = false;
    Options.setAllAlwaysAdd();
    Graph = CFG::buildCFG(FD, Body, &Ctx, Options);
    if (!Graph)
      return;
    if (!Tracked.empty())
      threads();
    if (Locks)
      manualLocks();
  }

private:
  // ---- positions ---------------------------------------------------------------------------

  Span spanOf(const Stmt *S) { return Map.span(S->getSourceRange()); }
  Span spanAt(SourceLocation L) { return Map.span(SourceRange(L, L)); }

  /// The span of bytes [Begin, End) of the file `Anchor` is in.
  Span byteSpan(const Span &Anchor, SourceLocation AnchorLoc, unsigned Begin, unsigned End) {
    FileID FID = SM.getFileID(SM.getFileLoc(AnchorLoc));
    Span S;
    S.file = Anchor.file;
    S.offset = Begin;
    S.length = End - Begin;
    S.line = SM.getLineNumber(FID, Begin);
    S.column = SM.getColumnNumber(FID, Begin);
    S.endLine = SM.getLineNumber(FID, End);
    S.endColumn = SM.getColumnNumber(FID, End);
    return S;
  }

  ExitFact exitAt(const Stmt *S) {
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      return {spanAt(CS->getRBracLoc()), "scope-end"};
    if (isa<ReturnStmt>(S))
      return {spanOf(S), "return"};
    if (isa<BreakStmt>(S))
      return {spanOf(S), "break"};
    if (isa<ContinueStmt>(S))
      return {spanOf(S), "continue"};
    if (isa<GotoStmt>(S))
      return {spanOf(S), "goto"};
    if (isa<CXXThrowExpr>(S))
      return {spanOf(S), "throw"};
    return {spanAt(S->getEndLoc()), "scope-end"};
  }

  static void addExit(std::vector<ExitFact> &Out, ExitFact E) {
    for (const ExitFact &Old : Out)
      if (Old.at.offset == E.at.offset && Old.at.file == E.at.file && Old.how == E.how)
        return;
    Out.push_back(std::move(E));
  }

  /// The innermost block `S` is declared in, as [begin, end) offsets.
  std::pair<unsigned, unsigned> scopeOf(const Stmt *S) {
    for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
      if (isa<CompoundStmt>(P) || isa<ForStmt>(P) || isa<CXXForRangeStmt>(P) || isa<IfStmt>(P) ||
          isa<WhileStmt>(P) || isa<SwitchStmt>(P)) {
        Span Sp = spanOf(P);
        return {Sp.offset, Sp.offset + Sp.length};
      }
    Span Sp = spanOf(FD->getBody());
    return {Sp.offset, Sp.offset + Sp.length};
  }

  // ---- pthread_create without join or detach ------------------------------------------------

  void pthreads() {
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
      H.kind = "pthread";
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
        H.leaks.push_back({spanAt(cast<CompoundStmt>(FD->getBody())->getRBracLoc()), "scope-end"});
      F.threadHandles.push_back(std::move(H));
    }
  }

  /// Whether `V` is used other than as `&V` (or `&V[i]`) given to pthread_create or as the id
  /// given to pthread_join / pthread_detach.
  bool usedOtherwise(const Stmt *S, const VarDecl *V, bool Element) {
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

  // ---- std::thread handles ------------------------------------------------------------------

  /// Whether the declaration starts a thread: `std::thread t(f, ...)`, `= std::thread(f)`,
  /// `= make_worker()`. A default-constructed handle or container holds none.
  bool startsThread(const VarDecl *V) {
    if (!V->getInit() || handleKind(V->getType()) != HandleKind::Thread)
      return false;
    if (const CXXConstructExpr *CE = construction(V))
      return CE->getNumArgs() > 0;
    return !isa<InitListExpr>(V->getInit());
  }

  /// The constructor call initialising `V`: `std::thread t(f)`, `= std::thread(f)`.
  static const CXXConstructExpr *construction(const VarDecl *V) {
    const Expr *Init = V->getInit();
    if (!Init)
      return nullptr;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(bare(Init)))
      return CE;
    return dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
  }

  void threads() {
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
                addExit(Leaks[I], {T, "throw"});
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
              addExit(Leaks[I], {spanOf(St), "assign"});
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
      H.kind = Tracked[I].kind == HandleKind::Thread ? "std::thread" : "container";
      H.decl = Map.span(SourceRange(V->getLocation(), V->getLocation()));
      H.started = Started[I].valid() ? Started[I] : H.decl;
      H.leaks = std::move(Leaks[I]);
      if (Tracked[I].kind == HandleKind::Thread && !Assigned[I])
        jthreadFix(V, H);
      F.threadHandles.push_back(std::move(H));
    }
  }

  const Stmt *declOf(const VarDecl *V) {
    // The DeclStmt declaring V: found through the parent map of the body.
    auto Parents = Ctx.getParents(*V);
    if (!Parents.empty())
      if (const auto *DS = Parents[0].get<DeclStmt>())
        return DS;
    return FD->getBody();
  }

  /// Whether a throw in block `B` lands in a handler inside [Begin, End): the handler runs
  /// before the handle's scope ends.
  bool throwCaughtWithin(const CFGBlock *B, unsigned Begin, unsigned End) {
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

  /// Edge effects: a loop that joins a container, `if (t.joinable())` on its false edge.
  template <typename Fn>
  void propagate(const CFGBlock *B, const llvm::BitVector &Out, Fn Push,
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

  /// `std::thread t(f, a)` -> `std::jthread t(f, a)`: its destructor joins on every path. Only
  /// where the declared type is spelled `std::thread` or `thread`, in C++20, and the callable
  /// cannot take the std::stop_token that jthread would pass first.
  void jthreadFix(const VarDecl *V, ThreadHandleFact &H) {
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

  // ---- manual lock() / unlock() -------------------------------------------------------------

  struct Position {
    const CFGBlock *block;
    unsigned element;
  };

  /// Whether returning at `S` is the function's normal end: `S` is the last statement of the
  /// body, or of a branch of an if that is.
  bool isFinal(const Stmt *S) {
    const Stmt *Body = FD->getBody();
    while (true) {
      const Stmt *P = Parents.getParent(S);
      if (!P)
        return false;
      if (const auto *CS = dyn_cast<CompoundStmt>(P)) {
        if (CS->body_empty() || CS->body_back() != S)
          return false;
        if (CS == Body)
          return true;
      } else if (const auto *If = dyn_cast<IfStmt>(P)) {
        if (If->getThen() != S && If->getElse() != S)
          return false;
      } else if (!isa<AttributedStmt>(P) && !isa<LabelStmt>(P)) {
        return false;
      }
      S = P;
    }
  }

  void manualLocks() {
    llvm::DenseMap<const Stmt *, Position> Where;
    for (const CFGBlock *B : *Graph) {
      unsigned I = 0;
      for (const CFGElement &E : *B) {
        if (auto S = E.getAs<CFGStmt>())
          Where.try_emplace(S->getStmt(), Position{B, I});
        ++I;
      }
    }
    std::vector<std::pair<const Expr *, const ThreadScanner::ManualLock *>> Sites;
    for (const auto &[E, L] : Index.Locks)
      if (L.op == ThreadScanner::ManualOp::Lock && Index.UnlockedKeys.contains(L.key))
        Sites.push_back({E, &L});
    std::sort(Sites.begin(), Sites.end(), [&](const auto &A, const auto &B) {
      return SM.isBeforeInTranslationUnit(A.first->getBeginLoc(), B.first->getBeginLoc());
    });
    llvm::StringMap<bool> HeldOnEntry;
    for (const auto &[E, L] : Sites) {
      auto Held = HeldOnEntry.try_emplace(L->key, false);
      if (Held.second)
        Held.first->second = unlockedFirst(L->key);
      if (Held.first->second)
        continue;  // locks again what the function released for a while: the caller's lock
      auto It = Where.find(E);
      if (It != Where.end())
        followLock(E, *L, It->second);
    }
  }

  /// Whether some path from the function's entry unlocks the mutex `Key` before locking it:
  /// the function runs with it held (`mu.unlock(); sleep(); mu.lock();`).
  bool unlockedFirst(llvm::StringRef Key) {
    llvm::SmallPtrSet<const CFGBlock *, 32> Seen;
    std::vector<const CFGBlock *> Work{&Graph->getEntry()};
    while (!Work.empty()) {
      const CFGBlock *B = Work.back();
      Work.pop_back();
      bool Stop = false;
      for (const CFGElement &E : *B) {
        auto S = E.getAs<CFGStmt>();
        const auto *Ex = S ? dyn_cast<Expr>(S->getStmt()) : nullptr;
        auto Op = Ex ? Index.Locks.find(Ex) : Index.Locks.end();
        if (Op == Index.Locks.end() || Op->second.key != Key)
          continue;
        if (Op->second.op == ThreadScanner::ManualOp::Unlock)
          return true;
        Stop = true;
        break;
      }
      if (Stop)
        continue;
      for (const CFGBlock *Succ : B->succs())
        if (Succ && Seen.insert(Succ).second)
          Work.push_back(Succ);
    }
    return false;
  }

  /// Explores the paths from the lock at `From` until they unlock the same mutex, lock it
  /// again, or leave the function.
  void followLock(const Expr *LockCall, const ThreadScanner::ManualLock &L, Position From) {
    ManualLockFact M;
    M.lock = L.lock;
    M.lock.acquired = spanOf(LockCall);
    M.api = L.api;
    bool NormalEnd = false;
    struct Item {
      const CFGBlock *block;
      unsigned element;
      std::optional<ExitFact> via;  // the first jump taken on the way
    };
    std::set<std::pair<unsigned, bool>> Seen;
    std::deque<Item> Work{{From.block, From.element + 1, std::nullopt}};
    std::vector<const Expr *> Unlocks;
    while (!Work.empty()) {
      Item W = Work.front();
      Work.pop_front();
      bool Ended = false;
      for (unsigned I = W.element; I < W.block->size() && !Ended; ++I) {
        auto S = (*W.block)[I].getAs<CFGStmt>();
        if (!S)
          continue;
        const Stmt *St = S->getStmt();
        if (const auto *E = dyn_cast<Expr>(St)) {
          auto Op = Index.Locks.find(E);
          if (Op != Index.Locks.end() && Op->second.key == L.key) {
            if (Op->second.op == ThreadScanner::ManualOp::Unlock) {
              if (std::find(Unlocks.begin(), Unlocks.end(), E) == Unlocks.end())
                Unlocks.push_back(E);
            } else if (!L.recursive) {
              ExitFact Again{spanOf(E), "lock-again"};
              addExit(M.relocks, W.via ? *W.via : Again);
            }
            Ended = true;
            break;
          }
        }
        if (isa<ReturnStmt>(St)) {
          if (W.via)
            addExit(M.leaks, *W.via);
          else if (isFinal(St))
            NormalEnd = true;
          else
            addExit(M.leaks, exitAt(St));
          Ended = true;
        } else if (isa<CXXThrowExpr>(St) && !W.via) {
          W.via = exitAt(St);
        }
      }
      if (Ended || W.block->hasNoReturnElement())
        continue;
      if (const Stmt *T = W.block->getTerminatorStmt();
          T && !W.via && (isa<BreakStmt>(T) || isa<ContinueStmt>(T) || isa<GotoStmt>(T)))
        W.via = exitAt(T);
      for (const CFGBlock *Succ : W.block->succs()) {
        if (!Succ)
          continue;
        if (Succ == &Graph->getExit()) {
          if (W.via)
            addExit(M.leaks, *W.via);
          else
            NormalEnd = true;
          continue;
        }
        if (Seen.insert({Succ->getBlockID(), W.via.has_value()}).second)
          Work.push_back({Succ, 0, W.via});
      }
    }
    if (NormalEnd || Unlocks.empty())
      return;  // acquires the mutex for its caller, or never releases it here
    for (const Expr *U : Unlocks)
      M.unlocks.push_back(spanOf(U));
    if (M.api == "member" && LO.CPlusPlus && M.relocks.empty() && Unlocks.size() == 1)
      guardFix(LockCall, L, Unlocks.front(), M);
    F.manualLocks.push_back(std::move(M));
  }

  /// The statement a call is the whole of, in a block: `m.lock();`.
  const CompoundStmt *blockOf(const Expr *Call, unsigned &Index) {
    const Stmt *S = Call;
    const Stmt *P = Parents.getParent(S);
    while (P && (isa<ExprWithCleanups>(P) || isa<ParenExpr>(P))) {
      S = P;
      P = Parents.getParent(P);
    }
    const auto *CS = dyn_cast_or_null<CompoundStmt>(P);
    if (!CS)
      return nullptr;
    Index = 0;
    for (const Stmt *Child : CS->body()) {
      if (Child == S)
        return CS;
      ++Index;
    }
    return nullptr;
  }

  /// The bytes of the statement `Call;`, semicolon included.
  std::optional<std::pair<unsigned, unsigned>> statementBytes(const Expr *Call) {
    SourceLocation B = Call->getBeginLoc(), E = Call->getEndLoc();
    if (B.isMacroID() || E.isMacroID())
      return std::nullopt;
    SourceLocation AfterSemi =
        Lexer::findLocationAfterToken(E, tok::semi, SM, LO, /*SkipTrailingWhitespaceAndNewLine=*/false);
    if (AfterSemi.isInvalid())
      return std::nullopt;
    return std::make_pair(SM.getFileOffset(B), SM.getFileOffset(AfterSemi));
  }

  static bool declaresUsedLater(const CompoundStmt *CS, unsigned From, unsigned To) {
    llvm::SmallPtrSet<const Decl *, 8> Declared;
    for (unsigned I = From; I < To; ++I)
      if (const auto *DS = dyn_cast<DeclStmt>(CS->body_begin()[I]))
        for (const Decl *D : DS->decls())
          Declared.insert(D);
    if (Declared.empty())
      return false;
    std::function<bool(const Stmt *)> Uses = [&](const Stmt *S) {
      if (!S)
        return false;
      if (const auto *D = dyn_cast<DeclRefExpr>(S); D && Declared.contains(D->getDecl()))
        return true;
      for (const Stmt *C : S->children())
        if (Uses(C))
          return true;
      return false;
    };
    for (unsigned I = To; I < CS->size(); ++I)
      if (Uses(CS->body_begin()[I]))
        return true;
    return false;
  }

  static bool hasLabels(const Stmt *S) {
    if (!S)
      return false;
    if (isa<LabelStmt>(S) || isa<SwitchCase>(S))
      return true;
    if (isa<SwitchStmt>(S))
      return false;  // its cases are its own
    for (const Stmt *C : S->children())
      if (hasLabels(C))
        return true;
    return false;
  }

  /// A name for the guard that the function does not use yet.
  std::string guardName(llvm::StringRef BodyText) {
    for (const char *Candidate : {"guard", "lock", "held", "guard_", "mutex_guard"}) {
      llvm::StringRef C(Candidate);
      size_t Pos = 0;
      bool Used = false;
      while ((Pos = BodyText.find(C, Pos)) != llvm::StringRef::npos) {
        auto IsIdent = [](char Ch) { return std::isalnum(static_cast<unsigned char>(Ch)) || Ch == '_'; };
        bool Before = Pos > 0 && IsIdent(BodyText[Pos - 1]);
        bool After = Pos + C.size() < BodyText.size() && IsIdent(BodyText[Pos + C.size()]);
        if (!Before && !After) {
          Used = true;
          break;
        }
        Pos += C.size();
      }
      if (!Used)
        return C.str();
    }
    return {};
  }

  /// `m.lock(); A; B; m.unlock(); C;` -> `{ std::lock_guard guard(m); A; B; } C;` (no braces
  /// when the unlock ends the block). Exact when the two statements are in one block, nothing
  /// jumps into the region, and nothing declared in it is used after it.
  void guardFix(const Expr *LockCall, const ThreadScanner::ManualLock &L, const Expr *UnlockCall,
                ManualLockFact &M) {
    const char *Guard = nullptr;
    if (L.method == "lock") {
      Guard = "std::lock_guard";
      M.guardHeader = "<mutex>";
    } else if (L.method == "lock_shared") {
      Guard = "std::shared_lock";
      M.guardHeader = "<shared_mutex>";
    } else {
      return;
    }
    unsigned LockIndex = 0, UnlockIndex = 0;
    const CompoundStmt *CS = blockOf(LockCall, LockIndex);
    if (!CS || blockOf(UnlockCall, UnlockIndex) != CS || UnlockIndex <= LockIndex)
      return;
    for (unsigned I = LockIndex + 1; I < UnlockIndex; ++I)
      if (hasLabels(CS->body_begin()[I]))
        return;
    bool Last = UnlockIndex + 1 == CS->size();
    if (!Last && declaresUsedLater(CS, LockIndex + 1, UnlockIndex))
      return;
    auto LockBytes = statementBytes(LockCall), UnlockBytes = statementBytes(UnlockCall);
    if (!LockBytes || !UnlockBytes || !L.mutex)
      return;
    // Leaks must leave from inside the region: the guard releases the mutex there.
    for (const ExitFact &E : M.leaks)
      if (E.at.offset < LockBytes->second || E.at.offset >= UnlockBytes->first)
        return;
    const Expr *MutexExpr = L.mutex;
    std::string MutexText = Map.sourceText(bare(MutexExpr)->getSourceRange());
    std::string BodyText = Map.sourceText(FD->getBody()->getSourceRange());
    if (MutexText.empty() || BodyText.empty())
      return;
    std::string Name = guardName(BodyText);
    if (Name.empty())
      return;
    std::string Object = (L.throughPointer ? "*" : "") + MutexText;
    std::string Type = Guard;
    if (!LO.CPlusPlus17) {
      QualType T = bare(MutexExpr)->getType();
      if (L.throughPointer && T->isPointerType())
        T = T->getPointeeType();
      Type += "<" + T.getUnqualifiedType().getCanonicalType().getAsString(Ctx.getPrintingPolicy()) + ">";
    }
    std::string Decl = Type + " " + Name + "(" + Object + ");";

    FileID FID = SM.getFileID(LockCall->getBeginLoc());
    llvm::StringRef Buffer = SM.getBufferData(FID);
    Span Anchor = spanOf(LockCall);
    SourceLocation AnchorLoc = LockCall->getBeginLoc();
    auto LineStart = [&](unsigned Off) {
      while (Off > 0 && Buffer[Off - 1] != '\n')
        --Off;
      return Off;
    };
    auto AloneOnLine = [&](unsigned B, unsigned E) {
      unsigned S = LineStart(B);
      if (!Buffer.slice(S, B).trim(" \t").empty())
        return false;
      size_t NL = Buffer.find('\n', E);
      llvm::StringRef Rest =
          Buffer.slice(E, NL == llvm::StringRef::npos ? Buffer.size() : NL).trim(" \t\r");
      return Rest.empty() || Rest.starts_with("//");  // a trailing comment moves with it
    };
    auto [LB, LE] = *LockBytes;
    auto [UB, UE] = *UnlockBytes;
    if (Last) {
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, LB, LE), Decl});
      if (AloneOnLine(UB, UE)) {
        unsigned S = LineStart(UB);
        size_t NL = Buffer.find('\n', UE);
        unsigned End = NL == llvm::StringRef::npos ? Buffer.size() : NL + 1;
        M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, S, End), ""});
      } else {
        M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, UB, UE), ""});
      }
      return;
    }
    if (AloneOnLine(LB, LE) && AloneOnLine(UB, UE)) {
      std::string Indent = Buffer.slice(LineStart(LB), LB).str();
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, LB, LE), "{\n" + Indent + "  " + Decl});
      // Indent the statements in between by one level.
      size_t Line = Buffer.find('\n', LE);
      while (Line != llvm::StringRef::npos && Line + 1 < LineStart(UB)) {
        unsigned Begin = Line + 1;
        size_t Next = Buffer.find('\n', Begin);
        if (!Buffer.slice(Begin, Next == llvm::StringRef::npos ? Buffer.size() : Next).trim(" \t\r").empty())
          M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, Begin, Begin), "  "});
        Line = Next;
      }
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, UB, UE), "}"});
    } else {
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, LB, LE), "{ " + Decl});
      M.guardFix.push_back({byteSpan(Anchor, AnchorLoc, UB, UE), "}"});
    }
  }

  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  SourceMapper &Map;
  const FunctionDecl *FD;
  FunctionFact &F;
  BodyIndex Index;
  ParentMap Parents;
  std::vector<BodyIndex::Handle> Tracked;
  std::unique_ptr<CFG> Graph;
};

}  // namespace

PathScanner::PathScanner(ASTContext &Ctx, SourceMapper &Map, ThreadScanner &Threads)
    : Ctx(Ctx), Map(Map), Threads(Threads) {}

void PathScanner::scan(const FunctionDecl *FD, FunctionFact &F) {
  if (!FD->getBody() || (!isa<CompoundStmt>(FD->getBody()) && !isa<CoroutineBodyStmt>(FD->getBody())))
    return;
  // A template's pattern has no CFG worth building; its instantiations are scanned instead.
  if (FD->isDependentContext())
    return;
  FunctionPaths Paths(Ctx, Map, Threads, FD, F);
  Paths.run();
}

}  // namespace concurlint
