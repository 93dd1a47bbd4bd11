// loop-parallelizable: a `for` or range-`for` loop whose iterations are independent and slow
// enough to be worth running at once, with the rewrite onto the runtime's executors
// (concur::for_each_index, concur::map, concur::map_reduce over a concur::ThreadPool or
// concur::ProcessPool; concur::gather in a concur::Task coroutine).
// See docs/rules/loop-parallelizable.md.
#include "rules/AllRules.h"
#include "engine/RuleText.h"
#include "engine/WriteSummaries.h"
#include "transforms/FixSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <map>
#include <optional>
#include <set>

namespace concurlint {
namespace {

using clang::tooling::Replacement;
using clang::tooling::Replacements;

constexpr llvm::StringLiteral RuleId = "loop-parallelizable";

llvm::StringSet<> commaList(llvm::StringRef Text) {
  llvm::StringSet<> Out;
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Text.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.insert(P.trim());
  return Out;
}

/// A name listed by its qualified name or its last component (`strtok`, `::strtok`).
bool listed(const llvm::StringSet<> &List, llvm::StringRef Name) {
  return List.contains(Name) || List.contains(lastComponent(Name));
}

/// Functions that write to the program's standard output or error: their iterations' output
/// interleaves in a new order.
bool prints(llvm::StringRef Name) {
  static const llvm::StringSet<> Printing = {
      "printf",    "puts",      "putchar",    "fprintf",   "fputs",    "fputc",
      "vprintf",   "vfprintf",  "std::print", "std::println", "std::operator<<",
      "std::basic_ostream::operator<<", "std::basic_ostream::write", "std::basic_ostream::put",
      "perror"};
  return Printing.contains(Name);
}

/// What the calls of a loop's body do, followed through the program's functions.
struct CallSummary {
  std::string blocking;   // a blocking call (sleep, file, network, process), by name
  std::string blockingVia;
  std::string cpu;        // a function whose loops are worth a thread
  std::string cpuWhy;     // why, for the message: "which is recursive", "which runs about
                          // 4000 loop iterations a call"
  std::string unsafe;     // a function that is not thread-safe (strtok, rand, …)
  std::string unsafeVia;
  std::string global;     // a global or static written
  std::string globalVia;
  /// Whether a global a callee writes is also used by a function the loop does not reach (or
  /// by the loop's own function): then the iterations share it with the rest of the program,
  /// on any executor.
  bool globalShared = false;
  llvm::StringSet<> reached;  // USRs of the functions the body reaches
  std::string unknown;    // a callee with no body anywhere and not listed as safe
  std::string worth;      // a callee the configuration lists as worth it
  std::vector<Note> printing;
};

class CallAnalysis {
public:
  CallAnalysis(const Program &P, const Config &C) : P(P), C(C) {
    Unsafe = commaList(C.option(RuleId, "thread-unsafe-functions"));
    Safe = commaList(C.option(RuleId, "safe-callees"));
    Worth = commaList(C.option(RuleId, "worth-it-callees"));
    llvm::StringRef(C.option(RuleId, "max-depth")).trim().getAsInteger(10, MaxDepth);
    llvm::StringRef(C.option(RuleId, "min-iterations")).trim().getAsInteger(10, MinIterations);
    CalleeLoops = C.boolOption(RuleId, "callee-loops");
  }

  /// The blocking catalog entry of a call worth overlapping: sleeps and I/O, not locks and
  /// waits (a loop that waits on a lock shares state with others).
  const BlockingFunction *blocking(llvm::StringRef Callee, llvm::StringRef ObjectType) const {
    for (const BlockingFunction &B : C.blocking().functions) {
      if (B.category == BlockingCategory::Sync || B.category == BlockingCategory::Lock)
        continue;
      bool Named = B.name == Callee ||
                   (!ObjectType.empty() && B.name == (ObjectType + "::" + lastComponent(Callee)).str());
      if (Named && (B.on.empty() || llvm::is_contained(B.on, ObjectType.str())))
        return &B;
    }
    return nullptr;
  }

  CallSummary summarise(const LoopFact &L) const {
    CallSummary S;
    std::deque<std::pair<const FunctionFact *, unsigned>> Queue;
    llvm::StringSet<> Seen;
    auto Visit = [&](llvm::StringRef Usr, llvm::StringRef Name, bool System, bool Virtual,
                     llvm::StringRef ObjectType, const Span &At, llvm::StringRef Via,
                     unsigned Depth) {
      if (prints(Name))
        S.printing.push_back({At, "prints here: run at once, the iterations would print in "
                                  "another order, so no fix is offered"});
      if (listed(Worth, Name) && S.worth.empty())
        S.worth = Name.str();
      if (listed(Unsafe, Name)) {
        if (S.unsafe.empty()) {
          S.unsafe = Name.str();
          S.unsafeVia = Via.str();
        }
        return;
      }
      if (const BlockingFunction *B = blocking(Name, ObjectType)) {
        if (S.blocking.empty()) {
          S.blocking = B->name;
          S.blockingVia = Via.str();
        }
        return;
      }
      // The runtime's own functions are made for concurrent use.
      if (Name.starts_with("concur::"))
        return;
      if (Usr.empty()) {
        if (S.unknown.empty())
          S.unknown = "a call through a pointer";
        return;
      }
      // Which overrider runs is not known here (a library's own virtuals are its business).
      if (Virtual && !System) {
        if (S.unknown.empty())
          S.unknown = "a virtual call to " + quoted(Name);
        return;
      }
      // What a std::function holds is unknown here.
      if (Name == "std::function::operator()" || Name == "std::move_only_function::operator()" ||
          Name == "std::copyable_function::operator()") {
        if (S.unknown.empty())
          S.unknown = "a call through " + lastComponent(Name.rsplit("::").first).str();
        return;
      }
      if (const FunctionFact *Callee = P.function(Usr)) {
        // Calling a coroutine makes its task; its body runs where the task is awaited, which
        // only a loop that awaits does here.
        if (Callee->isCoroutine && !L.awaits)
          return;
        if (Depth < MaxDepth && Seen.insert(Usr).second)
          Queue.push_back({Callee, Depth + 1});
        return;
      }
      if (!System && !listed(Safe, Name) && S.unknown.empty())
        S.unknown = Name.str();
    };
    for (const LoopCallFact &Call : L.calls)
      Visit(Call.calleeUsr, Call.callee, Call.system, Call.virtualCall, "", Call.span, "", 0);
    llvm::StringSet<> Written;
    while (!Queue.empty()) {
      auto [F, Depth] = Queue.front();
      Queue.pop_front();
      if (F->indirectCalls && S.unknown.empty())
        S.unknown = "a call through a pointer in " + quoted(F->name);
      if (CalleeLoops && S.cpu.empty())
        if (std::optional<std::string> Why = costly(*F)) {
          S.cpu = F->name;
          S.cpuWhy = std::move(*Why);
        }
      for (const AccessFact &A : F->accesses) {
        if (!A.write || A.atomic || llvm::StringRef(A.var).starts_with("param:"))
          continue;
        const GlobalFact *G = P.global(A.var);
        if (G && G->owner == F->usr)
          continue;  // a local of the callee: each call has its own
        Written.insert(A.var);
        if (S.global.empty()) {
          S.global = G ? G->name : A.path;
          S.globalVia = F->name;
        }
      }
      for (const CallFact &Call : F->calls)
        Visit(Call.calleeUsr, Call.callee, Call.system, Call.virtualCall, Call.objectType,
              Call.span, F->name,
              Depth);
    }
    S.reached = std::move(Seen);
    if (!Written.empty())
      for (const FunctionFact *F : P.functions()) {
        if (S.reached.count(F->usr))
          continue;
        for (const AccessFact &A : F->accesses)
          if (Written.count(A.var))
            S.globalShared = true;
      }
    return S;
  }

private:
  /// Why one call of F is worth handing to a thread (more than about a microsecond of work: a
  /// task handed to a pool costs 0.1 to 0.3 us, bench/runtime's submit figure), or nothing when
  /// it is cheaper.
  /// Its loops' counts, nested ones multiplied: a loop that the data bounds is taken as long,
  /// one bounded by the bits of an integer (a varint encoder) or by small constants as short.
  /// A function that calls itself is taken as long.
  std::optional<std::string> costly(const FunctionFact &F) const {
    for (const CallFact &Call : F.calls)
      if (Call.calleeUsr == F.usr)
        return std::string("which is recursive");
    uint64_t Most = 0, MostTrips = 0;
    bool MostCalls = false;
    for (const LoopFact &L : F.loops) {
      uint64_t Trips = 1;
      for (const LoopFact &Outer : F.loops) {
        if (Outer.begin > L.begin || Outer.end < L.end)
          continue;  // not L nor a loop around it
        if (Outer.bound == LoopBound::Unknown)
          return std::string("which loops as many times as its data says");
        Trips = std::min<uint64_t>(Trips * std::max(Outer.trips, 1u), 1ull << 40);
      }
      // An iteration that calls a function is worth a few plain ones (a libc call such as
      // rand() costs tens of nanoseconds); a loop bounded by an integer's bits stays short.
      bool Calls = llvm::any_of(F.calls, [&](const CallFact &C) {
        return C.span.offset >= L.begin && C.span.offset < L.end;
      });
      Calls = Calls && L.bound == LoopBound::Constant;
      uint64_t Cost = Trips * (Calls ? CallWeight : 1);
      if (Cost > Most) {
        Most = Cost;
        MostTrips = Trips;
        MostCalls = Calls;
      }
    }
    if (Most < MinIterations)
      return std::nullopt;
    return MostCalls ? "which makes calls in about " + std::to_string(MostTrips) +
                           " loop iterations a call"
                     : "which runs about " + std::to_string(MostTrips) + " loop iterations a call";
  }

  const Program &P;
  const Config &C;
  llvm::StringSet<> Unsafe, Safe, Worth;
  unsigned MaxDepth = 8;
  unsigned MinIterations = 1000;
  static constexpr unsigned CallWeight = 16;
  bool CalleeLoops = true;
};

/// Test code: a gtest TEST body, or a function in a file named or placed as tests are. Its
/// loops run test cases, whose speed seldom matters: only blocking ones are worth reporting.
bool testCode(const FunctionFact &F) {
  if (llvm::StringRef(F.name).ends_with("_Test::TestBody"))
    return true;
  llvm::StringRef File = llvm::sys::path::filename(F.span.file);
  llvm::StringRef Stem = llvm::sys::path::stem(File);
  if (Stem.ends_with("_test") || Stem.ends_with("_unittest") || Stem.ends_with("_tests") ||
      Stem.starts_with("test_"))
    return true;
  for (auto It = llvm::sys::path::begin(llvm::sys::path::parent_path(F.span.file)),
            End = llvm::sys::path::end(llvm::sys::path::parent_path(F.span.file));
       It != End; ++It)
    if (*It == "test" || *It == "tests" || *It == "unittests")
      return true;
  return false;
}

/// How the loop's results come out, when its body's uses of outside variables leave the
/// iterations independent.
struct Shape {
  const LoopAccessFact *push = nullptr;       // the one output container
  const LoopAccessFact *reduction = nullptr;  // or the one reduction
  std::vector<const LoopAccessFact *> indexed;  // elements written: out[i]
  std::string why;                            // why not independent
};

/// A use of an outside variable as the loop makes it: a write that only a call of the program
/// could make is no write when that function's summary says it does not write there.
struct Use {
  const LoopAccessFact *fact;
  LoopUse how;
  bool written;
};

Use effective(const LoopAccessFact &A, const WriteSummaries &W) {
  if (A.viaCallee.empty() || !(A.written || A.how == LoopUse::Write || A.how == LoopUse::Alias))
    return {&A, A.how, A.written};
  if (W.writes(A.viaCallee, A.viaParam, A.viaObject))
    return {&A, A.how, true};
  return {&A, A.how == LoopUse::Indexed ? LoopUse::Indexed : LoopUse::Read, false};
}

/// Character types: through a pointer, any object's bytes.
bool anyBytes(llvm::StringRef Type) {
  return Type == "char" || Type == "unsigned char" || Type == "signed char" || Type == "std::byte";
}

/// Whether two variables the body names may reach the same memory: never two distinct
/// objects; a pointer or reference parameter never reaches a local object (the function's own
/// pointers and references may); anything else, of the same type, may.
bool mayOverlap(const LoopAccessFact &X, const LoopAccessFact &Y) {
  if (X.var == Y.var)
    return false;
  // A char pointer may reach any object's bytes; a string's chars are its own.
  if (X.type != Y.type && !(X.pointer && anyBytes(X.type)) && !(Y.pointer && anyBytes(Y.type)))
    return false;
  auto Object = [](const LoopAccessFact &A) {
    return A.origin == LoopVarOrigin::Fresh || (A.origin == LoopVarOrigin::Shared && !A.pointer);
  };
  if (Object(X) && Object(Y))
    return false;
  auto LocalObject = [](const LoopAccessFact &A) { return A.origin == LoopVarOrigin::Fresh; };
  if ((LocalObject(X) && Y.origin == LoopVarOrigin::OuterAlias) ||
      (LocalObject(Y) && X.origin == LoopVarOrigin::OuterAlias))
    return false;
  return true;
}

Shape shapeOf(const Program &P, const WriteSummaries &W, const LoopFact &L) {
  Shape S;
  std::map<std::string, std::vector<Use>> ByVar;
  for (const LoopAccessFact &A : L.accesses)
    ByVar[A.var].push_back(effective(A, W));
  for (auto &[Var, Uses] : ByVar) {
    const LoopAccessFact &First = *Uses.front().fact;
    std::string Name = quoted(First.name);
    for (const Use &U : Uses) {
      if (U.how == LoopUse::Write)
        return S.why = "writes " + Name + ", shared by every iteration", S;
      if (U.how == LoopUse::Alias)
        return S.why = "writes through pointer " + Name + ", which may reach another "
                       "iteration's data", S;
    }
    // A global written by the loop is shared with the rest of the program, and with the
    // threads that may run this function (race-shared-global's business). A local shared with
    // threads (GlobalFact::owner) is the loop's own data, as any local is.
    const GlobalFact *G = P.global(Var);
    if (G && G->owner.empty() && llvm::any_of(Uses, [](const Use &U) { return U.written; }))
      return S.why = "writes global " + Name, S;
    bool Pushed = llvm::any_of(Uses, [](const Use &U) { return U.how == LoopUse::Push; });
    bool Reduced = llvm::any_of(Uses, [](const Use &U) { return U.how == LoopUse::Reduction; });
    bool IndexedWrite = llvm::any_of(
        Uses, [](const Use &U) { return U.how == LoopUse::Indexed && U.written; });
    if ((Pushed || Reduced) && Uses.size() != 1)
      return S.why = "uses " + Name + " besides accumulating into it", S;
    if (IndexedWrite && !llvm::all_of(Uses, [](const Use &U) { return U.how == LoopUse::Indexed; }))
      return S.why = "reads other elements of " + Name + " than the one it writes", S;
    if (Pushed) {
      if (S.push || S.reduction)
        return S.why = "has more than one output", S;
      S.push = &First;
    }
    if (Reduced) {
      if (S.push || S.reduction)
        return S.why = "has more than one output", S;
      S.reduction = &First;
    }
    if (IndexedWrite)
      S.indexed.push_back(&First);
  }
  // Each iteration writes its own element of X; another name Y for the same memory read at
  // another index (or, through a pointer, at an offset) is another iteration's element.
  for (const LoopAccessFact *X : S.indexed)
    for (auto &[Var, Uses] : ByVar) {
      const LoopAccessFact &Y = *Uses.front().fact;
      if (!mayOverlap(*X, Y))
        continue;
      bool Offset = X->pointer || Y.pointer;
      bool Elsewhere = llvm::any_of(Uses, [&](const Use &U) {
        return U.how != LoopUse::Indexed || Offset;
      });
      if (Elsewhere)
        return S.why = "writes " + quoted(X->name) + " element by element while using " +
                       quoted(Y.name) + ", which may be the same memory", S;
    }
  if ((S.push || S.reduction) && !L.continues.empty())
    S.why = "skips its output with continue";
  return S;
}

/// Where the line holding `Offset` starts its code: the indentation to repeat.
std::string indentAt(llvm::StringRef Code, unsigned Offset) {
  size_t LineStart = Code.rfind('\n', Offset);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Before = Code.slice(LineStart, Offset);
  return Before.trim().empty() ? Before.str() : std::string();
}

/// The offset just past the `;` that ends the statement ending at `End`, or nullopt.
std::optional<unsigned> afterSemicolon(llvm::StringRef Code, unsigned End) {
  size_t Pos = End;
  while (Pos < Code.size() && (Code[Pos] == ' ' || Code[Pos] == '\t' || Code[Pos] == '\n'))
    ++Pos;
  if (Pos < Code.size() && Code[Pos] == ';')
    return Pos + 1;
  return std::nullopt;
}

std::string reindent(llvm::StringRef Text, llvm::StringRef Extra) {
  std::string Out;
  for (char Ch : Text) {
    Out += Ch;
    if (Ch == '\n')
      Out += Extra.str();
  }
  return Out;
}

class LoopParallelizable : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    std::map<const Config *, std::unique_ptr<CallAnalysis>> Analyses;
    WriteSummaries Summaries(P);
    for (const FunctionFact *F : P.functions()) {
      const Config &C = Ctx.configFor(F->span.file);
      if (!C.enabled(RuleId))
        continue;
      auto &A = Analyses[&C];
      if (!A)
        A = std::make_unique<CallAnalysis>(P, C);
      for (const LoopFact &L : F->loops)
        if (L.kind == LoopKind::Index || L.kind == LoopKind::Range)
          if (std::optional<Finding> Found = checkLoop(P, C, *A, Summaries, *F, L))
            Ctx.report(std::move(*Found));
    }
  }

private:
  std::optional<Finding> checkLoop(const Program &P, const Config &C, const CallAnalysis &A,
                                   const WriteSummaries &Summaries, const FunctionFact &F,
                                   const LoopFact &L) {
    if (!L.exits.empty())
      return std::nullopt;  // break, return, goto, throw: the iterations that run depend on it
    Shape S = shapeOf(P, Summaries, L);
    if (!S.why.empty())
      return std::nullopt;
    CallSummary Calls = A.summarise(L);
    if (!Calls.unknown.empty())
      return std::nullopt;  // no body anywhere: what it touches is unknown
    if (Calls.globalShared)
      return std::nullopt;  // a global the rest of the program uses too
    // A loop whose iterations call back into its own function (a tree walk) would start a
    // pool at every level of the recursion: threads without bound.
    if (Calls.reached.contains(F.usr))
      return std::nullopt;
    std::string Forced = llvm::StringRef(C.option(RuleId, "executor")).trim().lower();
    bool Coroutine = F.isCoroutine && F.coroutineType == "concur::Task";
    bool GatherShape = Coroutine && L.awaits && S.push && !L.awaitedType.empty() &&
                       L.body.valid();
    bool ProcessShape = !L.mapFunction.empty() && L.mapCodec && !L.awaits &&
                        (L.kind == LoopKind::Range ? S.push != nullptr
                                           : !L.mapInput.empty() && S.indexed.size() == 1);
    bool NotThreadSafe = !Calls.unsafe.empty() || !Calls.global.empty();

    std::string Executor;
    if (Forced == "thread" || Forced == "process" || Forced == "coroutine" || Forced == "openmp")
      Executor = Forced;
    else if (L.awaits)
      Executor = "coroutine";
    else if (NotThreadSafe)
      Executor = "process";
    else
      Executor = "thread";

    // Legal on the chosen executor.
    if (Executor == "thread" && (NotThreadSafe || L.awaits))
      return std::nullopt;
    if (Executor == "process" && !ProcessShape)
      return std::nullopt;  // only `out[i] = f(in[i])` / `out.push_back(f(x))` travel exactly
    if (Executor == "coroutine" && (!Coroutine || NotThreadSafe))
      return std::nullopt;
    if (Executor == "coroutine" && !L.awaits && Calls.blocking.empty())
      return std::nullopt;
    if (L.awaits && !GatherShape)
      return std::nullopt;
    // `#pragma omp parallel for` takes a loop of canonical form (an index loop) whose outputs
    // are its own elements or one reduction its clause can name (a local). Its team combines
    // a reduction's partial results in an order of its own, different from run to run: on a
    // floating-point value that changes the result (the thread pool's map_reduce keeps the
    // loop's order).
    if (Executor == "openmp" &&
        (NotThreadSafe || L.awaits || L.kind != LoopKind::Index || S.push ||
         (S.reduction &&
          (S.reduction->origin != LoopVarOrigin::Fresh || S.reduction->floating))))
      return std::nullopt;
    // A loop that only prints (`printf("value: %d", i); sleep(1);`) has its output's order
    // for its result: running it at once changes the one thing it does.
    if (!Calls.printing.empty() && !S.push && !S.reduction && S.indexed.empty())
      return std::nullopt;
    // Worth it.
    bool Worth = L.awaits || !Calls.blocking.empty() || !Calls.cpu.empty() || !Calls.worth.empty();
    if (!Worth)
      return std::nullopt;
    if (testCode(F) && !L.awaits && Calls.blocking.empty())
      return std::nullopt;

    Finding Out;
    Out.rule = RuleId.str();
    // The loop's header, up to its body.
    Out.where = L.span;
    Out.where.endLine = L.body.line;
    Out.where.endColumn = L.body.column;
    Out.where.length = L.body.offset - L.span.offset;
    if (Executor == "coroutine") {
      if (L.awaits)
        Out.message = "the iterations of this loop in coroutine " + quoted(F.name) +
                      " are independent but each awaits its call before the next starts; start "
                      "them together with concur::gather (the total time becomes the longest "
                      "call's, not the sum)";
      else
        Out.message = "the iterations of this loop in coroutine " + quoted(F.name) +
                      " are independent and each makes a blocking call (" +
                      quoted(Calls.blocking) + via(Calls.blockingVia) +
                      "); run them together with concur::gather over concur::to_thread calls, "
                      "which keeps the event loop free";
    } else if (Executor == "process") {
      std::string Why = !Calls.unsafe.empty()
                            ? "calls " + quoted(Calls.unsafe) + via(Calls.unsafeVia) +
                                  ", which is not thread-safe"
                            : !Calls.global.empty()
                                  ? "writes global " + quoted(Calls.global) + via(Calls.globalVia)
                                  : std::string("is CPU-bound");
      Out.message = "the iterations of this loop are independent; " + quoted(L.mapFunction) +
                    " " + Why + ": run them on a concur::ProcessPool, where each worker has its "
                    "own copy (its codec carries " + quoted(L.mapFunction) +
                    "'s argument and result)";
    } else if (Executor == "openmp") {
      std::string Work =
          !Calls.blocking.empty()
              ? "makes a blocking call (" + quoted(Calls.blocking) + via(Calls.blockingVia) + ")"
          : !Calls.cpu.empty()
              ? "runs CPU-bound work (" + quoted(Calls.cpu) + ", " + Calls.cpuWhy + ")"
              : "runs CPU-bound work (" + quoted(Calls.worth) + ")";
      Out.message = "the iterations of this loop are independent and each " + Work +
                    ": run them on the threads of an OpenMP team with '" +
                    openmpDirective(S, !Calls.blocking.empty()) + "' (built with -fopenmp)";
    } else if (F.c) {
      // The runtime's executors are C++: in C the finding says what could run at once, and
      // offers no fix.
      std::string Work = !Calls.blocking.empty()
                             ? "makes a blocking call (" + quoted(Calls.blocking) +
                                   via(Calls.blockingVia) + ")"
                         : !Calls.cpu.empty()
                             ? "runs CPU-bound work (" + quoted(Calls.cpu) + ", " + Calls.cpuWhy + ")"
                             : "runs CPU-bound work (" + quoted(Calls.worth) + ")";
      Out.message = "the iterations of this loop are independent and each " + Work +
                    ": they could run at once on a pool of threads (this is C: concur's "
                    "executors are C++, so no fix is offered)";
    } else if (!Calls.blocking.empty()) {
      Out.message = "the iterations of this loop are independent and each makes a blocking call (" +
                    quoted(Calls.blocking) + via(Calls.blockingVia) +
                    "): run them on a concur::ThreadPool so that the waits overlap";
    } else {
      std::string Work = !Calls.cpu.empty() ? quoted(Calls.cpu) + ", " + Calls.cpuWhy
                                            : quoted(Calls.worth);
      Out.message = "the iterations of this loop are independent and each runs CPU-bound work (" +
                    Work + "): run them on a concur::ThreadPool; C++ has no GIL, the threads run "
                    "in parallel on every core";
    }
    if (Executor == "process")
      Out.notes.push_back({L.span, "each worker process starts with the program's state before "
                                   "main() and keeps its own: what " + quoted(L.mapFunction) +
                                   " carries from one call to the next (a rand() sequence, a "
                                   "counter) does not pass between workers"});
    if (!Calls.printing.empty())
      Out.notes.push_back(Calls.printing.front());
    if (S.reduction && (S.reduction->op == ReductionOp::And || S.reduction->op == ReductionOp::Or))
      Out.notes.push_back({S.reduction->statement,
                           "every iteration's value is computed: " + nameOf(S.reduction->op).str() +
                               " no longer skips the rest once the result is known"});

    // Printing is an ordered effect: a rewrite would change the output's order (the seed's
    // lesson, shown by the finding and its note, not made by a fix).
    bool Blocks = !Calls.blocking.empty();
    // OpenMP is C's executor as well as C++'s; the runtime's are C++ only.
    bool Fixable = (Executor == "openmp" || !F.c) && Calls.printing.empty();
    if (std::optional<Replacements> Fix =
            Fixable ? rewrite(P, Executor, F, L, S, Blocks) : std::nullopt) {
      Out.fixes[L.span.file] = std::move(*Fix);
    }
    return Out;
  }

  /// The pool's size as written after its name: by default one thread per core (CPU-bound
  /// work); for blocking work one thread per iteration (concur::io_threads), so that every wait
  /// overlaps: the count of an index loop, the size of a range named by a variable (evaluating
  /// a name again changes nothing), else Python's default for I/O.
  static std::string poolSize(const LoopFact &L, bool Blocks) {
    if (!Blocks)
      return "";
    if (L.kind == LoopKind::Index)
      return L.firstIsZero ? "(concur::io_threads(" + L.last + "))"
                           : "(concur::io_threads((" + L.last + ") - (" + L.first + ")))";
    llvm::StringRef Range = llvm::StringRef(L.first).trim();
    bool Name = !Range.empty() && (isalpha(Range.front()) || Range.front() == '_') &&
                llvm::all_of(Range, [](char C) { return isalnum(C) || C == '_'; });
    if (L.kind == LoopKind::Range && Name)
      return "(concur::io_threads_for(" + Range.str() + "))";
    return "(concur::io_threads())";
  }

  static std::string via(llvm::StringRef Function) {
    return Function.empty() ? std::string() : " in " + quoted(Function);
  }

  /// The directive that runs the loop on an OpenMP team: the reduction's clause, and a dynamic
  /// schedule when iterations wait (their times are uneven).
  static std::string openmpDirective(const Shape &S, bool Blocking) {
    std::string D = "#pragma omp parallel for";
    if (S.reduction)
      D += " reduction(" + nameOf(S.reduction->op).str() + ":" + S.reduction->name + ")";
    if (Blocking)
      D += " schedule(dynamic)";
    return D;
  }

  /// The loop rewritten, as one replacement of the whole loop statement plus the includes.
  std::optional<Replacements> rewrite(const Program &P, llvm::StringRef Executor,
                                      const FunctionFact &F, const LoopFact &L, const Shape &S,
                                      bool Blocks) {
    std::optional<llvm::StringRef> Code = P.analysedContent(L.span.file);
    if (!Code)
      return std::nullopt;
    if (Executor == "openmp") {
      // The directive on its own line before the loop, indented as the loop is.
      size_t LineStart = Code->rfind('\n', L.span.offset == 0 ? 0 : L.span.offset - 1);
      LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
      llvm::StringRef Indent = Code->slice(LineStart, L.span.offset);
      if (Indent.find_first_not_of(" \t") != llvm::StringRef::npos)
        return std::nullopt;
      Replacements Out;
      if (llvm::Error E = Out.add(Replacement(L.span.file, L.span.offset, 0,
                                              openmpDirective(S, Blocks) + "\n" + Indent.str()))) {
        llvm::consumeError(std::move(E));
        return std::nullopt;
      }
      return Out;
    }
    // The names the rewrite declares must not hide what the body uses.
    for (const LoopAccessFact &A : L.accesses)
      if (A.name == "pool" || A.name == "result" || A.name == "tasks" || A.name == "item")
        return std::nullopt;
    unsigned Begin = L.span.offset, End = L.span.offset + L.span.length;
    unsigned BodyBegin = L.body.offset, BodyEnd = L.body.offset + L.body.length;
    if (!L.bodyIsBlock) {
      std::optional<unsigned> Semi = afterSemicolon(*Code, BodyEnd);
      if (!Semi)
        return std::nullopt;
      BodyEnd = End = *Semi;
    }
    if (End > Code->size() || BodyBegin < Begin || BodyEnd > End)
      return std::nullopt;

    // The body's code as written, `continue` turned into `return`, the output statement into
    // the lambda's `return value;`.
    struct Edit {
      unsigned at, length;
      std::string text;
    };
    std::vector<Edit> Edits;
    for (const Span &Continue : L.continues)
      Edits.push_back({Continue.offset, Continue.length, "return"});
    const LoopAccessFact *Output = S.push ? S.push : S.reduction;
    std::string Value;
    if (Output) {
      std::optional<unsigned> Semi =
          afterSemicolon(*Code, Output->statement.offset + Output->statement.length);
      if (!Semi || !Output->value.valid())
        return std::nullopt;
      // The last statement of the body: nothing may run after the output.
      llvm::StringRef Rest = Code->slice(*Semi, BodyEnd).trim();
      if (!(Rest.empty() || (L.bodyIsBlock && Rest == "}")))
        return std::nullopt;
      Value = Code->substr(Output->value.offset, Output->value.length).str();
      if (Value.empty() || Value.front() == '{')
        return std::nullopt;
      Edits.push_back({Output->statement.offset, *Semi - Output->statement.offset,
                       "return " + Value + ";"});
    }
    llvm::sort(Edits, [](const Edit &A, const Edit &B) { return A.at > B.at; });
    std::string Body = Code->slice(BodyBegin, BodyEnd).str();
    for (const Edit &E : Edits) {
      if (E.at < BodyBegin || E.at + E.length > BodyEnd)
        return std::nullopt;
      Body.replace(E.at - BodyBegin, E.length, E.text);
    }
    if (!L.bodyIsBlock) {
      llvm::StringRef Statement = llvm::StringRef(Body).trim();
      // One line stays on one line; a longer statement (an inner loop) gets a block of lines.
      Body = Statement.contains('\n') ? "{\n" + indentAt(*Code, BodyBegin) + Statement.str() +
                                             "\n" + indentAt(*Code, Begin) + "}"
                                       : "{ " + Statement.str() + " }";
    }

    std::string Indent = indentAt(*Code, Begin);
    std::string In = Indent + "  ";
    std::string NL = "\n" + In;
    Body = reindent(Body, "  ");
    std::string Param = L.kind == LoopKind::Index ? L.varDecl + " " + L.var : L.varDecl;
    // A structured binding cannot be a lambda's parameter: the lambda takes the item and
    // binds it as the loop did.
    if (size_t Bracket = Param.find('['); L.kind == LoopKind::Range && Bracket != std::string::npos) {
      std::string Binding = Param + " = item;";
      Param = llvm::StringRef(Param).substr(0, Bracket).rtrim().str() + " item";
      if (Body.empty() || Body.front() != '{')
        return std::nullopt;
      llvm::StringRef Inner = Body;
      if (Inner.consume_front("{ ") && Inner.consume_back(" }") && !Inner.contains('\n'))
        Body = "{" + NL + "  " + Binding + NL + "  " + Inner.str() + NL + "}";
      else
        Body = "{" + NL + "  " + Binding + Body.substr(1);
    }
    std::string Range = L.kind == LoopKind::Index ? "std::views::iota(" + L.first + ", " + L.last + ")"
                                          : L.first;
    std::vector<std::string> Headers;
    std::string Text = "{";
    if (Executor == "coroutine") {
      llvm::StringRef Awaited = llvm::StringRef(Value).trim();
      if (!S.push || !Awaited.consume_front("co_await"))
        return std::nullopt;
      std::string Header = Code->slice(Begin, BodyBegin).rtrim().str();
      Text += NL + "std::vector<" + L.awaitedType + "> tasks;" + NL + Header + NL + "  tasks.push_back(" +
              Awaited.trim().str() + ");" + NL +
              "for (auto &result : co_await concur::gather(std::move(tasks)))" + NL + "  " +
              S.push->name + ".push_back(std::move(result));";
      // Only the whole body `out.push_back(co_await f(x));`: other statements would run at
      // another time than the awaits.
      llvm::StringRef Whole = Code->slice(BodyBegin, BodyEnd).trim();
      if (L.bodyIsBlock)
        Whole = Whole.drop_front().drop_back().trim();
      // Comments aside: `{  // why\n  out.push_back(co_await f(x));\n}`.
      std::string Statements;
      for (llvm::StringRef Line : llvm::split(Whole, '\n')) {
        size_t Comment = Line.find("//");
        Statements += Line.substr(0, Comment).trim().str();
      }
      if (llvm::StringRef(Statements) != Code->slice(S.push->statement.offset,
                               *afterSemicolon(*Code, S.push->statement.offset +
                                                          S.push->statement.length)))
        return std::nullopt;
      Headers = {"<concur/gather.h>"};
    } else if (Executor == "process") {
      Text += NL + "concur::ProcessPool pool;";
      if (S.push)
        Text += NL + "for (auto &result : concur::map(pool, " + L.first + ", &" + L.mapFunction +
                "))" + NL + "  " + S.push->name + ".push_back(std::move(result));";
      else
        Text += NL + "std::ranges::copy(concur::map(pool, " + L.mapInput + ", &" +
                L.mapFunction + "), std::ranges::begin(" + S.indexed.front()->name + "));";
      // One header per rewrite (map.h brings the pools): the same #include asked for by two
      // findings is then the same edit, made once.
      Headers = {"<concur/map.h>"};
      if (!S.push)
        Headers.push_back("<algorithm>");
    } else {
      Text += NL + "concur::ThreadPool pool" + poolSize(L, Blocks) + ";";
      std::string Lambda = "[&](" + Param + ") " + Body;
      if (S.push) {
        Text += NL + "for (auto &result : concur::map(pool, " + Range + ", " + Lambda + "))" + NL +
                "  " + S.push->name + ".push_back(std::move(result));";
        Headers = {"<concur/map.h>"};
      } else if (S.reduction) {
        std::string Reduce;
        if (S.reduction->op == ReductionOp::Add)
          Reduce = "std::plus<>()";
        else if (S.reduction->op == ReductionOp::Multiply)
          Reduce = "std::multiplies<>()";
        else if (S.reduction->op == ReductionOp::And)
          Reduce = "std::logical_and<>()";
        else if (S.reduction->op == ReductionOp::Or)
          Reduce = "std::logical_or<>()";
        else
          Reduce = "[](const auto &a, const auto &b) { return std::" + nameOf(S.reduction->op).str() + "(a, b); }";
        Text += NL + S.reduction->name + " = concur::map_reduce(pool, " + Range + ", " +
                S.reduction->name + ", " + Lambda + ", " + Reduce + ");";
        Headers = {"<concur/map_reduce.h>"};  // with <functional>; std::min needed <algorithm>
      } else if (L.kind == LoopKind::Index) {
        Text += NL + "concur::for_each_index(pool, " + L.first + ", " + L.last + ", " + Lambda +
                ");";
        Headers = {"<concur/for_each_index.h>"};
      } else {
        Text += NL + "pool.for_each(" + Lambda + ", " + Range + ");";
        Headers = {"<concur/thread_pool.h>"};
      }
    }
    Text += "\n" + Indent + "}";

    Replacements Reps;
    if (llvm::Error E = Reps.add(Replacement(L.span.file, Begin, End - Begin, Text))) {
      llvm::consumeError(std::move(E));
      return std::nullopt;
    }
    if (!addIncludes(P, L.span.file, Headers, Reps))
      return std::nullopt;
    (void)F;
    return Reps;
  }
};

}  // namespace

std::unique_ptr<Rule> createLoopParallelizable() { return std::make_unique<LoopParallelizable>(); }

}  // namespace concurlint
