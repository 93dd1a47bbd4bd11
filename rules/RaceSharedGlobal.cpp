// race-shared-global: a global or static variable accessed by two threads that may run at the
// same time, at least one access a write, with no lock in common. Threads come from the thread
// catalog (engine/catalogs/thread-functions.yaml) and the program's wrappers of it, with their
// entries resolved through function pointers (engine/ThreadStarts.h); calls through pointers and
// virtual calls reach what they may run (Program::callees). What runs concurrently with a thread is what its
// starter does between the start and the matching join (or, without a join, everything after
// the start, in the starter and in its callers), and the other threads started meanwhile. Each
// function is entered with what holds on every path into it (PathState): the locks held, the
// tests of globals and constant arguments (a path needing two values of one global is not
// taken), whether it is on the way to a crash (low confidence), and the release stores that
// follow (an access the other thread acquired after is ordered). See
// docs/rules/race-shared-global.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"
#include "transforms/FixSupport.h"
#include "engine/LockSummaries.h"
#include "engine/ThreadStarts.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <map>
#include <set>

namespace concurlint {
namespace {

using clang::tooling::Replacement;
using clang::tooling::Replacements;

constexpr llvm::StringLiteral RuleId = "race-shared-global";

/// Which thread runs an access, for messages and notes.
struct Origin {
  const CallFact *spawn = nullptr;          // the thread's start; null: the starting thread
  const FunctionFact *spawner = nullptr;    // who started it (or, for the starter, itself)
  bool many = false;                        // the start may run several instances at once
  /// A start that may run one of several functions (an array of entries, a field set to
  /// several): the one this thread runs.
  const FunctionFact *entry = nullptr;
};

/// What holds on every path into a function from a root: the locks held, the tests of globals
/// (a path that needs two values of one is never taken), and whether it is on the way to a crash.
struct PathState {
  std::vector<LockFact> locks;
  std::vector<ConditionFact> conditions;
  /// Every path here passes a call made only on the way to a crash: the first on this one.
  const CallFact *crash = nullptr;
  /// The release stores every path makes after returning from here (AccessFact::signalsAfter).
  std::vector<ConditionFact> signalsAfter;
};

/// What a pointer or reference parameter is bound to, kept in a Node's binding as one string:
/// the variable's USR (or a mutex's lock id), the part of it passed (CallFact::argParts) and,
/// for an element each thread has for its own, the slot variable (CallFact::argSlots), joined
/// by newlines (which neither holds).
struct BoundObject {
  std::string var, part, slot;

  static BoundObject parse(llvm::StringRef S) {
    auto [Var, Rest] = S.split('\n');
    auto [Part, Slot] = Rest.split('\n');
    return {Var.str(), Part.str(), Slot.str()};
  }
  std::string str() const {
    return part.empty() && slot.empty() ? var : var + "\n" + part + "\n" + slot;
  }
};

/// The object a method runs on, as a Node holds it (Node::self): "" when no other thread can
/// see it (a free function, a constructor's new object, a method called on an object of the
/// caller's own), else a BoundObject "this" with, for an object each thread of a start loop
/// has for its own, the slot variable: an object known only by its class, every object of
/// which it may be. An object the program names runs on that one: a variable, or a part of one
/// (`std::thread(&W::run, &w)`, `g.inc()`, `&workers[i]` with its slot), as a BoundObject of
/// it; a method called on a member object of a shared one, on a part of that: the BoundObject
/// of the outer object and the fields down to the member (CallFact::objectRoot).
const std::string SharedSelf = "this";

/// Whether a bound object is a variable of the program or a part of one (`g`, `w.stats`, the
/// object a handed-on pointer points to), not an object known only by its class (a `this`).
bool namesVariable(const BoundObject &B) {
  return !B.var.empty() && B.var != SharedSelf && !llvm::StringRef(B.var).starts_with("this:") &&
         !llvm::StringRef(B.var).starts_with("param:");
}

/// A function reached from a root with the path state on entry and the globals and mutexes
/// bound to its pointer/reference parameters.
struct Node {
  const FunctionFact *fn = nullptr;
  /// Parameter N -> the object passed there (BoundObject), or the lock id of a mutex ("" unbound).
  std::vector<std::string> binding;
  std::string self;  // the object it runs on (SharedSelf), "" when not shared
  PathState entry;
  const Node *pred = nullptr;         // for the call chain in notes
  const CallFact *via = nullptr;      // the call in pred that reaches here
  Origin origin;
  /// Reached only through a call that may run several functions (or resolved by type): its
  /// accesses make low-confidence reports, and it is explored after every surer one.
  bool ambiguous = false;
};

/// A call through a pointer that may run several functions, left for after every surer one.
struct Deferred {
  const FunctionFact *callee;
  std::vector<std::string> binding;
  std::string self;
  PathState state;
  const Node *from;
  const CallFact *via;
  Origin origin;
};

/// The functions left to explore: those reached through calls that name their callee first,
/// so that each gets its surest path (the notes, the confidence) and a search cut short by
/// its limit drops the least certain part. The uncertain calls are not even entered before
/// the sure part is done: their nodes would count against the limit.
class WorkList {
public:
  /// A node on the way to a crash waits with the uncertain ones: a function reached both ways
  /// gets its ordinary path first (its notes and confidence).
  void push(Node *N) { (N->ambiguous || N->entry.crash ? Unsure : Sure).push_back(N); }
  void defer(Deferred D) { Later.push_back(std::move(D)); }
  bool empty() const { return Sure.empty() && Unsure.empty() && Later.empty(); }
  bool hasNode() const { return !Sure.empty() || !Unsure.empty(); }
  Node *pop() {
    std::deque<Node *> &From = Sure.empty() ? Unsure : Sure;
    Node *N = From.front();
    From.pop_front();
    return N;
  }
  /// The next uncertain call, once no node is left (Sure first).
  Deferred popDeferred() {
    Deferred D = std::move(Later.front());
    Later.pop_front();
    return D;
  }

private:
  std::deque<Node *> Sure, Unsure;
  std::deque<Deferred> Later;
};

/// One access as some thread performs it: the fact, the resolved variable, the full lock set.
struct Access {
  const AccessFact *fact = nullptr;
  const Node *node = nullptr;  // null for the starter's own accesses in the window
  const FunctionFact *fn = nullptr;
  std::string var, location;
  std::vector<LockFact> locks;
  Origin origin;
  std::vector<ConditionFact> conditions;  // the tests of globals that hold on its path
  std::vector<ConditionFact> signalsAfter;  // the release stores made after it on its path
  /// On the way to a crash: the call that crashes (or leads there), or the access's own
  /// function when the access itself precedes the crash.
  const CallFact *crashCall = nullptr;
  bool crash = false;
  /// The element reached is the thread's own: the variable (a loop's induction variable at the
  /// start) whose value picks it, different for each thread the loop starts.
  std::string slot;
  /// A field of an object the program names (`w.count_`, through a method's `this`): its
  /// class's "this:" variable and the location there. An object known only by its class may
  /// be this one too, and the access is paired with those under that name as well.
  std::string classVar, classLocation;

  /// The access as one to an object known only by its class (classVar).
  Access asClassAccess() const {
    Access X = *this;
    X.var = classVar;
    X.location = classLocation;
    X.classVar.clear();
    X.classLocation.clear();
    return X;
  }
};

bool commonLock(const std::vector<LockFact> &A, const std::vector<LockFact> &B) {
  for (const LockFact &L : A)
    for (const LockFact &M : B)
      if ((L.id == M.id || L.id == "*" || M.id == "*") && !(L.shared && M.shared))
        return true;
  return false;
}

std::vector<LockFact> unite(std::vector<LockFact> A, const std::vector<LockFact> &B) {
  for (const LockFact &L : B)
    if (std::none_of(A.begin(), A.end(), [&](const LockFact &M) { return M.id == L.id && M.shared == L.shared; }))
      A.push_back(L);
  return A;
}

std::vector<LockFact> intersect(const std::vector<LockFact> &A, const std::vector<LockFact> &B) {
  std::vector<LockFact> Out;
  for (const LockFact &L : A)
    if (std::any_of(B.begin(), B.end(), [&](const LockFact &M) { return M.id == L.id; }))
      Out.push_back(L);
  return Out;
}

/// "holding 'm'", "without a lock"; what runs once (the routine of `pthread_once`, a static's
/// initialiser: its "once:" lock) says so: "run once by pthread_once(&flag, init)".
std::string lockList(const std::vector<LockFact> &Locks) {
  std::vector<const LockFact *> Held, Once;
  for (const LockFact &L : Locks)
    (llvm::StringRef(L.id).starts_with("once:") ? Once : Held).push_back(&L);
  std::string Out;
  if (!Held.empty() || Once.empty()) {
    Out = Held.empty() ? "without a lock" : "holding ";
    for (size_t I = 0; I < Held.size(); ++I) {
      if (I)
        Out += I + 1 == Held.size() ? " and " : ", ";
      Out += quoted(Held[I]->name) + (Held[I]->shared ? " (shared)" : "");
    }
  }
  for (const LockFact *L : Once)
    Out += (Out.empty() ? "run once by " : ", run once by ") + L->name;
  return Out;
}

/// Where a thread runs concurrently with its starter: byte offsets in the starter's file.
struct Window {
  unsigned begin = 0, end = 0;        // [begin, end) of the starter's body
  unsigned spawnBegin = 0, spawnEnd = 0;  // the start call itself (its arguments run before)
  bool many = false;                  // started in a loop it is not joined in
  bool escapes = false;               // never joined in the starter
  /// The handle is kept in a field or a global (`pthread_create(&p->tid, ...)`): a caller may
  /// join it through it (`pthread_join(p->tid, 0)`, or a function doing so); its USR.
  std::string fieldHandle;
  /// Joins that may give up (`pthread_timedjoin_np`): what the starter's path tests where they
  /// joined; an access there runs after the thread.
  std::vector<ConditionFact> joinedWhere;
  /// The handle is a field or a global that the starter joins before the start (`if (t_)
  /// t_->join(); t_.reset(new std::thread(...))`): the thread it held before has ended when
  /// this one starts. Its identity, or "".
  std::string joinsPrevious;
};

/// What the code of a root (the starter, or a caller running on after it) knows of the objects
/// it runs on: whether its own `this` is shared with the thread, and which of its local objects
/// is the one the starter handed to it (`Worker w; w.start(); w.count();`: `w`, by identity).
struct RootObject {
  std::string self;
  const llvm::StringSet<> *sharedIds = nullptr;
  /// Where calls on `sharedIds` begin to run on the shared object: after the loop that calls
  /// the starter on one object per iteration (`for (auto &w : workers) w.start();`), whose
  /// other iterations name other objects.
  unsigned sharedFrom = 0;
};

class RaceSharedGlobal : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    Prog = &P;
    Destructors.clear();
    RCtx = &Ctx;
    LockSummaries Summaries(P);
    Helpers = &Summaries;
    ThreadStarts TheStarts(P, [this](llvm::StringRef File) -> const ThreadCatalog & {
      return catalogFor(File);
    });
    Starts = &TheStarts;
    collectSpawns();
    for (const Spawn &S : Spawns)
      checkSpawn(S);
    Current = nullptr;
    emit();
    Helpers = nullptr;
    Starts = nullptr;
  }

private:
  struct Spawn {
    const FunctionFact *fn;
    const CallFact *call;
    const ThreadSpawner *kind;
    std::vector<std::string> entries;
    Window window;
  };

  const ThreadCatalog &catalogFor(llvm::StringRef File) {
    return RCtx->configFor(File).threads();
  }

  // ---- threads and their windows -------------------------------------------------------

  void collectSpawns() {
    for (const ThreadStart &T : Starts->starts()) {
      const CallFact &C = *T.call;
      const ThreadSpawner *K = T.kind;
      Spawn S{T.caller, &C, K, T.entries, {}};
      S.window = windowOf(*T.caller, C, *K, catalogFor(T.caller->span.file));
      Spawns.push_back(std::move(S));
    }
  }

  Window windowOf(const FunctionFact &F, const CallFact &C, const ThreadSpawner &K,
                  const ThreadCatalog &Cat) {
    Window W;
    W.spawnBegin = C.span.offset;
    W.spawnEnd = C.span.offset + C.span.length;
    std::string Handle = threadHandle(C, K.handle);
    unsigned Start = W.spawnBegin;
    std::optional<unsigned> Join;
    if (K.waits || (Handle.empty() && K.temporaryWaits && K.handle == "result")) {
      // map() returns when every task is done; a discarded std::async future waits in its
      // destructor at the end of the statement.
      Join = W.spawnEnd;
    } else if (!Handle.empty()) {
      // A std::packaged_task run by the thread: its future's get() or wait() returns once the
      // task is done, which is all the thread does.
      llvm::StringSet<> Futures;
      int Entry = K.entry >= 0 ? K.entry : 0;
      if (static_cast<size_t>(Entry) < C.argIds.size() && !C.argIds[Entry].empty())
        for (const CallFact &G : F.calls)
          if (G.isMember && G.objectId == C.argIds[Entry] && !G.resultId.empty() &&
              llvm::StringRef(G.callee).ends_with("::get_future"))
            Futures.insert(G.resultId);
      for (const CallFact &J : F.calls) {
        if (J.span.offset < W.spawnBegin && sharedHandle(Handle))
          if (const ThreadJoiner *Joiner = Starts->joiner(J, Cat);
              Joiner && Joiner->joinedWhen.empty() && threadHandle(J, Joiner->handle) == Handle)
            W.joinsPrevious = Handle;
        // A join in the other arm of an if does not wait for this thread.
        if (J.span.offset < W.spawnEnd || exclusiveCalls(C, J))
          continue;
        const ThreadJoiner *Joiner = Starts->joiner(J, Cat);
        std::string Joined = Joiner ? threadHandle(J, Joiner->handle) : std::string();
        if (Joiner && !Joiner->joinedWhen.empty() && Joined == Handle) {
          ConditionFact Success;
          Success.location = callResultPlace(J.span);
          Success.value = Joiner->joinedWhen;
          W.joinedWhere.push_back(std::move(Success));
          continue;
        }
        if (Joiner && (Joined == Handle || Futures.contains(Joined)) &&
            (!Join || J.span.offset < *Join))
          Join = J.span.offset;
        if (Cat.detaches(J) && threadHandle(J, J.isMember ? "object" : "arg0") == Handle)
          break;
      }
      for (const ScopeExitFact &X : F.scopeExits)
        if (X.id == Handle && X.offset >= W.spawnEnd && Cat.joinsAtScopeEnd(X.type) &&
            (!Join || X.offset < *Join))
          Join = X.offset;
    }
    auto Contains = [](const LoopFact &L, unsigned Offset) {
      return L.begin <= Offset && Offset < L.end;
    };
    unsigned End = Join ? *Join : F.bodyEnd;
    W.escapes = !Join;
    if (sharedHandle(Handle))
      W.fieldHandle = Handle;
    for (const LoopFact &L : F.loops) {
      bool HasSpawn = Contains(L, W.spawnBegin);
      bool HasJoin = Join && Contains(L, *Join);
      if (HasSpawn && !HasJoin) {  // started once per iteration, waited for after the loop
        Start = std::min(Start, L.begin);
        W.many = true;
      }
      if (HasJoin && !HasSpawn)  // waited for in a loop after: runs until that loop ends
        End = std::max(End, L.end);
    }
    if (K.many)
      W.many = true;
    W.begin = Start;
    W.end = End;
    return W;
  }

  // ---- reach -------------------------------------------------------------------------------

  using NodeMap = std::map<std::string, std::unique_ptr<Node>>;

  /// A function is entered once per thread, binding of its parameters and constants passed to
  /// them (`_dictClear(d, NULL)` and `_dictClear(d, callback)` take different branches).
  static std::string key(const FunctionFact *F, const std::vector<std::string> &Binding,
                         const std::string &Self, const Origin &O, const PathState &State) {
    // The start is named by its place, not its address: the map's order decides which of
    // several witnesses of a race is reported, and must not change from run to run.
    std::string K = F->usr + "|";
    if (O.spawn)
      K += (O.spawner ? O.spawner->usr : std::string()) + "@" + O.spawn->span.file + ":" +
           std::to_string(O.spawn->span.offset) + (O.entry ? "=" + O.entry->usr : std::string());
    for (const std::string &B : Binding)
      K += "|" + B;
    if (!Self.empty())
      K += "|self=" + Self;
    for (const ConditionFact &C : State.conditions)
      if (llvm::StringRef(C.location).starts_with("param:"))
        K += "|" + C.location + "=" + C.value;
    return K;
  }

  /// The object argument `A` of a call passes by address or reference, as a binding.
  /// A value that differs per thread of a start loop (`(void *)i`) binds no object, but its
  /// slot.
  static std::string argument(const CallFact &C, unsigned A) {
    std::string Slot = A < C.argSlots.size() ? C.argSlots[A] : "";
    if (A >= C.argGlobals.size() || C.argGlobals[A].empty())
      return Slot.empty() ? "" : BoundObject{"", "", Slot}.str();
    return BoundObject{C.argGlobals[A], A < C.argParts.size() ? C.argParts[A] : "", Slot}.str();
  }

  /// The binding of the callee's parameters (from the call's argument `First` on) at the call
  /// `C` in `From` (null: a root, whose own object is `OuterSelf`). The caller's `this` passed on
  /// is its object only where that is shared, or where the callee is a thread's entry: handing
  /// it to a thread shares it.
  std::vector<std::string> bindCall(const CallFact &C, const Node *From,
                                    const std::string &OuterSelf, unsigned First = 0,
                                    bool Thread = false) {
    std::vector<std::string> B;
    // A thread's entry is also bound to the values that pick its own element (`(void *)i`).
    size_t Args = std::max({C.argGlobals.size(), C.argLocks.size(),
                            Thread ? C.argSlots.size() : size_t(0)});
    for (unsigned A = First; A < Args; ++A) {
      std::string G = argument(C, A);
      if (G.empty() && A < C.argLocks.size())
        G = C.argLocks[A];
      if (llvm::StringRef(G).starts_with("this:") && OuterSelf.empty() && !Thread) {
        B.emplace_back();
      } else if (llvm::StringRef(G).starts_with("this:") && G.find('\n') == std::string::npos &&
                 !OuterSelf.empty() && BoundObject::parse(OuterSelf).var != SharedSelf) {
        B.push_back(OuterSelf);  // its `this`, which is a variable or a member of one
      } else if (llvm::StringRef(G).starts_with("param:")) {
        unsigned N = 0;
        llvm::StringRef(G).drop_front(6).getAsInteger(10, N);
        // The caller's own parameter: what its caller bound there, with the part passed now.
        BoundObject Passed = BoundObject::parse(G);
        BoundObject Outer = BoundObject::parse(
            From && N < From->binding.size() ? llvm::StringRef(From->binding[N]) : "");
        if (!Outer.var.empty() && !Passed.part.empty()) {
          Outer.part += Passed.part;
          Outer.slot = Passed.slot;
        }
        B.push_back(Outer.var.empty() ? "" : Outer.str());
      } else {
        B.push_back(std::move(G));
      }
    }
    return B;
  }

  /// The locks a function holds, with those it took through a mutex parameter ("param:N")
  /// named as the mutex its caller passed; one no caller named matches any lock ("*").
  std::vector<LockFact> bound(std::vector<LockFact> Locks, const Node *N) const {
    for (LockFact &L : Locks) {
      llvm::StringRef Id = L.id;
      if (!Id.consume_front("param:"))
        continue;
      unsigned Index = 0;
      Id.getAsInteger(10, Index);
      std::string To =
          N && Index < N->binding.size() ? BoundObject::parse(N->binding[Index]).var : "";
      if (To.empty() || llvm::StringRef(To).starts_with("param:")) {
        L.id = "*";
        continue;
      }
      L.id = To;
      if (const GlobalFact *G = Prog->global(To))
        L.name = G->name;
    }
    return Locks;
  }

  /// Adds `F` (reached with `State`) to the map and returns it when it is new or what holds on
  /// entry shrank (it must be visited again).
  Node *enter(NodeMap &Nodes, const FunctionFact *F, std::vector<std::string> Binding,
              std::string Self, PathState State, const Node *Pred, const CallFact *Via,
              const Origin &O, bool Ambiguous = false) {
    std::string K = key(F, Binding, Self, O, State);
    auto It = Nodes.find(K);
    if (It == Nodes.end()) {
      auto N = std::make_unique<Node>(Node{F, std::move(Binding), std::move(Self),
                                           std::move(State), Pred, Via, O, Ambiguous});
      Node *Raw = N.get();
      Nodes.emplace(K, std::move(N));
      return Raw;
    }
    PathState &Old = It->second->entry;
    std::vector<LockFact> Locks = intersect(Old.locks, State.locks);
    std::vector<ConditionFact> Conditions = commonConditions(Old.conditions, State.conditions);
    const CallFact *Crash = State.crash ? Old.crash : nullptr;
    std::vector<ConditionFact> Signals = commonConditions(Old.signalsAfter, State.signalsAfter);
    if (Locks.size() == Old.locks.size() && Conditions.size() == Old.conditions.size() &&
        Crash == Old.crash && Signals.size() == Old.signalsAfter.size())
      return nullptr;
    if (Old.crash && !Crash) {  // a path that does not crash: the one the notes show
      It->second->pred = Pred;
      It->second->via = Via;
    }
    Old = PathState{std::move(Locks), std::move(Conditions), Crash, std::move(Signals)};
    return It->second.get();
  }

  /// The tests of globals among `Conditions`: those of the function's parameters mean nothing
  /// in its callees, nor in another thread. A barrier's phase is counted from the start of the
  /// function that passes it: it compares with another thread's only in the thread's entry (or
  /// the starter's own code), so `Phases` is false elsewhere.
  static std::vector<ConditionFact> onGlobals(const std::vector<ConditionFact> &Conditions,
                                              bool Phases = true) {
    std::vector<ConditionFact> Out;
    for (const ConditionFact &C : Conditions)
      if (!llvm::StringRef(C.location).starts_with("param:") &&
          (Phases || !llvm::StringRef(C.location).starts_with("phase:")))
        Out.push_back(C);
    return Out;
  }

  /// The state on the way into a callee of `From` through the call `C` (with `Locks` held
  /// there), or nothing when no path makes the call: it needs a global to have two values.
  static std::optional<PathState> through(const Node *From, const CallFact &C,
                                          std::vector<LockFact> Locks) {
    PathState Out;
    Out.locks = std::move(Locks);
    Out.conditions = onGlobals(C.conditions, /*Phases=*/false);
    Out.signalsAfter = C.signalsAfter;
    if (From) {
      if (contradiction(From->entry.conditions, C.conditions))
        return std::nullopt;
      for (const ConditionFact &X : onGlobals(From->entry.conditions, /*Phases=*/false))
        addCondition(Out.conditions, X);
      for (const ConditionFact &X : From->entry.signalsAfter)
        addCondition(Out.signalsAfter, X);
      Out.crash = From->entry.crash;
    }
    // The callee's own parameters, where the call passes a constant (`close_client(c, 1)`).
    for (unsigned A = 0; A < C.argConstants.size(); ++A)
      if (!C.argConstants[A].empty()) {
        ConditionFact P;
        P.location = "param:" + std::to_string(A);
        P.value = C.argConstants[A];
        P.text = "argument " + std::to_string(A + 1) + " == " + P.value;
        addCondition(Out.conditions, std::move(P));
      }
    if (!Out.crash && C.crashes)
      Out.crash = &C;
    return Out;
  }

  /// Everything reachable from the roots through calls and thread starts. A thread started on
  /// the way is a root of its own (no locks held on entry).
  static constexpr size_t UncertainBudget = 2000;

  void expand(NodeMap &Nodes, WorkList Work, unsigned Limit = 20000) {
    // The uncertain part gets a budget of its own: its findings are low confidence, hidden by
    // default, and on a server whose command table holds hundreds of functions it would
    // otherwise take most of the run.
    size_t UncertainLimit = Limit;
    bool Uncertain = false;
    while (!Work.empty() && Nodes.size() < (Uncertain ? UncertainLimit : Limit)) {
      if (!Work.hasNode()) {
        if (!Uncertain) {
          Uncertain = true;
          UncertainLimit = std::min<size_t>(Limit, Nodes.size() + UncertainBudget);
        }
        Deferred D = Work.popDeferred();
        // A function the sure part reached keeps what it reached it with: an uncertain path
        // does not take locks away from certain findings.
        if (auto It = Nodes.find(key(D.callee, D.binding, D.self, D.origin, D.state));
            It != Nodes.end() && !It->second->ambiguous)
          continue;
        if (Node *New = enter(Nodes, D.callee, std::move(D.binding), std::move(D.self),
                              std::move(D.state), D.from, D.via, D.origin, /*Ambiguous=*/true))
          Work.push(New);
        continue;
      }
      Node *N = Work.pop();
      const ThreadCatalog &Cat = catalogFor(N->fn->span.file);
      for (const CallFact &C : N->fn->calls)
        follow(Nodes, Work, N, C, Cat,
               unite(N->entry.locks, bound(Helpers->at(*N->fn, C.locks, C.chain), N)));
    }
  }

  /// The binding of a thread entry's parameters at its start `C`, and the object it runs on
  /// (`Self`): a method named by pointer runs on the first argument passed on
  /// (`std::thread(&W::run, this)`, `&workers[i]`; by value, a copy of its own), a functor on
  /// itself (a copy, unless passed by `std::ref`), a lambda on what it captured (`[this]`).
  std::vector<std::string> entryBinding(const CallFact &C, const ThreadSpawner &K,
                                        const FunctionFact &Entry, const Node *From,
                                        const std::string &OuterSelf, std::string &Self) {
    unsigned EntryIndex = K.entry >= 0 ? K.entry : 0;
    if (K.entry < 0)
      for (unsigned A = 0; A < C.argEntries.size(); ++A)
        if (!C.argEntries[A].empty()) {
          EntryIndex = A;
          break;
        }
    unsigned First = std::max<unsigned>(K.args, EntryIndex + 1);
    Self.clear();
    llvm::StringRef Named = EntryIndex < C.args.size() ? llvm::StringRef(C.args[EntryIndex]) : "";
    switch (Entry.kind) {
    case FunctionKind::Free:
    case FunctionKind::Constructor:
      break;
    case FunctionKind::Lambda:
      Self = OuterSelf;
      break;
    case FunctionKind::Method:
    case FunctionKind::Destructor:
      if (Named.trim().starts_with("&")) {  // a member function pointer: the object follows
        if (First < C.args.size()) {
          BoundObject Object = BoundObject::parse(argument(C, First));
          // The caller's own `this` handed on, where the caller runs on an object of its own
          // caller's (a method of a local starts a thread on that one): not the one analysed.
          bool Ours = !llvm::StringRef(Object.var).starts_with("this:") || !OuterSelf.empty();
          if (namesVariable(Object))
            Self = Object.str();  // `std::thread(&W::run, &w)`: runs on `w`
          else if ((!Object.var.empty() || !Object.slot.empty()) && Ours)
            Self = BoundObject{SharedSelf, "", Object.slot}.str();
          ++First;
        } else {
          Self = OuterSelf;
        }
      } else if (Named.contains("bind")) {
        Self = OuterSelf;  // std::bind(&W::run, this)
      } else if (!argument(C, EntryIndex).empty()) {
        Self = SharedSelf;  // std::ref(functor)
      }
      break;
    }
    return bindCall(C, From, OuterSelf, First, /*Thread=*/true);
  }

  /// The object the caller runs on: `From`'s, or for a root `Root`'s (the starter's own).
  static const std::string &outerSelf(const Node *From, const RootObject *Root) {
    return From ? From->self : Root ? Root->self : SharedSelf;
  }

  /// The object the callee of `C` runs on (Node::self), as the caller `From` (null: a root,
  /// `Root`) passes it.
  static std::string calleeSelf(const Node *From, const CallFact &C, const FunctionFact &Callee,
                                const RootObject *Root) {
    const std::string &Outer = outerSelf(From, Root);
    switch (Callee.kind) {
    case FunctionKind::Free:
    case FunctionKind::Constructor:  // a new object: no other thread has it yet
      return "";
    case FunctionKind::Lambda:  // the object its enclosing method captured
      return Outer;
    case FunctionKind::Method:
    case FunctionKind::Destructor:
      break;
    }
    switch (C.object) {
    case ObjectOrigin::This: {
      if (C.objectPart.empty() || Outer.empty())
        return Outer;
      // A method of a member object (`stats_.hit()`, `recovery_error_ = s`): its `this` is that
      // member of the shared object, not every object of its class (every Status of the
      // program): its fields are named from the outer object (see SharedSelf).
      BoundObject O = BoundObject::parse(Outer);
      if (O.var == SharedSelf)
        return BoundObject{C.objectRoot, C.objectPart, O.slot}.str();
      return BoundObject{O.var, O.part + C.objectPart, O.slot}.str();
    }
    case ObjectOrigin::Shared:
      if (!C.objectRoot.empty())  // a variable (or a member object of one): that object
        return BoundObject{C.objectRoot, C.objectPart, ""}.str();
      // A lambda made in an iteration: the iteration's object.
      return C.objectSlot.empty() ? SharedSelf : BoundObject{SharedSelf, "", C.objectSlot}.str();
    case ObjectOrigin::Param: {
      if (!From || C.objectParam >= From->binding.size())
        return "";
      BoundObject B = BoundObject::parse(From->binding[C.objectParam]);
      if (B.var.empty())
        return "";
      return namesVariable(B) ? B.str() : BoundObject{SharedSelf, "", B.slot}.str();
    }
    case ObjectOrigin::Owned:
      if (!From && Root && Root->sharedIds && !C.objectId.empty() &&
          C.span.offset >= Root->sharedFrom && Root->sharedIds->contains(C.objectId))
        return SharedSelf;
      break;
    }
    return "";
  }

  /// The lambdas a library call runs before it returns, with the locks held at the call: the
  /// predicate of a condition variable's `wait` (run with its mutex held), the function of a
  /// standard algorithm (`std::for_each`, `std::sort`'s comparison), `qsort`'s comparison.
  /// What the library only keeps (`std::function`, `push_back` of a callable, `std::bind`) is
  /// not run there; `std::call_once`'s routine is a call of its own (CallFact::locks).
  llvm::SmallVector<const FunctionFact *, 1> callbacksRunBy(const CallFact &C) const {
    llvm::SmallVector<const FunctionFact *, 1> Out;
    if (!C.system || C.isConstruction || C.argEntries.empty())
      return Out;
    llvm::StringRef Name = C.callee;
    llvm::StringRef Last = Name.rsplit("::").second.empty() ? Name : Name.rsplit("::").second;
    bool Runs = false;
    if (C.isMember)
      Runs = Name.starts_with("std::condition_variable") && Last.starts_with("wait");
    else if (Name.starts_with("std::"))
      Runs = !llvm::is_contained({"bind", "bind_front", "ref", "cref", "move", "forward",
                                  "function", "async", "make_shared", "make_unique", "call_once"},
                                 Last);
    else
      Runs = Name == "qsort" || Name == "bsearch";
    if (!Runs)
      return Out;
    for (const std::string &E : C.argEntries)
      if (const FunctionFact *F = E.empty() ? nullptr : Prog->function(E);
          F && F->kind == FunctionKind::Lambda && !llvm::is_contained(Out, F))
        Out.push_back(F);
    return Out;
  }

  /// Whether `Fn` may run in the process of the thread `O` (Executables): a call through a
  /// pointer in a file that several executables share leads only into the code of the
  /// executable that started the thread (redis-benchmark's event loop never runs the server's
  /// `beforeSleep`).
  bool inProcessOf(const Origin &O, const FunctionFact &Fn) const {
    return !O.spawner || Prog->executables().together(*O.spawner, Fn);
  }

  /// The functions a call may run in the process of the thread `O`: Program::callees()
  /// within its executable, and of a function that several executables define each their own
  /// (redis' `_serverAssert`), the definition of the thread's.
  llvm::SmallVector<const FunctionFact *, 2> calleesIn(const CallFact &C, const Origin &O) const {
    llvm::SmallVector<const FunctionFact *, 2> Callees = Prog->callees(C);
    if (Prog->executables().count() < 2)
      return Callees;
    if (const auto &Defs = Prog->definitions(C.calleeUsr);
        Defs.size() > 1 && !Callees.empty() && Callees.front()->usr == C.calleeUsr) {
      Callees.erase(Callees.begin());
      Callees.insert(Callees.begin(), Defs.begin(), Defs.end());
    }
    llvm::erase_if(Callees, [&](const FunctionFact *F) { return !inProcessOf(O, *F); });
    return Callees;
  }

  void follow(NodeMap &Nodes, WorkList &Work, const Node *From, const CallFact &C,
              const ThreadCatalog &Cat, const std::vector<LockFact> &Locks,
              const Origin *StarterOrigin = nullptr, const RootObject *Root = nullptr) {
    const std::string &OuterSelf = outerSelf(From, Root);
    if (const ThreadSpawner *K = Starts->spawner(C, Cat)) {
      for (const Spawn &S : Spawns)
        if (S.call == &C && !startsAfterCurrent(S))
          for (const std::string &E : S.entries)
            if (const FunctionFact *Entry = Prog->function(E)) {
              Origin O{&C, From ? From->fn : nullptr, S.window.many,
                       S.entries.size() > 1 ? Entry : nullptr};
              if (!From && StarterOrigin)
                O.spawner = StarterOrigin->spawner;
              if (!inProcessOf(O, *Entry))
                continue;
              std::string Self;
              std::vector<std::string> Binding = entryBinding(C, *K, *Entry, From, OuterSelf, Self);
              if (Node *New = enter(Nodes, Entry, std::move(Binding), std::move(Self), PathState{},
                                    From, &C, O, From && From->ambiguous))
                Work.push(New);
            }
      return;
    }
    Origin O = From ? From->origin : (StarterOrigin ? *StarterOrigin : Origin{});
    std::optional<PathState> State = through(From, C, Locks);
    if (!State)
      return;
    llvm::SmallVector<const FunctionFact *, 2> Callees = calleesIn(C, O);
    for (const FunctionFact *Callback : callbacksRunBy(C))
      Callees.push_back(Callback);
    bool Ambiguous = (From && From->ambiguous) ||
                     ((!C.via.empty() || C.virtualCall) &&
                      (Callees.size() > 1 || Prog->functionPointers().byType(C)));
    for (const FunctionFact *Callee : Callees) {
      PathState Into = *State;
      if (!Into.crash && Callee->alwaysCrashes)  // a fatal-error handler
        Into.crash = &C;
      std::string Self = calleeSelf(From, C, *Callee, Root);
      if (Ambiguous) {
        Work.defer({Callee, bindCall(C, From, OuterSelf), std::move(Self), std::move(Into), From,
                    &C, O});
        continue;
      }
      if (Node *New = enter(Nodes, Callee, bindCall(C, From, OuterSelf), std::move(Self),
                            std::move(Into), From, &C, O))
        Work.push(New);
    }
  }

  void accessesOf(const NodeMap &Nodes, std::vector<Access> &Out) {
    // One access per statement, variable, lock set, thread and certainty: a function reached
    // along many paths (redis: main reaches most of the server) would otherwise pair the same
    // two statements thousands of times. Of the same statement the sure witness is kept.
    std::map<std::tuple<const AccessFact *, std::string, std::string, const CallFact *,
                        const FunctionFact *, bool, bool, std::string>,
             size_t>
        Seen;
    for (const auto &[K, N] : Nodes)
      for (const AccessFact &A : N->fn->accesses) {
        if (contradiction(N->entry.conditions, A.conditions))
          continue;  // the thread never takes that path
        Access X{&A, N.get(), N->fn, A.var, A.location,
                 unite(N->entry.locks, bound(Helpers->at(*N->fn, A.locks, A.chain), N.get())),
                 N->origin};
        if (!resolve(X, N->binding, N->self))
          continue;
        // The thread's entry counts barrier phases from the thread's start.
        bool ThreadEntry = N->via && N->via == N->origin.spawn;
        X.conditions = onGlobals(A.conditions, ThreadEntry);
        for (const ConditionFact &C : onGlobals(N->entry.conditions))
          addCondition(X.conditions, C);
        X.signalsAfter = A.signalsAfter;
        for (const ConditionFact &C : N->entry.signalsAfter)
          addCondition(X.signalsAfter, C);
        X.crashCall = N->entry.crash;
        X.crash = N->entry.crash || A.crashes;
        std::vector<std::string> Ids, Tests;
        for (const LockFact &L : X.locks)
          Ids.push_back(L.id + (L.shared ? "/s" : ""));
        std::sort(Ids.begin(), Ids.end());
        for (const ConditionFact &C : X.conditions)
          Tests.push_back(C.location + (C.equal ? "==" : "!=") + C.value);
        for (const ConditionFact &C : X.signalsAfter)
          Tests.push_back("then " + C.location + "=" + C.value);
        std::sort(Tests.begin(), Tests.end());
        auto [It, New] = Seen.try_emplace({&A, X.var, llvm::join(Ids, ","), X.origin.spawn,
                                           X.origin.entry, N->ambiguous, X.crash,
                                           llvm::join(Tests, ",")},
                                          Out.size());
        if (!New)
          continue;
        Out.push_back(std::move(X));
      }
  }

  /// Binds "param:N" to the global passed there; false for accesses to no tracked global, for
  /// a local of another run of its function than the one that shares it (sameRun()), and for
  /// the fields of an object the function runs on (`this`) that no other thread has (`Self`
  /// empty: Node::self).
  bool resolve(Access &X, const std::vector<std::string> &Binding, const std::string &Self) {
    llvm::StringRef Slot = X.fact->slot;
    if (llvm::StringRef(X.fact->var).starts_with("this:")) {
      if (Self.empty())
        return false;
      BoundObject B = BoundObject::parse(Self);
      // An object each thread has for its own: so is every field of it.
      if (!B.slot.empty()) {
        X.slot = B.slot;
        Slot = "";
      }
      // A member object's method: its fields are the member's, of the outer object.
      if (B.var != SharedSelf) {
        if (namesVariable(B)) {
          X.classVar = X.var;
          X.classLocation = X.location;
        }
        X.location = B.var + B.part + X.location.substr(X.var.size());
        X.var = B.var;
      }
    }
    unsigned Param = 0;
    if (Slot.starts_with("claim:")) {
      X.slot = Slot.str();  // an index claimed from an atomic counter: no other claim's
    } else if (Slot.consume_front("copy:")) {
      X.slot = Slot.str();  // a lambda's copy of the loop's variable: fixed per thread
    } else if (Slot.consume_front("param:") && !Slot.getAsInteger(10, Param) &&
               Param < Binding.size()) {
      X.slot = BoundObject::parse(Binding[Param]).slot;  // the value it was started with
    }
    if (llvm::StringRef(X.var).starts_with("param:")) {
      unsigned N = 0;
      llvm::StringRef(X.var).drop_front(6).getAsInteger(10, N);
      if (N >= Binding.size() || Binding[N].empty())
        return false;
      BoundObject B = BoundObject::parse(Binding[N]);
      if (B.var.empty())
        return false;  // a value (`(void *)i`), no object
      std::string Suffix = X.location.substr(X.var.size());
      X.var = B.var;
      X.location = B.var + B.part + Suffix;
      if (!B.slot.empty())
        X.slot = B.slot;
    }
    if (!throughField(X))
      return false;
    const GlobalFact *G = Prog->global(X.var);
    if (!G || !sameRun(X, *G))
      return false;
    return !catalogFor(X.fact->span.file).threadSafe(G->type);
  }

  /// An access through a pointer field of the object (`*a->count`, location ".count*"): of
  /// the variable whose address that field of the object holds (GlobalFact::fieldTargets:
  /// `struct args a = {&count}`). False when the field's value is not known.
  bool throughField(Access &X) const {
    llvm::StringRef Rest = llvm::StringRef(X.location).drop_front(X.var.size());
    size_t Star = Rest.find('*');
    if (Star == llvm::StringRef::npos)
      return true;
    const GlobalFact *G = Prog->global(X.var);
    if (!G)
      return false;
    for (const FieldTargetFact &T : G->fieldTargets)
      if (T.part == Rest.take_front(Star)) {
        X.location = T.target + Rest.drop_front(Star + 1).str();
        X.var = T.target;
        return true;
      }
    return false;
  }

  /// A local is shared by the run of its function that hands it on: with the threads that run
  /// its lambdas or get its address, and with what that run calls. A thread (or a call) that
  /// runs the function itself has a local of its own.
  static bool sameRun(const Access &X, const GlobalFact &G) {
    if (G.owner.empty() || !X.node)
      return true;  // a global, or the starter's own code
    return X.origin.spawner && X.origin.spawner->usr == G.owner && X.fn->usr != G.owner;
  }

  // ---- one thread --------------------------------------------------------------------------

  /// Whether the start `S`, reached again from the code that runs alongside the thread being
  /// checked, first joins that thread: its handle is the one `S` joins before it starts
  /// another (a recovery thread restarted on each error, after the last one is joined).
  bool startsAfterCurrent(const Spawn &S) const {
    return Current && !S.window.joinsPrevious.empty() &&
           S.window.joinsPrevious == Current->window.fieldHandle;
  }

  void checkSpawn(const Spawn &S) {
    Current = &S;
    const ThreadCatalog &Cat = catalogFor(S.fn->span.file);
    // The thread's side.
    // The nodes outlive this function: races keep pointers to them for their notes.
    NodeMap &ThreadNodes = *Kept.emplace_back(std::make_unique<NodeMap>());
    WorkList Work;
    for (const std::string &E : S.entries)
      if (const FunctionFact *Entry = Prog->function(E)) {
        Origin Mine{S.call, S.fn, S.window.many, S.entries.size() > 1 ? Entry : nullptr};
        if (!inProcessOf(Mine, *Entry))
          continue;
        std::string Self;
        std::vector<std::string> Binding =
            entryBinding(*S.call, *S.kind, *Entry, nullptr, SharedSelf, Self);
        if (Node *N = enter(ThreadNodes, Entry, std::move(Binding), std::move(Self), PathState{},
                            nullptr, S.call, Mine))
          Work.push(N);
      }
    expand(ThreadNodes, std::move(Work));
    std::vector<Access> ThreadSide;
    accessesOf(ThreadNodes, ThreadSide);
    if (ThreadSide.empty())
      return;

    // The starter's side: its accesses in the window, and what it calls or starts there.
    NodeMap &RegionNodes = *Kept.emplace_back(std::make_unique<NodeMap>());
    std::vector<Access> Region;
    Origin Starter{nullptr, S.fn, false};
    auto InWindow = [&](unsigned Offset) {
      return Offset >= S.window.begin && Offset < S.window.end &&
             !(Offset >= S.window.spawnBegin && Offset < S.window.spawnEnd);
    };
    // Where a join that may give up was tested to have joined, the thread has ended.
    auto Joined = [&](const std::vector<ConditionFact> &Conditions) {
      for (const ConditionFact &J : S.window.joinedWhere)
        if (llvm::any_of(Conditions, [&](const ConditionFact &C) { return sameTest(C, J); }))
          return true;
      return false;
    };
    for (const AccessFact &A : S.fn->accesses)
      if (A.span.file == S.call->span.file && InWindow(A.span.offset) && !Joined(A.conditions)) {
        addRootAccess(*S.fn, A, Starter, SharedSelf, Region);
      }
    WorkList RegionWork;
    // A call in the other arm of an if than the start is never made by the run that starts it.
    for (const CallFact &C : S.fn->calls)
      if (&C != S.call && C.span.file == S.call->span.file && InWindow(C.span.offset) &&
          !(runsOnce(*S.fn) && exclusiveCalls(*S.call, C)) && !Joined(C.conditions))
        followFromStarter(RegionNodes, RegionWork, C, Cat, Starter, RootObject{SharedSelf});
    if (S.window.escapes)
      continuation(S.fn, S.window.fieldHandle, RegionNodes, RegionWork, Region);
    expand(RegionNodes, std::move(RegionWork));
    accessesOf(RegionNodes, Region);
    publishHeldAtStart(S, Region);

    // Only accesses to the same variable can race: each side is indexed by variable, so the
    // pairing is not the product of both sides (redis: most of a warm run after one change).
    // Within a variable the pairs come in the order of the sides, which decides the witness.
    llvm::StringMap<std::vector<const Access *>> RegionByVar, ThreadByVar;
    // An object the program names is also, under its class's name, the one a `this` may be.
    for (const Access &B : Region) {
      RegionByVar[B.var].push_back(&B);
      if (!B.classVar.empty())
        RegionByVar[B.classVar].push_back(&B);
    }
    if (S.window.many)
      for (const Access &B : ThreadSide) {
        ThreadByVar[B.var].push_back(&B);
        if (!B.classVar.empty())
          ThreadByVar[B.classVar].push_back(&B);
      }
    // And within a variable (redis' `server`: thousands of accesses to hundreds of fields),
    // only the accesses of an overlapping location, one of the two a write: found once per
    // location and kind of access, in the side's order.
    Candidates FromRegion(RegionByVar), FromThread(ThreadByVar);
    // A mode flag is set by one thread while the others wait: the tests of a global the
    // thread itself assigns say nothing of when the two sides run.
    ThreadWrites.clear();
    for (const Access &A : ThreadSide)
      if (A.fact->write)
        ThreadWrites.insert(A.var);
    // Each pair of a thread's access with the accesses it may race with; `Named`, for a pair of
    // an object known by its class with a named one (as a `this` of its class), that one.
    auto Sides = [&](const Access &A, auto &&Pair) {
      for (const Access *B : FromRegion.of(A))
        Pair(A, *B, false, B->var == A.var ? nullptr : B);
      for (const Access *B : FromThread.of(A))
        Pair(A, *B, true, B->var == A.var ? nullptr : B);
      if (!A.classVar.empty()) {  // as a `this` of its class: with the objects known so only
        Access AsClass = A.asClassAccess();
        for (const Access *B : FromRegion.of(AsClass))
          if (B->var == AsClass.var)
            Pair(AsClass, *B, false, &A);
        for (const Access *B : FromThread.of(AsClass))
          if (B->var == AsClass.var)
            Pair(AsClass, *B, true, &A);
      }
    };
    for (const Access &A : ThreadSide)
      Sides(A, [&](const Access &A, const Access &Found, bool SameStart, const Access *Named) {
        // Found under the other's class name: the named object as a `this` of its class.
        const Access &B = Found.var == A.var ? Found : Found.asClassAccess();
        if (Named && !mayBeNamed(Named == &Found ? A : Found, *Named))
          return;
        if (!SameStart) {
          if (!ownElementOrdered(S, A, B, Cat))
            pair(A, B);
        } else if ((!A.origin.entry || A.origin.entry != B.origin.entry || S.kind->many) &&
                   !distinctObjects(S, A, B)) {
          // A loop over an array of entries starts each once: an entry is not paired with
          // itself (a pool's map runs each many times, and is).
          pair(A, B);
        }
      });
  }

  /// Whether the object an access `Unknown` knows only by its class may be the named object of
  /// `Named`: any global one; a local only for the run that owns it, that is, its function's
  /// own code or a thread that function started (what it handed over). (A Status local of one
  /// function is not what another function's thread reaches through a pointer.)
  bool mayBeNamed(const Access &Unknown, const Access &Named) const {
    const GlobalFact *G = Prog->global(Named.var);
    if (!G)
      return true;
    // The starter's own code only when it is the owner's (sameRun takes any starter's).
    return sameRun(Unknown, *G) &&
           (G->owner.empty() || Unknown.node || (Unknown.fn && Unknown.fn->usr == G->owner));
  }

  /// Two threads of one start that cannot reach one object: each has its own element (the
  /// slot variable picks it), or the object is a local of the function that started them and
  /// one of them reached it through a start of its own (another run of that function).
  bool distinctObjects(const Spawn &S, const Access &A, const Access &B) const {
    if (!A.slot.empty() && A.slot == B.slot && A.origin.spawn == S.call &&
        B.origin.spawn == S.call)
      return true;
    const GlobalFact *G = Prog->global(A.var);
    return G && !G->owner.empty() && (A.origin.spawn != S.call || B.origin.spawn != S.call);
  }

  /// The starter's access `B` to the thread's own element (`args[i]`, started in a loop over
  /// i) is ordered with the thread's accesses to it: made in the start's loop before the start
  /// (`args[i].id = i;` then `pthread_create(..., &args[i])`), or in a loop that joins the
  /// thread before it (`pthread_join(t[i], 0); sum += args[i].out;`). Another iteration picks
  /// another element.
  bool ownElementOrdered(const Spawn &S, const Access &A, const Access &B,
                         const ThreadCatalog &Cat) const {
    if (A.slot.empty() || A.origin.spawn != S.call || B.node || B.fn != S.fn ||
        B.fact->slot.empty() || B.fact->span.file != S.call->span.file)
      return false;
    unsigned At = B.fact->span.offset, Start = S.call->span.offset;
    auto Innermost = [&](unsigned Offset) -> const LoopFact * {
      const LoopFact *In = nullptr;
      for (const LoopFact &L : S.fn->loops)
        if (L.begin <= Offset && Offset < L.end && (!In || L.begin >= In->begin))
          In = &L;
      return In;
    };
    const LoopFact *Loop = Innermost(At);
    if (!Loop)
      return false;
    if (B.fact->slot == A.slot && At < Start && Start < Loop->end)
      return true;
    std::string Handle = threadHandle(*S.call, S.kind->handle);
    if (Handle.empty() || (Loop->begin <= Start && Start < Loop->end))
      return false;
    for (const CallFact &J : S.fn->calls)
      if (J.span.offset >= Loop->begin && J.span.offset < At)
        if (const ThreadJoiner *Joiner = Starts->joiner(J, Cat);
            Joiner && Joiner->joinedWhen.empty() && threadHandle(J, Joiner->handle) == Handle)
          return true;
    return false;
  }

  /// A lock the starter holds while it starts the thread can be taken by the thread only once
  /// the starter lets it go: what the starter does under that same hold (taken once, outside
  /// any loop) is seen by the thread's accesses after it took the lock ("acquired:").
  void publishHeldAtStart(const Spawn &S, std::vector<Access> &Region) const {
    std::vector<LockFact> Held;
    for (const LockFact &L : Helpers->at(*S.fn, S.call->locks, S.call->chain))
      if (L.acquired.valid() && L.acquired.file == S.fn->span.file &&
          llvm::none_of(S.fn->loops, [&](const LoopFact &Loop) {
            return Loop.begin <= L.acquired.offset && L.acquired.offset < Loop.end;
          }))
        Held.push_back(L);
    for (const LockFact &L : Held) {
      std::optional<ConditionFact> Taken = acquiredCondition(L);
      if (!Taken)
        continue;
      Taken->text = "the release of '" + L.name + "', held since before the thread started";
      for (Access &X : Region)
        if (llvm::any_of(X.locks, [&](const LockFact &M) {
              return M.id == L.id && M.acquired == L.acquired;
            }))
          addCondition(X.signalsAfter, *Taken);
    }
  }

  /// The accesses of one side that may race with an access: same variable, overlapping
  /// location, a write among the two.
  class Candidates {
  public:
    explicit Candidates(const llvm::StringMap<std::vector<const Access *>> &ByVar)
        : ByVar(ByVar) {}
    const std::vector<const Access *> &of(const Access &A) {
      static const std::vector<const Access *> None;
      auto Var = ByVar.find(A.var);
      if (Var == ByVar.end())
        return None;
      std::string Key = A.var + "\n" + A.location + (A.fact->write ? "\nW" : "\nR");
      auto [It, New] = Cache.try_emplace(Key);
      if (New)
        for (const Access *B : Var->second)
          if ((A.fact->write || B->fact->write) &&
              locationsOverlap(A.location, B->var == A.var ? B->location : B->classLocation))
            It->second.push_back(B);
      return It->second;
    }

  private:
    const llvm::StringMap<std::vector<const Access *>> &ByVar;
    llvm::StringMap<std::vector<const Access *>> Cache;
  };

  /// An access a root makes itself (the starter in its window, a caller running on after it,
  /// the shared object's destructor), its function running on `Self` (Node::self).
  void addRootAccess(const FunctionFact &F, const AccessFact &A, const Origin &O,
                     const std::string &Self, std::vector<Access> &Region) {
    Access X{&A, nullptr, &F, A.var, A.location, bound(Helpers->at(F, A.locks, A.chain), nullptr),
             O, onGlobals(A.conditions), A.signalsAfter, nullptr, A.crashes};
    if (resolve(X, {}, Self))
      Region.push_back(std::move(X));
  }

  void followFromStarter(NodeMap &Nodes, WorkList &Work, const CallFact &C,
                         const ThreadCatalog &Cat, const Origin &Starter,
                         const RootObject &Root) {
    follow(Nodes, Work, nullptr, C, Cat,
           bound(Helpers->at(*Starter.spawner, C.locks, C.chain), nullptr),
           &Starter, &Root);
  }

  /// A function that no function of the program calls (`main`): one run of it takes one arm
  /// of each `if`. A function that is called (a command handler) may take the other arm on a
  /// later call while the thread it started runs.
  bool runsOnce(const FunctionFact &F) const { return Prog->callersOf(F.usr).empty(); }

  /// A thread never joined in its starter runs on after the starter returns: the rest of each
  /// caller (after the call), and of their callers, runs alongside it.
  void continuation(const FunctionFact *F, const std::string &FieldHandle, NodeMap &Nodes,
                    WorkList &Work, std::vector<Access> &Region) {
    // Each function with whether its object is the one the starter ran on (shared with the
    // thread, since the starter's object is).
    std::deque<std::pair<const FunctionFact *, bool>> Up;
    std::set<const FunctionFact *> Seen{F};
    Up.push_back({F, true});
    while (!Up.empty()) {
      auto [Fn, FnShared] = Up.front();
      Up.pop_front();
      for (const CallSite &Site : Prog->callersOf(Fn->usr)) {
        const FunctionFact *Caller = Site.caller;
        // Each call site runs on after its call (a caller calling the starter from two places:
        // after each); each caller's callers are visited once.
        if (Caller == F)
          continue;
        // The object the callee ran on, as the caller names it: its own `this`, or a local
        // object (`Worker w; w.start();`, or the construction `Worker w;` whose constructor
        // started the thread), whose later calls run on the shared object.
        RootObject Root;
        llvm::StringSet<> Ids;
        bool Method = Fn->kind == FunctionKind::Method || Fn->kind == FunctionKind::Constructor ||
                      Fn->kind == FunctionKind::Destructor;
        if (FnShared && Method) {
          const CallFact &Call = *Site.call;
          if (Call.object == ObjectOrigin::This)
            Root.self = SharedSelf;
          else if (Call.object == ObjectOrigin::Owned && !Call.objectId.empty())
            Ids.insert(Call.objectId);
          else if (Call.isConstruction && !Call.resultId.empty())
            Ids.insert(Call.resultId);
          for (const LoopFact &L : Caller->loops)
            if (L.begin <= Call.span.offset && Call.span.offset < L.end)
              Root.sharedFrom = std::max(Root.sharedFrom, L.end);
        } else if (FnShared && Fn->kind == FunctionKind::Lambda) {
          Root.self = SharedSelf;
        }
        Root.sharedIds = &Ids;
        unsigned From = Site.call->span.offset + Site.call->span.length;
        for (const LoopFact &L : Caller->loops)
          if (L.begin <= Site.call->span.offset && Site.call->span.offset < L.end)
            From = std::min(From, L.begin);
        const ThreadCatalog &Cat = catalogFor(Caller->span.file);
        // A handle kept in a field may be joined here, through the field: the thread runs
        // until then, and the callers above never see it.
        std::optional<unsigned> Joined;
        if (!FieldHandle.empty())
          for (const CallFact &J : Caller->calls)
            if (J.span.offset > Site.call->span.offset && !exclusiveCalls(*Site.call, J) &&
                (!Joined || J.span.offset < *Joined))
              if (const ThreadJoiner *Joiner = Starts->joiner(J, Cat);
                  Joiner && threadHandle(J, Joiner->handle) == FieldHandle)
                Joined = J.span.offset;
        unsigned To = Joined ? *Joined : ~0u;
        Origin O{nullptr, Caller, false};
        for (const AccessFact &A : Caller->accesses)
          if (A.span.file == Site.call->span.file && A.span.offset >= From && A.span.offset < To &&
              !(A.span.offset >= Site.call->span.offset &&
                A.span.offset < Site.call->span.offset + Site.call->span.length)) {
            addRootAccess(*Caller, A, O, Root.self, Region);
          }
        // In a loop, the call itself runs again: the next iteration starts another thread.
        bool Again = From <= Site.call->span.offset;
        for (const CallFact &C : Caller->calls)
          if ((&C != Site.call || Again) && C.span.file == Site.call->span.file &&
              C.span.offset >= From && C.span.offset < To &&
              !(runsOnce(*Caller) && exclusiveCalls(*Site.call, C)))
            followFromStarter(Nodes, Work, C, Cat, O, Root);
        // The shared local object's destructor runs at the end of its scope, often to stop
        // and join the thread: what it does before the join runs alongside the thread.
        for (const ScopeExitFact &X : Caller->scopeExits)
          if (Ids.contains(X.id) && X.offset >= From && X.offset < To &&
              X.offset >= Root.sharedFrom)
            if (const FunctionFact *D = destructorOf(X.type)) {
              if (destructorRun(*D, O, Nodes, Work, Region) && !Joined)
                Joined = X.offset;
            }
        if (!Joined && Seen.insert(Caller).second)
          Up.push_back({Caller, !Root.self.empty()});
      }
    }
  }

  /// The destructor of the class a ScopeExitFact names (`Queue`, or what a `std::unique_ptr`
  /// holds), when the program defines one.
  const FunctionFact *destructorOf(llvm::StringRef Type) {
    if (Type.consume_front("std::unique_ptr<") || Type.consume_front("std::shared_ptr<"))
      Type = Type.take_until([](char C) { return C == ',' || C == '>'; }).trim();
    if (Type.empty() || Type.contains('<'))
      return nullptr;
    if (Destructors.empty())
      for (const FunctionFact *F : Prog->functions())
        if (F->kind == FunctionKind::Destructor)
          Destructors.try_emplace(F->name, F);
    llvm::StringRef Last = Type.rsplit("::").second;
    if (Last.empty())
      Last = Type;
    return Destructors.lookup((Type + "::~" + Last).str());
  }

  /// The destructor `D` of the shared object, run at the end of its owner's scope while the
  /// thread runs: its accesses and calls up to its first join of a thread. True when it joins
  /// one (the thread has ended after it).
  bool destructorRun(const FunctionFact &D, const Origin &O, NodeMap &Nodes, WorkList &Work,
                     std::vector<Access> &Region) {
    const ThreadCatalog &Cat = catalogFor(D.span.file);
    std::optional<unsigned> Join;
    for (const CallFact &J : D.calls)
      if (Starts->joiner(J, Cat) && (!Join || J.span.offset < *Join))
        Join = J.span.offset;
    unsigned To = Join ? *Join : ~0u;
    RootObject Root{SharedSelf};
    for (const AccessFact &A : D.accesses)
      if (A.span.offset < To)
        addRootAccess(D, A, O, Root.self, Region);
    for (const CallFact &C : D.calls)
      if (C.span.offset < To)
        followFromStarter(Nodes, Work, C, Cat, O, Root);
    return Join.has_value();
  }

  // ---- findings ----------------------------------------------------------------------------

  struct Race {
    Access primary, other;
    Confidence confidence = Confidence::High;
    std::string reason;
  };

  /// Why an access's thread may not reach it: a call on its chain through a pointer, a
  /// callable or virtual dispatch that may run several functions (one of which is this way),
  /// or that only the called type resolved. "" when every call on the chain names its callee.
  const std::string &ambiguity(const Node *N) {
    static const std::string None;
    if (!N)
      return None;
    auto [It, New] = Ambiguity.try_emplace(N);
    if (!New)
      return It->second;
    std::string Reason;
    if (const CallFact *C = N->via; C && N->origin.spawn != C && (!C->via.empty() || C->virtualCall)) {
      const FunctionPointers &FP = Prog->functionPointers();
      size_t Targets = calleesIn(*C, N->origin).size();
      if (FP.byType(*C))
        Reason = "reached through the call at " + place(C->span) +
                 ", which no flow of function values resolves: any function of its type may run "
                 "there";
      else if (Targets > 1)
        Reason = "reached through the call at " + place(C->span) + ", which may run any of " +
                 std::to_string(Targets) + " functions";
    }
    if (Reason.empty())
      Reason = ambiguity(N->pred);
    // The map may have grown: look the entry up again.
    return Ambiguity[N] = std::move(Reason);
  }

  /// How sure the report of a pair is, and why not more.
  std::pair<Confidence, std::string> confidenceOf(const Access &A, const Access &B) {
    for (const Access *X : {&A, &B})
      if (const std::string &Why = ambiguity(X->node); !Why.empty())
        return {Confidence::Low, Why};
    for (const Access *X : {&A, &B})
      if (X->crash)
        return {Confidence::Low,
                X->crashCall
                    ? "only on the way to a crash: " + describeCrash(*X->crashCall)
                    : "only on the way to a crash in " + quoted(X->fn->name) +
                          " (the block it is in ends by crashing)"};
    for (const Access *X : {&A, &B})
      if (X->origin.entry)
        return {Confidence::Medium,
                "the thread started at " + place(X->origin.spawn->span) +
                    " may run one of several functions (" + quoted(X->origin.entry->name) +
                    " is one)"};
    return {Confidence::High, ""};
  }

  /// The call a crash path passes, as a reader knows it.
  std::string describeCrash(const CallFact &C) {
    std::string Callee = C.callee.empty() ? "the call" : quoted(C.callee);
    return Callee + " at " + place(C.span) + " is called only where the program crashes";
  }

  static bool before(const AccessFact &A, const AccessFact &B) {
    return std::tie(A.span.file, A.span.offset) < std::tie(B.span.file, B.span.offset);
  }

  /// Whether the two accesses need a mode flag to have two values at once: a global that the
  /// thread does not assign itself, and that is not the variable they race on (a check and
  /// an act on one variable race through that very variable).
  bool exclusiveModes(const Access &A, const Access &B) const {
    for (const ConditionFact &X : A.conditions) {
      if (locationsOverlap(X.location, A.var) ||
          llvm::any_of(ThreadWrites.keys(),
                       [&](llvm::StringRef W) { return locationsOverlap(X.location, W); }))
        continue;
      if (contradiction({X}, B.conditions))
        return true;
    }
    return false;
  }

  /// Whether `Before` is followed by a release store that `After`'s path observed: a test of the
  /// atomic it stored that the stored value passes (`ready.store(1)` then `while
  /// (!ready.load(acquire))`); a read-modify-write (`count.fetch_add(1)`) passes any test.
  static bool publishes(const Access &Before, const Access &After) {
    for (const ConditionFact &Signal : Before.signalsAfter)
      for (const ConditionFact &Seen : After.conditions) {
        if (Seen.location != Signal.location)
          continue;
        if (Signal.value.empty() || (Seen.value == Signal.value) == Seen.equal)
          return true;
      }
    return false;
  }

  void pair(const Access &A, const Access &B) {
    // Cheapest tests first: a variable like redis's `server` pairs thousands of accesses.
    if (!(A.fact->write || B.fact->write) || (A.fact->atomic && B.fact->atomic))
      return;
    if (!locationsOverlap(A.location, B.location))
      return;
    if (A.fact->form == AccessForm::Address || B.fact->form == AccessForm::Address)
      return;  // taking the address is no access
    // Elements indexed by values claimed from one atomic counter: never the same element.
    if (A.slot == B.slot && llvm::StringRef(A.slot).starts_with("claim:"))
      return;
    if (commonLock(A.locks, B.locks))
      return;
    // Both need a global to have two values at once (a thread-mode flag): not at the same time.
    if (exclusiveModes(A, B))
      return;
    // One side publishes with a release store what the other acquired before its access.
    if (publishes(B, A) || publishes(A, B))
      return;
    // Primary: the unprotected side, else the write, else the earlier in the source.
    const Access *First = &A, *Second = &B;
    bool AFree = A.locks.empty(), BFree = B.locks.empty();
    if (AFree != BFree) {
      if (BFree)
        std::swap(First, Second);
    } else if (A.fact->write != B.fact->write) {
      if (B.fact->write)
        std::swap(First, Second);
    } else if (before(*B.fact, *A.fact)) {
      std::swap(First, Second);
    }
    std::string Key = First->var + "\n" + First->fact->span.file + ":" +
                      std::to_string(First->fact->span.line) + "\n" + threadPair(A, B);
    auto [Level, Why] = confidenceOf(*First, *Second);
    auto [It, New] = Races.try_emplace(Key, Race{*First, *Second, Level, Why});
    if (New) {
      Order.push_back(Key);
    } else if (Level > It->second.confidence) {
      // A witness that is surer of itself: the race is reported with it.
      It->second = Race{*First, *Second, Level, std::move(Why)};
    }
  }

  /// The function the thread that makes `X` was started with; null for the starter's side.
  static const FunctionFact *entryOf(const Access &X) {
    if (X.origin.entry || !X.origin.spawn)
      return X.origin.entry;
    std::set<const Node *> Seen;  // a witness re-pointed at a surer path never loops, but check
    for (const Node *N = X.node; N && Seen.insert(N).second; N = N->pred)
      if (N->via == X.origin.spawn)
        return N->fn;
    return nullptr;
  }

  /// Which two kinds of thread race, whichever side each is on: the entry each runs (or the
  /// function that started the threads).
  static std::string threadPair(const Access &X, const Access &Y) {
    auto ThreadOf = [](const Access &T) {
      // A thread is the code it runs: two starts of one entry are one kind of thread.
      const FunctionFact *Code = entryOf(T);
      const void *Id = Code ? static_cast<const void *>(Code)
                            : static_cast<const void *>(T.origin.spawner);
      return llvm::formatv("{0}", Id).str();
    };
    std::string A = ThreadOf(X), B = ThreadOf(Y);
    return A < B ? A + "\n" + B : B + "\n" + A;
  }

  std::string who(const Access &X) {
    if (X.origin.spawn)
      return "the thread started at " + place(X.origin.spawn->span);
    std::string Name = X.origin.spawner ? X.origin.spawner->name : X.fn->name;
    return quoted(Name) + " (which started the thread)";
  }

  static std::string verb(const Access &X) {
    return X.fact->write ? "written" : "read";
  }

  void chainNotes(const Access &X, Finding &F, const char *Side) {
    std::vector<const Node *> Chain;
    std::set<const Node *> Seen;  // a witness re-pointed at a surer path never loops, but check
    for (const Node *N = X.node; N && Seen.insert(N).second; N = N->pred)
      Chain.push_back(N);
    // Chain.back() is the root; notes go from the root down.
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
      const Node *N = *It;
      if (!N->via)
        continue;
      if (N->origin.spawn == N->via) {  // a thread start, at the root or down the chain
        F.notes.push_back({N->via->span, std::string(Side) + " thread started here, running " +
                                             quoted(N->fn->name)});
      } else {
        F.notes.push_back({N->via->span, "calls " + quoted(N->fn->name) + " here"});
      }
    }
  }

  /// The way to `X` step by step for the report's columns: the function its thread starts in
  /// (the root of its chain), each call and thread start on the way, and the access itself.
  CallChain chainOf(const Access &X, const std::string &Shown, bool SameStart) {
    std::vector<const Node *> Chain;
    std::set<const Node *> Seen;
    for (const Node *N = X.node; N && Seen.insert(N).second; N = N->pred)
      Chain.push_back(N);
    CallChain C;
    if (X.origin.spawn) {
      const FunctionFact *Entry = entryOf(X);
      C.title = std::string(SameStart ? "another instance of the thread" : "thread") +
                " started at " + place(X.origin.spawn->span) +
                (Entry ? ", running " + quoted(Entry->name) : "");
    } else {
      C.title = quoted(X.origin.spawner ? X.origin.spawner->name : X.fn->name) +
                " (which started the thread)";
    }
    // The root: the function the way starts in; a thread's chain starts at its start call, in
    // the function that started it.
    const Node *First = Chain.empty() ? nullptr : Chain.back();
    const FunctionFact *Root = !First ? X.fn : First->via ? X.origin.spawner : First->fn;
    if (Root)
      C.steps.push_back({Root->span, "in " + quoted(Root->name)});
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
      const Node *N = *It;
      if (!N->via)
        continue;
      C.steps.push_back({N->via->span, N->origin.spawn == N->via
                                           ? "starts a thread running " + quoted(N->fn->name)
                                           : "calls " + quoted(N->fn->name)});
    }
    C.steps.push_back({X.fact->span, std::string(X.fact->write ? "writes " : "reads ") + Shown +
                                         " " + lockList(X.locks)});
    return C;
  }

  void emit() {
    std::map<std::string, std::vector<const Race *>> ByVar;
    for (const std::string &K : Order) {
      const Race &R = Races[K];
      ByVar[R.primary.var].push_back(&R);
    }
    // One finding per variable (a field, the elements), pair of threads and confidence: a
    // report reads as a list of problems, not of statements. The first race in the source is
    // the finding; the places of the others are its notes.
    std::map<std::string, std::vector<const Race *>> Groups;
    std::vector<std::string> GroupOrder;
    std::set<const AccessFact *> Reported;
    for (const std::string &K : Order) {
      const Race &R = Races[K];
      // Of one confidence: a finding hidden by default does not take a shown one's places.
      std::string Group = R.primary.location + "\n" + threadPair(R.primary, R.other) + "\n" +
                          std::to_string(static_cast<int>(R.confidence));
      auto [It, New] = Groups.try_emplace(Group);
      if (New)
        GroupOrder.push_back(Group);
      It->second.push_back(&R);
    }
    for (const std::string &K : GroupOrder)
      std::stable_sort(Groups[K].begin(), Groups[K].end(), [](const Race *X, const Race *Y) {
        return before(*X->primary.fact, *Y->primary.fact);
      });
    // The surer groups first: a statement reported with high confidence is not reported again
    // with a lower one.
    std::stable_sort(GroupOrder.begin(), GroupOrder.end(),
                     [&](const std::string &X, const std::string &Y) {
                       return Groups[X].front()->confidence > Groups[Y].front()->confidence;
                     });
    for (const std::string &K : GroupOrder) {
      std::vector<const Race *> &Group = Groups[K];
      llvm::erase_if(Group, [&](const Race *X) { return Reported.count(X->primary.fact); });
      if (Group.empty())
        continue;
      const Race &R = *Group.front();
      Reported.insert(R.primary.fact);
      // Another pair of threads whose first race is this statement too: one finding, the
      // other thread's access a note.
      std::vector<const Race *> AlsoWith;
      // The places of the other races of these pairs, each statement once.
      std::vector<const Race *> Others;
      std::set<const AccessFact *> Listed{R.primary.fact};
      auto AddOthers = [&](const std::vector<const Race *> &Members) {
        for (size_t I = 1; I < Members.size(); ++I)
          if (Listed.insert(Members[I]->primary.fact).second)
            Others.push_back(Members[I]);
      };
      AddOthers(Group);
      for (const std::string &L : GroupOrder)
        if (L != K && !Groups[L].empty() && Groups[L].front()->primary.fact == R.primary.fact &&
            Groups[L].front()->confidence == R.confidence) {
          AlsoWith.push_back(Groups[L].front());
          AddOthers(Groups[L]);
          Groups[L].clear();  // its places are this finding's notes
        }
      const Access &A = R.primary, &B = R.other;
      const Config &C = RCtx->configFor(A.fact->span.file);
      if (!C.enabled(RuleId))
        continue;
      const GlobalFact *G = Prog->global(A.var);
      Finding F;
      F.rule = RuleId.str();
      F.where = A.fact->span;
      F.confidence = R.confidence;
      F.confidenceReason = R.reason;
      std::string Name = A.fact->path.empty() ? G->name : A.fact->path;
      if (G->thisObject)  // a field of the object the methods run on, however reached
        Name = "this->" + llvm::StringRef(A.location).drop_front(A.var.size()).ltrim('.').str();
      else if (!A.fact->path.empty() && A.var != A.fact->var)  // reached through a parameter
        Name = G->name + A.location.substr(A.var.size());
      llvm::StringRef Bare = llvm::StringRef(Name).rtrim('#');
      std::string Shown = Bare.ends_with("[]") ? "the elements of " + quoted(Bare.drop_back(2))
                                               : quoted(Bare);
      std::string Described = Shown;
      if (G->thisObject)
        Described += " in " + quoted(G->name);
      if (!G->owner.empty())  // a local: whose, since each run of its function has one
        if (const FunctionFact *Owner = Prog->function(G->owner)) {
          llvm::StringRef Pointer = G->name;  // "(*j)" for the object j points to
          if (llvm::StringRef(G->usr).ends_with("*") && Pointer.consume_front("(*") &&
              Pointer.consume_back(")"))
            Described += " (the object " + quoted(Pointer) + ", a local of " +
                         quoted(Owner->name) + ", points to, shared with its threads)";
          else
            Described += " (a local of " + quoted(Owner->name) + ", shared with its threads)";
        }
      std::string SameThread =
          !A.origin.spawn || A.origin.spawn != B.origin.spawn ? who(B)
          : A.origin.entry != B.origin.entry && B.origin.entry
              ? "another thread started there, running " + quoted(B.origin.entry->name)
              : "another instance of that thread (it is started more than once)";
      F.message = "data race on " + Described + ": " + verb(A) + " " + lockList(A.locks) + " by " +
                  who(A) + "; also " + verb(B) + " " + lockList(B.locks) + " at " +
                  place(B.fact->span) + " by " + SameThread;
      // A volatile variable is a common stand-in for an atomic: say why it is not one.
      if (G->isVolatile)
        F.message += " ('volatile' is not synchronisation: it neither makes an access atomic nor "
                     "orders the accesses around it)";
      if (!Others.empty())
        F.message += llvm::formatv(" (and {0} other place{1}, in the notes)", Others.size(),
                                   Others.size() > 1 ? "s" : "")
                         .str();
      F.notes.push_back({B.fact->span, "conflicting " + std::string(B.fact->write ? "write" : "read") +
                                           " " + lockList(B.locks)});
      for (const Race *O : AlsoWith) {
        std::string Kind = O->other.fact->write ? "write" : "read";
        F.notes.push_back({O->other.fact->span, "also races with this " + Kind + " " +
                                                    lockList(O->other.locks) + " by " +
                                                    who(O->other)});
      }
      std::stable_sort(Others.begin(), Others.end(), [](const Race *X, const Race *Y) {
        return before(*X->primary.fact, *Y->primary.fact);
      });
      for (const Race *O : Others)
        F.notes.push_back({O->primary.fact->span,
                           "also " + verb(O->primary) + " " + lockList(O->primary.locks) +
                               " here, against the " + (O->other.fact->write ? "write" : "read") +
                               " at " + place(O->other.fact->span)});
      chainNotes(A, F, "this");
      if (B.origin.spawn != A.origin.spawn || !B.node)
        chainNotes(B, F, "the other");
      F.chains.push_back(chainOf(A, Shown, false));
      F.chains.push_back(chainOf(B, Shown, A.origin.spawn && A.origin.spawn == B.origin.spawn));
      const std::vector<const Race *> &Same = ByVar[A.var];
      addFix(*G, Same, F);
      RCtx->report(std::move(F));
    }
  }

  // ---- fixes -------------------------------------------------------------------------------

  /// Every access to the variable anywhere in the program, as written.
  std::vector<const AccessFact *> allAccesses(const std::string &Var, bool &ThroughPointer) {
    std::vector<const AccessFact *> Out;
    ThroughPointer = false;
    for (const FunctionFact *F : Prog->functions()) {
      for (const AccessFact &A : F->accesses)
        if (A.var == Var)
          Out.push_back(&A);
      for (const CallFact &C : F->calls)
        for (const std::string &G : C.argGlobals)
          ThroughPointer |= G == Var;
    }
    return Out;
  }

  void addFix(const GlobalFact &G, const std::vector<const Race *> &Races, Finding &F) {
    auto Cached = Fixes.find(G.usr);
    if (Cached == Fixes.end())
      Cached = Fixes.emplace(G.usr, planFix(G, Races)).first;
    if (Cached->second.empty())
      return;
    F.fixes = Cached->second;
    F.message += !AtomicChosen.count(G.usr) ? "; guard it with a mutex"
                 : G.c                         ? "; make it _Atomic"
                                               : "; make it std::atomic";
  }

  std::map<std::string, Replacements> planFix(const GlobalFact &G,
                                              const std::vector<const Race *> &Races) {
    bool ThroughPointer = false;
    std::vector<const AccessFact *> All = allAccesses(G.usr, ThroughPointer);
    for (const VarDeclFact &D : G.decls)
      if (!D.alone || D.inMacro || !Prog->fileContent(D.type.file))
        return {};
    if (auto Atomic = atomicFix(G, All, ThroughPointer)) {
      AtomicChosen.insert(G.usr);
      return *Atomic;
    }
    // A mutex declared beside a local is not in scope in the functions it is handed to.
    if (!G.owner.empty() || G.thisObject)
      return {};
    return mutexFix(G, Races);
  }

  std::optional<std::map<std::string, Replacements>>
  atomicFix(const GlobalFact &G, const std::vector<const AccessFact *> &All, bool ThroughPointer) {
    if (!G.integral || ThroughPointer || G.decls.empty())
      return std::nullopt;
    // What std::atomic<T> can take as it is written: not an address taken, nor anything else.
    auto Supported = [](AccessForm Form) {
      return Form != AccessForm::Other && Form != AccessForm::Address;
    };
    for (const AccessFact *A : All)
      if (A->location != A->var || A->inMacro || !Supported(A->form) ||
          ((A->form == AccessForm::SelfOp || (A->form == AccessForm::CallArg && !G.c)) &&
           !A->rewrite.valid()))
        return std::nullopt;
    std::map<std::string, Replacements> Out;
    auto Add = [&](const std::string &File, const Replacement &R) {
      if (llvm::Error E = Out[File].add(R)) {
        llvm::consumeError(std::move(E));
        return false;
      }
      return true;
    };
    for (const VarDeclFact &D : G.decls) {
      std::optional<llvm::StringRef> Code = Prog->fileContent(D.type.file);
      llvm::StringRef Type = Code->substr(D.type.offset, D.type.length);
      std::string NewType = G.c ? "_Atomic " + Type.str() : "std::atomic<" + Type.str() + ">";
      if (!Add(D.type.file, Replacement(D.type.file, D.type.offset, D.type.length, NewType)))
        return std::nullopt;
      if (!G.c && !addInclude(*Prog, D.type.file, "<atomic>", Out[D.type.file]))
        return std::nullopt;
    }
    std::set<std::pair<std::string, unsigned>> Done;
    for (const AccessFact *A : All) {
      if (!A->rewrite.valid() || (G.c && A->form == AccessForm::CallArg))
        continue;
      if (!Done.insert({A->rewrite.file, A->rewrite.offset}).second)
        continue;
      if (!Add(A->rewrite.file, Replacement(A->rewrite.file, A->rewrite.offset,
                                            A->rewrite.length, A->rewriteText)))
        return std::nullopt;
    }
    return Out;
  }

  std::map<std::string, Replacements> mutexFix(const GlobalFact &G,
                                               const std::vector<const Race *> &Races) {
    // The mutex already guarding some accesses, when it is a global that can be named.
    std::string Mutex;
    const GlobalFact *Existing = nullptr;
    for (const Race *R : Races)
      for (const Access *X : {&R->primary, &R->other})
        for (const LockFact &L : X->locks)
          if (const GlobalFact *M = L.id == "*" ? nullptr : Prog->global(L.id);
              !Existing && M && !M->functionLocal) {
            Existing = M;
            Mutex = M->spelling;
          }
    bool Reuse = Existing != nullptr;
    // How the reused mutex is locked: its own API, not lock_guard on a C mutex.
    std::string LockCall = "pthread_mutex_lock", UnlockCall = "pthread_mutex_unlock";
    bool CStyle = G.c;
    if (Existing) {
      llvm::StringRef T = Existing->typeSpelling;
      if (T == "mtx_t") {
        CStyle = true;
        LockCall = "mtx_lock";
        UnlockCall = "mtx_unlock";
      } else if (T == "pthread_mutex_t") {
        CStyle = true;
      } else if (G.c) {
        return {};
      }
    }
    for (const Race *R : Races)
      for (const Access *X : {&R->primary, &R->other})
        if (!X->locks.empty() && !Reuse)
          return {};  // guarded by a lock we cannot name: no mechanical fix
    std::string Own = llvm::StringRef(G.spelling).rsplit("::").second.empty()
                          ? G.spelling
                          : llvm::StringRef(G.spelling).rsplit("::").second.str();
    if (!Reuse) {
      Mutex = G.functionLocal ? Own + "_mutex" : G.spelling + "_mutex";
    }
    std::map<std::string, Replacements> Out;
    auto Add = [&](const std::string &File, const Replacement &R) {
      if (llvm::Error E = Out[File].add(R)) {
        llvm::consumeError(std::move(E));
        return false;
      }
      return true;
    };
    // The statements to guard: every racing access that does not hold the mutex.
    std::set<std::pair<std::string, unsigned>> Guarded;
    for (const Race *R : Races)
      for (const Access *X : {&R->primary, &R->other}) {
        bool Holds = std::any_of(X->locks.begin(), X->locks.end(), [&](const LockFact &L) {
          const GlobalFact *M = Prog->global(L.id);
          return M && M->spelling == Mutex;
        });
        if (Holds)
          continue;
        // Written through another name (a method's `this`, a parameter): that code runs on
        // other objects too, and the variable's mutex is not the lock it needs.
        if (X->fact->var != G.usr)
          return {};
        const Span &S = X->fact->statement;
        if (!S.valid() || X->fact->inMacro)
          return {};
        if (!Guarded.insert({S.file, S.offset}).second)
          continue;
        if (callsInto(S, G.usr))
          return {};  // the lock would be taken again inside: a deadlock
        if (Existing && !visibleAt(*Existing, S))
          return {};  // the mutex is declared after the statement, or in another source file
        std::optional<llvm::StringRef> Code = Prog->fileContent(S.file);
        if (!Code || S.offset + S.length > Code->size())
          return {};
        std::string Body = Code->substr(S.offset, S.length).str();
        std::string Lock = "lock";
        if (llvm::StringRef(Body).contains("lock"))
          Lock = "lock_" + Own;
        std::string Text;
        if (CStyle)
          Text = "{ " + LockCall + "(&" + Mutex + "); " + Body + " " + UnlockCall + "(&" + Mutex +
                 "); }";
        else
          Text = "{ std::lock_guard<" +
                 (Reuse ? "decltype(" + Mutex + ")" : std::string("std::mutex")) + "> " + Lock +
                 "(" + Mutex + "); " + Body + " }";
        if (!Add(S.file, Replacement(S.file, S.offset, S.length, Text)))
          return {};
        if (!Reuse && !addInclude(*Prog, S.file, G.c ? "<pthread.h>" : "<mutex>", Out[S.file]))
          return {};
      }
    if (Guarded.empty())
      return {};
    if (!Reuse) {
      for (const VarDeclFact &D : G.decls) {
        std::optional<llvm::StringRef> Code = Prog->fileContent(D.declaration.file);
        llvm::StringRef Decl = Code->substr(D.declaration.offset, D.declaration.length);
        bool Static = Decl.ltrim().starts_with("static");
        // A C++17 inline variable (in a header, defined in every TU) needs an inline mutex.
        bool Inline = Decl.ltrim().starts_with("inline") || Decl.ltrim().starts_with("static inline");
        bool Extern = Decl.ltrim().starts_with("extern") || !D.definition;
        std::string Text;
        if (G.member) {
          if (!Extern && !Static)
            continue;  // the out-of-line definition: the inline member needs none
          Text = G.c ? "" : "static inline std::mutex " + Own + "_mutex;";
        } else if (G.c) {
          Text = Extern ? "extern pthread_mutex_t " + Own + "_mutex;"
                        : std::string(Static ? "static " : "") + "pthread_mutex_t " + Own +
                              "_mutex = PTHREAD_MUTEX_INITIALIZER;";
        } else {
          Text = std::string(Extern ? "extern " : (Static ? "static " : "")) +
                 (Inline ? "inline " : "") + "std::mutex " + Own + "_mutex;";
        }
        // On the next line, indented like the declaration.
        unsigned LineStart = D.declaration.offset;
        while (LineStart > 0 && (*Code)[LineStart - 1] != '\n')
          --LineStart;
        std::string Indent;
        for (unsigned I = LineStart; I < D.declaration.offset && ((*Code)[I] == ' ' || (*Code)[I] == '\t'); ++I)
          Indent += (*Code)[I];
        unsigned After = D.declaration.offset + D.declaration.length;
        if (!Add(D.declaration.file, Replacement(D.declaration.file, After, 0, "\n" + Indent + Text)))
          return {};
        if (!addInclude(*Prog, D.declaration.file, G.c ? "<pthread.h>" : "<mutex>",
                        Out[D.declaration.file]))
          return {};
      }
    }
    return Out;
  }

  /// Whether the mutex can be named at the statement: declared in a header, or earlier in the
  /// statement's own file.
  static bool visibleAt(const GlobalFact &Mutex, const Span &Statement) {
    for (const VarDeclFact &D : Mutex.decls) {
      llvm::StringRef Ext = llvm::sys::path::extension(D.declaration.file);
      bool Header = Ext != ".c" && Ext != ".cc" && Ext != ".cpp" && Ext != ".cxx";
      if (Header || (D.declaration.file == Statement.file && D.declaration.offset < Statement.offset))
        return true;
    }
    return false;
  }

  /// Whether a call inside the statement reaches (through calls) an access of the variable.
  bool callsInto(const Span &Statement, const std::string &Var) {
    for (const FunctionFact *F : Prog->functions())
      for (const CallFact &C : F->calls)
        if (C.span.file == Statement.file && C.span.offset >= Statement.offset &&
            C.span.offset < Statement.offset + Statement.length && !C.calleeUsr.empty() &&
            reachesAccess(C.calleeUsr, Var))
          return true;
    return false;
  }

  bool reachesAccess(const std::string &Usr, const std::string &Var) {
    std::set<std::string> Seen{Usr};
    std::deque<std::string> Work{Usr};
    while (!Work.empty()) {
      const FunctionFact *F = Prog->function(Work.front());
      Work.pop_front();
      if (!F)
        continue;
      for (const AccessFact &A : F->accesses)
        if (A.var == Var)
          return true;
      for (const CallFact &C : F->calls)
        if (!C.calleeUsr.empty() && Seen.insert(C.calleeUsr).second)
          Work.push_back(C.calleeUsr);
    }
    return false;
  }

  const Program *Prog = nullptr;
  LockSummaries *Helpers = nullptr;  // valid during check()
  const ThreadStarts *Starts = nullptr;  // valid during check()
  RuleContext *RCtx = nullptr;
  std::vector<Spawn> Spawns;
  const Spawn *Current = nullptr;  // the start checkSpawn() is checking
  std::vector<std::unique_ptr<NodeMap>> Kept;
  llvm::StringMap<const FunctionFact *> Destructors;  // by qualified name: "Queue::~Queue"
  std::map<std::string, Race> Races;
  llvm::StringSet<> ThreadWrites;  // the globals the thread being checked assigns
  std::map<const Node *, std::string> Ambiguity;
  std::vector<std::string> Order;
  std::map<std::string, std::map<std::string, Replacements>> Fixes;
  std::set<std::string> AtomicChosen;
};

}  // namespace

std::unique_ptr<Rule> createRaceSharedGlobal() { return std::make_unique<RaceSharedGlobal>(); }

}  // namespace concurlint
