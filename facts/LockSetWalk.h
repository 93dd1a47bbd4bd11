// The walk of one function body in order, with the set of locks held at each point: RAII guards
// and their scopes, manual lock()/unlock(), try-locks on the branch where they succeeded, and at
// a join of paths the locks held on every path (a must-hold set). It records in the FunctionFact
// the accesses to globals (with GlobalAccesses), the suspensions of coroutines, the chain of the
// program's own calls made before each point, loops, scope exits, fork() branches and the locks
// every way out of the function leaves held; and, per call, the locks and chain at it for the
// call facts (CallFacts.h).
#pragma once

#include "facts/Facts.h"
#include "facts/GlobalAccesses.h"
#include "facts/LockApi.h"
#include "facts/PathConditions.h"
#include "facts/SourceMapper.h"
#include "facts/SyncPoints.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>
#include <vector>

namespace concurlint {

class LockSetWalker {
public:
  LockSetWalker(clang::ASTContext &Ctx, SourceMapper &Map, const LockApi &Api,
                GlobalAccesses &Accesses);

  /// Walks the body of `FD` (already named in `F`): accesses, loops, scope exits, body end,
  /// and the locks held at each call.
  void scan(const clang::FunctionDecl *FD, FunctionFact &F);

  /// What the last scan saw at a call: the locks held, or null when the walk did not reach it.
  const std::vector<LockFact> *locksAt(const clang::Expr *Call) const;
  /// The chain of calls made before the call (FunctionFact::callChain), when the walk reached it.
  std::optional<unsigned> chainAt(const clang::Expr *Call) const;
  /// The tests of globals that hold at a call (CallFact::conditions), when the walk reached it.
  const std::vector<ConditionFact> *conditionsAt(const clang::Expr *Call) const;
  /// The signals that follow a call in its block (CallFact::signalsAfter), or null.
  const std::vector<ConditionFact> *signalsAfter(const clang::Expr *Call) const;
  /// Whether a call is made only on the way to a crash (CallFact::crashes).
  bool crashesAt(const clang::Expr *Call) const { return CrashCalls.contains(Call); }
  /// The range a range-for variable iterates over (`for (auto &t : threads)`), or null.
  const clang::Expr *rangeOf(const clang::VarDecl *LoopVariable) const;

private:
  struct State {
    std::vector<LockFact> held;
    bool dead = false;   // after return/throw/break/continue: no path reaches here
    bool crashed = false;  // dead because every path here crashed (abort(), a failed assert)
    unsigned chain = 0;  // the calls made on every path to here (FunctionFact::callChain)
    std::vector<ConditionFact> conditions;  // the tests of globals that hold here
  };
  class ExprScanner;
  class WrapCheck;

  /// The states at the ways out of a loop's body other than its end: its breaks (to after the
  /// loop) and its continues (to the next iteration).
  struct LoopExits {
    std::vector<State> breaks, continues;
  };

  void walk(const clang::Stmt *St, State &S);
  /// A loop's body, once: `S` ends as the state at the next iteration (the body's end and its
  /// continues met), `Exits` holds its breaks.
  void walkBody(const clang::Stmt *Body, State &S, LoopExits &Exits);
  /// Records the accesses and calls of one expression (a statement, a condition, an
  /// initialiser) with the locks held, applying the lock operations it makes in order.
  /// `Statement` is the statement to guard for a fix, or null.
  void scanExpr(const clang::Expr *E, State &S, const clang::Stmt *Statement);
  /// After `E` was evaluated: the waits it made hold (a semaphore taken, a future read, a
  /// barrier passed: one phase further), and the predicate of a condition variable's wait.
  void afterEvaluating(const clang::Expr *E, State &S);
  /// The initialiser of a function-local static: C++11 runs it once, every other caller
  /// waiting until it is done. What it does is done holding the static's "once" lock and
  /// followed by its signal; the rest of the path has waited for that signal.
  void scanStaticInitialiser(const clang::VarDecl *V, State &S);
  /// At the head of a loop: what a later iteration may no longer know (the places the body
  /// assigns, the phase of a barrier it passes).
  void forgetAtLoopHead(const clang::Stmt *Loop, State &S);
  /// The signals a statement of a block makes on every path through it (with `S` the state
  /// after it): release stores, flags set under a lock, semaphore posts, latch count-downs,
  /// promises set, writes to pipes; those of a loop's body, taken to run once.
  void signalsOf(const clang::Stmt *St, const State &S, std::vector<ConditionFact> &Out) const;
  /// What the blocks being walked did so far, up to the access and call numbered by the ends,
  /// is published by `Signal` (AccessFact::signalsAfter, CallFact::signalsAfter).
  void publish(const ConditionFact &Signal, size_t AccessesEnd, size_t CallsEnd);
  /// The statement as a span a fix can wrap in `{ lock; statement }`, or an invalid span.
  Span guardableStatement(const clang::Stmt *Statement);

  /// A way out of the function: what it leaves held is what every way out leaves held.
  void noteExit(const State &S);

  /// The walks of the body again, once per constant a parameter is tested against, with the
  /// branches on it decided: what each leaves held (FunctionFact::variants). Nothing is
  /// recorded but the variants (and the chain entries their calls add).
  void addVariants(const clang::FunctionDecl *FD, FunctionFact &F);
  /// Whether `Cond` is true or false when the assumed parameter has its value; nothing when
  /// it depends on more.
  std::optional<bool> decide(const clang::Expr *Cond) const;
  /// Where two paths join: the locks held on both, the calls made on both.
  State meet(const State &A, const State &B) const;
  void acquire(State &S, LockFact L);
  void release(State &S, const LockFact &L);
  void declareGuard(const clang::VarDecl *V, State &S);
  /// A local object of one of the program's classes goes out of scope: its destructor joins
  /// the chain (a lock guard of the program's own unlocks there).
  void destroyLocal(const clang::VarDecl *V, State &S);

  /// A call to a function of the program: the chain grows by one.
  unsigned extendChain(unsigned Parent, std::string Callee, std::vector<std::string> ArgLocks = {},
                       std::vector<std::string> ArgConstants = {});
  /// The calls made on both chains: their longest common prefix.
  unsigned commonChain(unsigned A, unsigned B) const;

  /// `fork()` (not vfork: its child shares the parent's memory until it execs or exits).
  static const clang::CallExpr *forkCall(const clang::Expr *E);
  /// The fork() a condition tests, and whether the child is the then-branch.
  const clang::CallExpr *forkTest(const clang::Expr *Cond, bool &ChildInThen);
  void noteFork(const clang::IfStmt *If);
  void addLoop(const clang::Stmt *Loop);
  /// After an expression statement: a crash or an exit ends the path; a crash in one arm
  /// (`assert(c)`) leaves what the other arm needs; what is evaluated on the way to the crash
  /// is marked so.
  void endStatement(const clang::Expr *E, State &S);
  /// The accesses and calls within `E` are made on the way to a crash.
  void markCrashing(const clang::Stmt *E);
  /// After a loop: `Head` (the state at the head of an iteration) becomes the state after it,
  /// met from its ways out: the condition found false (never, when it is always true) and the
  /// breaks. `Entry`: the locks held before the loop.
  void leaveLoop(const clang::Expr *Cond, State &Head, const std::vector<LockFact> &Entry,
                 const LoopExits &Exits);
  /// The way out of a loop by its condition being false: what that says.
  void exitLoop(const clang::Expr *Cond, State &S);
  /// Api.tryLockedIn(), without the spinlocks this body gives back with a relaxed store.
  std::vector<LockFact> tryLocked(const clang::Expr *Cond, bool &OnElse) const;
  /// Whether a statement may leave the block it is in other than by its end (return, goto,
  /// throw; a break or continue not of a loop or switch inside it).
  static bool leavesBlock(const clang::Stmt *St, bool InLoop = false, bool InSwitch = false);

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  const clang::LangOptions &LO;
  SourceMapper &Map;
  const LockApi &Api;
  GlobalAccesses &Accesses;
  PathConditions Paths;
  SyncPoints Sync;

  // The function being walked.
  FunctionFact *Fn = nullptr;
  GuardLocks Guards;
  llvm::DenseMap<const clang::Decl *, bool> GuardEngaged;
  llvm::DenseMap<const clang::Expr *, std::vector<LockFact>> CallLocks;
  llvm::DenseMap<const clang::Expr *, unsigned> CallChains;
  llvm::DenseMap<const clang::Expr *, std::vector<ConditionFact>> CallConditions;
  llvm::DenseMap<const clang::Expr *, std::vector<ConditionFact>> CallSignals;
  llvm::DenseSet<const clang::Expr *> CrashCalls;
  std::vector<const clang::Expr *> CallOrder;  // the calls in the order walked
  /// The blocks being walked, innermost last: where each started (or restarted, after a
  /// statement that may leave it), and whether it runs as a plain statement of the block
  /// before it (`{ std::lock_guard g(m); ready = true; }`), so that a signal in it publishes
  /// what the outer block did too.
  struct OpenBlock {
    size_t firstAccess = 0, firstCall = 0;
    bool plain = false;
  };
  std::vector<OpenBlock> Blocks;
  /// The locals declared so far in each open block, outermost first (destroyed at a return).
  std::vector<std::vector<const clang::VarDecl *>> Scopes;
  /// The synchronising calls of each expression evaluated with some (afterEvaluating).
  llvm::DenseMap<const clang::Expr *, std::vector<SyncPoint>> PointsOf;
  bool NextBlockPlain = false;  // the block walked next is a plain statement of the current one
  llvm::DenseMap<const clang::Expr *, size_t> AccessAt;  // expression -> FunctionFact::accesses
  std::vector<unsigned> ChainDepth;  // per chain entry (0: the empty chain)
  std::optional<State> Exit;
  // A variant walk (addVariants): nothing is recorded; the parameter's value is known.
  bool Recording = true;
  const clang::Stmt *FnBody = nullptr;  // the body being walked
  const clang::ParmVarDecl *AssumedParam = nullptr;
  llvm::APSInt AssumedValue;
  std::vector<std::string> VariantReleases;
  /// The states at `break` of the switch or loop being walked (null: a switch whose breaks
  /// are not followed), and at `continue` of the loop being walked; of a switch on the assumed
  /// parameter, its value.
  std::vector<std::vector<State> *> BreakTargets, ContinueTargets;
  struct SwitchOnAssumed {
    bool matched = false;  // a case label has the value (else `default`, or none, is taken)
  };
  std::vector<std::optional<SwitchOnAssumed>> Switches;
  /// The tests holding at the head of each switch being walked: what its case labels start from.
  std::vector<std::vector<ConditionFact>> SwitchEntries;
  llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> RangeOf;
  llvm::DenseMap<const clang::Decl *, const clang::CallExpr *> ForkVars;
};

}  // namespace concurlint
