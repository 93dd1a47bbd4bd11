// The path analysis behind PathFacts.h, shared by its three files: PathFacts.cpp (the CFG, positions,
// the scanner), ThreadHandlePaths.cpp (thread handles destroyed while joinable, pthreads never
// joined) and ManualLockPaths.cpp (mutexes left locked, the lock_guard fix). Internal to facts/.
#pragma once

#include "facts/Facts.h"
#include "facts/LockApi.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace concurlint::paths {

using namespace clang;

enum class HandleKind { None, Thread, Container };

/// The expression as spelled in the source, without parentheses.
const Expr *bare(const Expr *E);
/// The variable an expression names, if it is just a name.
const VarDecl *namedVar(const Expr *E);
/// The called function's name, or "".
llvm::StringRef calleeName(const CallExpr *CE);
bool isStdMove(const CallExpr *CE);
/// A local that owns threads: a std::thread, or an array or standard sequence of them.
HandleKind handleKind(QualType T);

/// What a statement does to a thread handle.
enum class Event { Release, Handover, Assign, Start };

/// Collects what the path analysis needs from a body, without entering lambdas (functions of
/// their own): locals owning threads and every use of them, manual lock operations, and
/// pthread_create calls.
class BodyIndex : public RecursiveASTVisitor<BodyIndex> {
public:
  BodyIndex(ASTContext &Ctx, const LockApi &Api) : Ctx(Ctx), Api(Api) {}

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
    ManualLock L = Api.manualLockOp(CE);
    if (L.op != ManualOp::None) {
      if (L.op == ManualOp::Unlock)
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
  const LockApi &Api;
  std::vector<Handle> Handles;
  llvm::SmallPtrSet<const VarDecl *, 8> Escaped;
  /// Statements that act on a handle: keyed by the statement the CFG lists as an element.
  llvm::DenseMap<const Stmt *, std::pair<const VarDecl *, Event>> Events;
  llvm::DenseMap<const Stmt *, const VarDecl *> KillLoops;  // loops joining a container
  llvm::DenseMap<const Expr *, ManualLock> Locks;
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
  FunctionPaths(ASTContext &Ctx, SourceMapper &Map, const LockApi &Locks, ProjectGuards &Guards,
                const FunctionDecl *FD, FunctionFact &F)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Map(Map), Guards(Guards),
        FD(FD), F(F), Index(Ctx, Locks), Parents(FD->getBody()) {}

  void run();

private:
  // ---- positions (PathFacts.cpp) ---------------------------------------------------------------

  Span spanOf(const Stmt *S);

  Span spanAt(SourceLocation L);

  /// The span of bytes [Begin, End) of the file `Anchor` is in.
  Span byteSpan(const Span &Anchor, SourceLocation AnchorLoc, unsigned Begin, unsigned End);

  ExitFact exitAt(const Stmt *S);

  static void addExit(std::vector<ExitFact> &Out, ExitFact E);

  /// The innermost block `S` is declared in, as [begin, end) offsets.
  std::pair<unsigned, unsigned> scopeOf(const Stmt *S);

  // ---- pthread_create without join or detach (ThreadHandlePaths.cpp) ---------------------------

  void pthreads();

  /// Whether `V` is used other than as `&V` (or `&V[i]`) given to pthread_create or as the id
  /// given to pthread_join / pthread_detach.
  bool usedOtherwise(const Stmt *S, const VarDecl *V, bool Element);

  // ---- std::thread handles (ThreadHandlePaths.cpp) ---------------------------------------------

  /// Whether the declaration starts a thread: `std::thread t(f, ...)`, `= std::thread(f)`,
  /// `= make_worker()`. A default-constructed handle or container holds none.
  bool startsThread(const VarDecl *V);

  /// The constructor call initialising `V`: `std::thread t(f)`, `= std::thread(f)`.
  static const CXXConstructExpr *construction(const VarDecl *V);

  void threads();

  const Stmt *declOf(const VarDecl *V);

  /// Whether a throw in block `B` lands in a handler inside [Begin, End): the handler runs
  /// before the handle's scope ends.
  bool throwCaughtWithin(const CFGBlock *B, unsigned Begin, unsigned End);

  /// Edge effects: a loop that joins a container, `if (t.joinable())` on its false edge.
  template <typename Fn>
  void propagate(const CFGBlock *B, const llvm::BitVector &Out, Fn Push,
                 const llvm::DenseMap<const VarDecl *, unsigned> &Slot);

  /// `std::thread t(f, a)` -> `std::jthread t(f, a)`: its destructor joins on every path. Only
  /// where the declared type is spelled `std::thread` or `thread`, in C++20, and the callable
  /// cannot take the std::stop_token that jthread would pass first.
  void jthreadFix(const VarDecl *V, ThreadHandleFact &H);

  // ---- manual lock() / unlock() (ManualLockPaths.cpp) ------------------------------------------

  struct Position {
    const CFGBlock *block;
    unsigned element;
  };

  /// Whether returning at `S` is the function's normal end: `S` is the last statement of the
  /// body, or of a branch of an if that is.
  bool isFinal(const Stmt *S);

  void manualLocks();

  /// Whether some path from the function's entry unlocks the mutex `Key` before locking it:
  /// the function runs with it held (`mu.unlock(); sleep(); mu.lock();`).
  bool unlockedFirst(llvm::StringRef Key);

  /// Explores the paths from the lock at `From` until they unlock the same mutex, lock it
  /// again, or leave the function.
  void followLock(const Expr *LockCall, const ManualLock &L, Position From);

  /// The statement a call is the whole of, in a block: `m.lock();`.
  const CompoundStmt *blockOf(const Expr *Call, unsigned &Index);

  /// The bytes of the statement `Call;`, semicolon included.
  std::optional<std::pair<unsigned, unsigned>> statementBytes(const Expr *Call);

  static bool declaresUsedLater(const CompoundStmt *CS, unsigned From, unsigned To);

  static bool hasLabels(const Stmt *S);

  /// A name for the guard that the function does not use yet.
  std::string guardName(llvm::StringRef BodyText);

  /// The RAII guard that can hold the mutex `L` locks (member API): the project's own guard
  /// class for its type when the TU has one, else std::lock_guard for a mutex with lock() and
  /// unlock(), std::shared_lock for lock_shared() and unlock_shared(); none otherwise. `Mutex`
  /// is the mutex's class (mutexClassOf), none when it is not a class.
  struct GuardChoice {
    std::string type;      // as written where the lock is: "std::lock_guard", "MutexLock"
    std::string header;    // the header it needs; "" for the project's (already visible)
    bool standard = false;  // a std:: template (its argument is written out before C++17)
    bool byPointer = false;  // constructed from the mutex's address
    const CXXRecordDecl *project = nullptr;  // the project's guard class, when it is one
  };
  std::optional<GuardChoice> chooseGuard(const ManualLock &L, const CXXRecordDecl *Mutex);
  /// The class of the mutex `L` locks (member API), if it is a class.
  static const CXXRecordDecl *mutexClassOf(const ManualLock &L);

  /// `m.lock(); A; B; m.unlock(); C;` -> `{ std::lock_guard guard(m); A; B; } C;` (no braces
  /// when the unlock ends the block). Exact when the two statements are in one block, nothing
  /// jumps into the region, and nothing declared in it is used after it.
  void guardFix(const Expr *LockCall, const ManualLock &L, const GuardChoice &Guard,
                const Expr *UnlockCall, ManualLockFact &M);

  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  SourceMapper &Map;
  ProjectGuards &Guards;
  const FunctionDecl *FD;
  FunctionFact &F;
  BodyIndex Index;
  ParentMap Parents;
  std::vector<BodyIndex::Handle> Tracked;
  std::unique_ptr<CFG> Graph;
};

}  // namespace concurlint::paths
