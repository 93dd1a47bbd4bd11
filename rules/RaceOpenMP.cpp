// race-openmp: two accesses to a variable the threads of an OpenMP parallel region share, at
// least one a write, that the region's threads (or a loop's iterations, or tasks) may make at
// the same time with nothing ordering them. The thread model is the facts' (facts/OpenMPFacts.h):
// which threads run an access, its barrier phase, its loop, task, criticals, locks and atomics.
// See docs/rules/race-openmp.md.
#include "engine/RuleText.h"
#include "rules/AllRules.h"
#include "transforms/FixSupport.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

namespace concurlint {
namespace {

constexpr llvm::StringLiteral RuleId = "race-openmp";

/// Whether two iterations of a parallel loop may touch the same element, from the subscripts.
enum class Dependence { None, Exact, Unknown, Indirect };

/// Why two accesses may run at the same time.
enum class Overlap { Iterations, Threads, Tasks };

struct Race {
  const OmpAccessFact *first, *second;  // `first` writes
  Overlap how;
  Dependence dependence = Dependence::Exact;
};

std::optional<long long> number(llvm::StringRef Text) {
  long long V = 0;
  if (Text.getAsInteger(10, V))
    return std::nullopt;
  return V;
}

bool isReductionUpdate(OmpUpdate U) { return U != OmpUpdate::None && U != OmpUpdate::Other; }

/// A value as a sum of named terms with integer coefficients plus a constant: a subscript's
/// offset and rest, or a loop's bound (OmpIndexFact).
struct Sym {
  long long constant = 0;
  std::map<std::string, long long> terms;
  Sym &add(const Sym &O, long long Times) {
    constant += Times * O.constant;
    for (const auto &[Name, K] : O.terms)
      terms[Name] += Times * K;
    return *this;
  }
  /// The value when every term cancels out.
  std::optional<long long> value() const {
    for (const auto &[Name, K] : terms)
      if (K != 0)
        return std::nullopt;
    return constant;
  }
};

/// `offset` and `rest` ("n", "2*n + k") as a Sym.
std::optional<Sym> symOf(const OmpIndexFact &I) {
  std::optional<long long> Offset = number(I.offset);
  if (!Offset)
    return std::nullopt;
  Sym S;
  S.constant = *Offset;
  llvm::SmallVector<llvm::StringRef, 4> Terms;
  llvm::StringRef(I.rest).split(Terms, " + ", -1, /*KeepEmpty=*/false);
  for (llvm::StringRef T : Terms) {
    auto [Head, Tail] = T.split('*');
    std::optional<long long> K = Tail.empty() ? std::nullopt : number(Head);
    if (K)
      S.terms[Tail.str()] += *K;
    else
      S.terms[T.str()] += 1;
  }
  return S;
}

/// The smallest and the largest value a subscript takes over the iterations of its loop `L`
/// (both ends included), when its terms keep their values and the loop's bounds are known.
struct SymRange {
  Sym low, high;
};
std::optional<SymRange> rangeOf(const OmpIndexFact &X, const OmpLoopFact *L) {
  if (X.kind != OmpIndexKind::Affine || (!X.rest.empty() && !X.fixed))
    return std::nullopt;
  std::optional<Sym> Base = symOf(X);
  if (!Base)
    return std::nullopt;
  if (X.loopVar.empty())
    return SymRange{*Base, *Base};
  std::optional<long long> Coef = number(X.coef);
  if (!L || L->loopVars.size() != 1 || L->loopVars[0] != X.loopVar || !Coef || *Coef == 0 ||
      L->lower.kind != OmpIndexKind::Affine || L->upper.kind != OmpIndexKind::Affine)
    return std::nullopt;
  std::optional<Sym> Low = symOf(L->lower), High = symOf(L->upper);
  if (!Low || !High)
    return std::nullopt;
  High->constant -= 1;  // the last value the variable takes
  Sym First = *Base, Last = *Base;
  First.add(*Low, *Coef);
  Last.add(*High, *Coef);
  return *Coef > 0 ? SymRange{First, Last} : SymRange{Last, First};
}

/// Whether two accesses (in the iterations of loops `LA` and `LB`) never touch one element:
/// the values one of their subscripts takes do not meet (`a[i]` and `a[i + n]` for i < n).
bool rangesApart(const OmpAccessFact &A, const OmpLoopFact *LA, const OmpAccessFact &B,
                 const OmpLoopFact *LB) {
  if (A.indices.size() != B.indices.size())
    return false;
  for (size_t D = 0; D < A.indices.size(); ++D) {
    std::optional<SymRange> X = rangeOf(A.indices[D], LA), Y = rangeOf(B.indices[D], LB);
    if (!X || !Y)
      continue;
    Sym Below = X->high, Above = Y->high;
    Below.add(Y->low, -1);  // X entirely below Y
    Above.add(X->low, -1);  // Y entirely below X
    std::optional<long long> P = Below.value(), Q = Above.value();
    if ((P && *P < 0) || (Q && *Q < 0))
      return true;
  }
  return false;
}

/// How many iterations apart two accesses of loop `L` touch the same element, when a
/// subscript fixes it (`a[i + 4]` and `a[i]`: 4).
std::optional<long long> distance(const OmpAccessFact &A, const OmpAccessFact &B,
                                  const OmpLoopFact &L) {
  if (A.indices.size() != B.indices.size() || L.loopVars.size() != 1)
    return std::nullopt;
  for (size_t D = 0; D < A.indices.size(); ++D) {
    const OmpIndexFact &X = A.indices[D], &Y = B.indices[D];
    std::optional<long long> C = number(X.coef), OX = number(X.offset), OY = number(Y.offset);
    if (X.kind != OmpIndexKind::Affine || Y.kind != OmpIndexKind::Affine ||
        X.loopVar != L.loopVars[0] || Y.loopVar != X.loopVar || X.coef != Y.coef ||
        X.rest != Y.rest || (!X.rest.empty() && !(X.fixed && Y.fixed)) || !C || *C == 0 ||
        !OX || !OY || (*OY - *OX) % *C != 0)
      continue;
    long long Dist = (*OY - *OX) / *C;
    return Dist < 0 ? -Dist : Dist;
  }
  return std::nullopt;
}

class RaceOpenMP : public Rule {
public:
  llvm::StringRef id() const override { return RuleId; }

  void check(const Program &P, RuleContext &Ctx) override {
    std::set<std::pair<std::string, unsigned>> Seen;  // a header's region, seen by many TUs
    Reported.clear();
    for (const TUFacts &U : P.units())
      for (const OmpRegionFact &R : U.openmp) {
        if (!Seen.insert({R.at.file, R.at.offset}).second)
          continue;
        if (!Ctx.configFor(R.at.file).enabled(RuleId))
          continue;
        checkRegion(R, Ctx);
      }
  }

private:
  static const OmpLoopFact *loopOf(const OmpRegionFact &R, unsigned Id) {
    for (const OmpLoopFact &L : R.loops)
      if (L.id == Id)
        return &L;
    return nullptr;
  }
  static const OmpTaskFact *taskOf(const OmpRegionFact &R, unsigned Id) {
    for (const OmpTaskFact &T : R.tasks)
      if (T.id == Id)
        return &T;
    return nullptr;
  }

  static bool synchronised(const OmpAccessFact &A, const OmpAccessFact &B) {
    if (A.atomic && B.atomic)
      return true;
    for (const std::string &N : A.criticals)
      if (llvm::is_contained(B.criticals, N))
        return true;
    for (const std::string &L : A.locks)
      if (L == "*" ? !B.locks.empty() : llvm::is_contained(B.locks, L) ||
                                            llvm::is_contained(B.locks, "*"))
        return true;
    return false;
  }

  /// Whether iterations i != i' of loop `L` may make A and B touch the same memory.
  static Dependence dependence(const OmpAccessFact &A, const OmpAccessFact &B,
                               const OmpLoopFact &L) {
    if (rangesApart(A, &L, B, &L))
      return Dependence::None;
    if (A.indices.size() != B.indices.size())
      return A.indices.empty() || B.indices.empty() ? Dependence::Exact : Dependence::Unknown;
    std::set<std::string> SameIteration;  // loop variables equal in both
    bool Indirect = false, Unknown = false;
    for (size_t D = 0; D < A.indices.size(); ++D) {
      const OmpIndexFact &X = A.indices[D], &Y = B.indices[D];
      if (X.kind == OmpIndexKind::Indirect || Y.kind == OmpIndexKind::Indirect) {
        Indirect = true;
        continue;
      }
      if (X.kind == OmpIndexKind::Unknown || Y.kind == OmpIndexKind::Unknown) {
        Unknown = true;
        continue;
      }
      std::optional<long long> OX = number(X.offset), OY = number(Y.offset);
      if (!OX || !OY || X.rest != Y.rest) {
        Unknown = true;
        continue;
      }
      long long Diff = *OY - *OX;
      // Other terms (`j` of an inner loop, a global) may vary within an iteration: with them,
      // two offsets that differ prove nothing; terms that keep their value (`n` the region
      // never writes, a linear variable's start) do not.
      bool Fixed = X.rest.empty() || (X.fixed && Y.fixed);
      if (X.loopVar.empty() && Y.loopVar.empty()) {
        if (Diff != 0 && Fixed)
          return Dependence::None;  // two fixed, different elements
        continue;
      }
      std::optional<long long> CX = number(X.coef), CY = number(Y.coef);
      if (X.loopVar == Y.loopVar && X.coef == Y.coef) {
        // `a[i*n + j]`: a row per iteration, taking the inner terms to stay within the row
        // (docs/rules/race-openmp.md); `a[i + j]` with a varying j meets other iterations.
        if (Diff == 0 && (Fixed || !CX)) {
          SameIteration.insert(X.loopVar);
          continue;
        }
        if (Fixed && CX && *CX != 0 && Diff % *CX != 0)
          return Dependence::None;  // `a[2*i]` and `a[2*i+1]`: never one element
        if (!CX)
          Unknown = true;
        continue;
      }
      if (CX && CY && Fixed) {
        // c1*i - c2*i' = Diff has integer solutions only if gcd(c1, c2) divides Diff.
        long long G = std::gcd(*CX < 0 ? -*CX : *CX, *CY < 0 ? -*CY : *CY);
        if (G != 0 && Diff % G != 0)
          return Dependence::None;
        continue;
      }
      Unknown = true;
    }
    if (!L.loopVars.empty() &&
        llvm::all_of(L.loopVars, [&](const std::string &V) { return SameIteration.count(V); }))
      return Dependence::None;  // only the same iteration touches the same element
    return Indirect ? Dependence::Indirect : Unknown ? Dependence::Unknown : Dependence::Exact;
  }

  static bool dependsOrder(const OmpTaskFact &T, const OmpTaskFact &U) {
    for (const OmpDependFact &D : T.depends)
      for (const OmpDependFact &E : U.depends)
        if (D.var == E.var && (D.kind != OmpDependKind::In || E.kind != OmpDependKind::In))
          return true;
    return false;
  }

  /// Whether a task's instances (one creator, in a loop) are ordered by their depend clauses.
  static bool instancesOrdered(const OmpTaskFact &T) {
    return T.creator != OmpExecution::AllThreads &&
           llvm::any_of(T.depends, [](const OmpDependFact &D) {
             return D.kind != OmpDependKind::In;
           });
  }

  static std::optional<Overlap> taskOverlap(const OmpRegionFact &R, const OmpAccessFact &A,
                                            const OmpAccessFact &B) {
    const OmpTaskFact *T = taskOf(R, A.task), *U = taskOf(R, B.task);
    if (T && U) {
      if (T == U) {
        if (!T->repeated || instancesOrdered(*T))
          return std::nullopt;
        // Instances told apart by the loop variables around the task: compared as iterations.
        if (const OmpLoopFact *L = loopOf(R, T->id); L && A.loop == T->id && B.loop == T->id &&
                                                     dependence(A, B, *L) == Dependence::None)
          return std::nullopt;
        return Overlap::Tasks;
      }
      if (dependsOrder(*T, *U))
        return std::nullopt;
      if (T->creator != OmpExecution::AllThreads && T->creator == U->creator &&
          T->creatorUnit == U->creatorUnit && T->creatorEpoch != U->creatorEpoch)
        return std::nullopt;  // a taskwait between their creations
      return Overlap::Tasks;
    }
    return T ? taskAndCode(*T, A, B) : taskAndCode(*U, B, A);
  }

  /// A task's access `InTask` and an access `Code` of the region's own code.
  static std::optional<Overlap> taskAndCode(const OmpTaskFact &T, const OmpAccessFact &,
                                            const OmpAccessFact &Code) {
    if (T.creator != OmpExecution::AllThreads && Code.execution == T.creator &&
        Code.unit == T.creatorUnit) {
      // The creator's own code: before the task is created, or after a taskwait, is ordered.
      if (Code.span.offset < T.at.offset || Code.taskEpoch != T.creatorEpoch)
        return std::nullopt;
    }
    return Overlap::Tasks;
  }

  /// Whether a subscript of both names the element of the running thread (`a[me]`, `me` from
  /// omp_get_thread_num()) at the same offset: then only one thread touches that element.
  static bool sameThreadElement(const OmpAccessFact &A, const OmpAccessFact &B) {
    // Subscripts are listed from the variable's own: `bufs[me]` and `bufs[me].cells[k]` are
    // both in the thread's element, whatever the depth of the rest.
    for (size_t D = 0; D < std::min(A.indices.size(), B.indices.size()); ++D) {
      const OmpIndexFact &X = A.indices[D], &Y = B.indices[D];
      // ... or a value an `atomic capture` handed out (`t = next++`: "capture(next)"), which
      // no other capture gives: the element of the iteration (or thread) that captured it.
      bool Own = X.rest == "omp_get_thread_num()" ||
                 (llvm::StringRef(X.rest).starts_with("capture(") &&
                  X.rest.find(" + ") == std::string::npos);
      if (X.kind == OmpIndexKind::Affine && Y.kind == OmpIndexKind::Affine &&
          X.loopVar.empty() && Y.loopVar.empty() && Own && Y.rest == X.rest &&
          X.offset == Y.offset)
        return true;
    }
    return false;
  }

  std::optional<Race> race(const OmpRegionFact &R, const OmpAccessFact &A,
                           const OmpAccessFact &B) {
    if ((!A.write && !B.write) || A.var != B.var || !locationsOverlap(A.name, B.name))
      return std::nullopt;
    // A pointer's own value read (`f(p)`, `q = p`) touches none of what it points to; only a
    // change of the pointer races with its uses.
    if ((A.origin == OmpVarOrigin::Pointee) != (B.origin == OmpVarOrigin::Pointee) &&
        !(A.origin == OmpVarOrigin::Pointee ? B : A).write)
      return std::nullopt;
    if (synchronised(A, B) || A.phase != B.phase || sameThreadElement(A, B))
      return std::nullopt;
    Race Found{A.write ? &A : &B, A.write ? &B : &A, Overlap::Threads};
    if (A.task || B.task) {
      std::optional<Overlap> O = taskOverlap(R, A, B);
      if (!O)
        return std::nullopt;
      Found.how = *O;
      return Found;
    }
    // Subscripts whose values never meet: two loops (`nowait`) over different parts of an
    // array, two fixed elements.
    if (rangesApart(A, loopOf(R, A.loop), B, loopOf(R, B.loop)))
      return std::nullopt;
    if (A.loop && A.loop == B.loop) {
      if (A.ordered && B.ordered)
        return std::nullopt;
      const OmpLoopFact *L = loopOf(R, A.loop);
      // Iterations a thread-number test gives to one thread (`if (tid == 1)`) run one after
      // the other on it: in a worksharing loop (not simd lanes, not a taskloop's or a task's
      // instances, which any thread may run), one thread can only come from such a test.
      if (L && !L->simd && L->directive.find("task") == std::string::npos &&
          A.execution != OmpExecution::AllThreads &&
          A.execution == B.execution && A.unit == B.unit)
        return std::nullopt;
      Dependence D = L ? dependence(A, B, *L) : Dependence::Unknown;
      if (D == Dependence::None)
        return std::nullopt;
      // simd with safelen(n): only iterations fewer than n apart run as lanes together.
      if (L && L->simd && L->safelen && D == Dependence::Exact)
        if (std::optional<long long> Dist = distance(A, B, *L); Dist && *Dist >= L->safelen)
          return std::nullopt;
      Found.how = Overlap::Iterations;
      Found.dependence = D;
      return Found;
    }
    if (A.execution != OmpExecution::AllThreads && A.execution == B.execution &&
        A.unit == B.unit)
      return std::nullopt;  // one thread runs both
    return Found;
  }

  std::set<std::tuple<std::string, unsigned, std::string>> Reported;

  void checkRegion(const OmpRegionFact &R, RuleContext &Ctx) {
    // The first race of each variable, in the order of the accesses: one finding a variable.
    std::map<std::string, Race> First;
    std::vector<std::string> Order;
    for (size_t I = 0; I < R.accesses.size(); ++I)
      for (size_t J = I; J < R.accesses.size(); ++J) {
        const OmpAccessFact &A = R.accesses[I], &B = R.accesses[J];
        std::optional<Race> Found = race(R, A, B);
        if (!Found)
          continue;
        auto [It, New] = First.try_emplace(A.var, *Found);
        if (New)
          Order.push_back(A.var);
        else if (Found->first->span.offset < It->second.first->span.offset)
          It->second = *Found;
      }
    for (const std::string &Var : Order)
      // A function several regions call: its race is reported once, at the first region (by
      // the access's name: a pointer parameter of each region's function names it there).
      if (Reported.insert({First.at(Var).first->span.file, First.at(Var).first->span.offset,
                           First.at(Var).first->name})
              .second)
        report(R, First.at(Var), Ctx);
  }

  /// Where the accesses of `Var` in the region all sit: one loop (its id), or no loop (0).
  static std::optional<unsigned> commonLoop(const std::vector<const OmpAccessFact *> &All) {
    unsigned Loop = All.front()->loop;
    for (const OmpAccessFact *A : All)
      if (A->loop != Loop || A->task)
        return std::nullopt;
    return Loop;
  }

  std::string addClause(const OmpRegionFact &R, const std::vector<const OmpAccessFact *> &All,
                        const std::string &Clause, Finding &F) {
    std::optional<unsigned> Loop = commonLoop(All);
    if (!Loop)
      return "";
    const Span *At = nullptr;
    const std::vector<std::string> *Named = nullptr;
    std::string Directive;
    if (*Loop) {
      const OmpLoopFact *L = loopOf(R, *Loop);
      if (!L || L->simd || L->directive == "task")
        return "";
      At = &L->clauseAt, Named = &L->clauseVars, Directive = L->directive;
    } else {
      if (R.directive != "parallel")
        return "";
      At = &R.clauseAt, Named = &R.clauseVars, Directive = R.directive;
    }
    if (!At->valid() || llvm::is_contained(*Named, All.front()->var))
      return "";
    std::vector<EditFact> Edit{EditFact{*At, " " + Clause}};
    if (!addEdits(Edit, F.fixes))
      F.fixes.clear();
    return Directive;
  }

  void report(const OmpRegionFact &R, const Race &Found, RuleContext &Ctx) {
    const OmpAccessFact &A = *Found.first, &B = *Found.second;
    std::vector<const OmpAccessFact *> All;
    for (const OmpAccessFact &X : R.accesses)
      if (X.var == A.var)
        All.push_back(&X);
    std::string Name = quoted(A.name);
    std::string Base = A.name.substr(0, A.name.find_first_of("[."));
    const OmpLoopFact *Loop = Found.how == Overlap::Iterations ? loopOf(R, A.loop) : nullptr;
    std::string Construct = Loop ? quoted("omp " + Loop->directive) + " loop at " + lineOf(Loop->at)
                                 : quoted("omp " + R.directive) + " region at " + lineOf(R.at);
    std::string Other = &A == &B ? "" : std::string(B.write ? "written" : "read") + " at " +
                                            lineOf(B.span);
    Finding F;
    F.rule = RuleId.str();
    F.where = A.span;
    std::string What;
    switch (Found.how) {
    case Overlap::Iterations:
      if (A.indices.empty()) {
        What = Name + " is shared by the iterations of the " + Construct +
               (A.conditional ? ", which may each write it" : ", and each iteration writes it") +
               (Other.empty() ? "" : " (and it is " + Other + ")") +
               ": iterations run at the same time " +
               (Loop && Loop->simd ? "as SIMD lanes" : "on different threads");
      } else if (Found.dependence == Dependence::Indirect) {
        What = "iterations of the " + Construct + " write " + Name +
               " at subscripts read from memory" + (Other.empty() ? "" : " (it is " + Other + ")") +
               ": two iterations touch the same element unless those subscripts never repeat "
               "(a permutation), which the code does not show";
        F.confidence = Confidence::Medium;
        F.confidenceReason = "an indirect subscript: racy unless it is a permutation";
      } else if (Found.dependence == Dependence::Unknown) {
        What = "iterations of the " + Construct + " may write the same element of " + Name +
               (Other.empty() ? "" : " that another iteration has " + Other) +
               ": its subscripts are not affine in the loop variable, so nothing shows that "
               "different iterations touch different elements";
        F.confidence = Confidence::Medium;
        F.confidenceReason = "subscripts that cannot be compared";
      } else {
        What = "iterations of the " + Construct + " touch the same element of " + Name +
               (Other.empty() ? " (one iteration writes what another writes)"
                              : ": one writes here what another iteration has " + Other) +
               "; the loop carries a dependence and its iterations run at the same time " +
               (Loop && Loop->simd ? "as SIMD lanes" : "on different threads");
      }
      break;
    case Overlap::Threads:
      What = Name + " is written here by " +
             (A.execution == OmpExecution::AllThreads ? std::string("every thread")
              : A.execution == OmpExecution::PrimaryThread
                  ? std::string("the primary thread")
                  : std::string("one thread")) +
             " of the " + Construct +
             (Other.empty() ? "" : " and " + Other + (B.execution == OmpExecution::AllThreads
                                                          ? " by every thread"
                                                          : " by another thread")) +
             ", with no barrier, critical, atomic or lock between them";
      break;
    case Overlap::Tasks:
      What = Name + " is written here in a task" +
             (Other.empty() ? " of which several instances run at once"
                            : " and " + Other + ", which may run at the same time") +
             " in the " + Construct + ", with no taskwait, depend, critical or atomic between them";
      break;
    }
    // The fix: a reduction, a private copy, or atomic updates; each only where exact.
    std::string Fix;
    bool AllUpdates = llvm::all_of(All, [](const OmpAccessFact *X) {
      return X->write && isReductionUpdate(X->update) && !X->atomic;
    });
    bool OneOp = AllUpdates && llvm::all_of(All, [&](const OmpAccessFact *X) {
                   return X->update == All.front()->update;
                 });
    std::vector<const OmpAccessFact *> Sorted = All;
    std::sort(Sorted.begin(), Sorted.end(), [](const OmpAccessFact *X, const OmpAccessFact *Y) {
      return X->span.offset < Y->span.offset;
    });
    bool Local = A.origin == OmpVarOrigin::Local;
    // A clause names the variable as the directive's scope sees it: a local, or a C global (a
    // C++ global may need its qualification; a static local may be declared in the region).
    // A clause reaches only the region's own code, not a function it calls.
    bool Reached =
        llvm::none_of(All, [](const OmpAccessFact *X) { return X->calledAt.valid(); });
    bool Nameable = (Local || (A.origin == OmpVarOrigin::Global && R.c)) && Reached;
    bool UsedAfter = llvm::is_contained(R.usedAfter, A.var);
    if (A.scalar && OneOp && Nameable) {
      std::string Op = nameOf(All.front()->update).str();
      std::string Clause = "reduction(" + Op + ":" + Base + ")";
      if (std::string D = addClause(R, All, Clause, F); !D.empty())
        Fix = "make it a reduction: add '" + Clause + "' to " + quoted("omp " + D);
    } else if (A.scalar && Local && Reached && Sorted.front()->write &&
               Sorted.front()->update == OmpUpdate::None && !Sorted.front()->conditional &&
               !Sorted.front()->task) {
      // Written first in each iteration (or by each thread): a private copy per thread.
      std::string Clause = (UsedAfter ? "lastprivate(" : "private(") + Base + ")";
      if (UsedAfter && (!commonLoop(All) || !*commonLoop(All)))
        Clause.clear();  // lastprivate needs a loop
      if (!Clause.empty()) {
        if (std::string D = addClause(R, All, Clause, F); !D.empty())
          Fix = "each thread writes it before reading it: give each its own copy, add '" +
                Clause + "' to " + quoted("omp " + D) + " (or declare it inside the loop)";
        else
          Fix = "each thread writes it before reading it: declare it inside the region or "
                "make it " + Clause;
      }
    }
    if (Fix.empty() && AllUpdates &&
        llvm::all_of(All, [](const OmpAccessFact *X) { return !X->atomicFix.empty(); })) {
      std::vector<EditFact> Edits;
      for (const OmpAccessFact *X : Sorted)
        Edits.insert(Edits.end(), X->atomicFix.begin(), X->atomicFix.end());
      if (addEdits(Edits, F.fixes))
        Fix = "make the updates atomic: '#pragma omp atomic' before each";
      else
        F.fixes.clear();
    }
    if (Fix.empty() && A.scalar && OneOp && Reached && Found.how != Overlap::Tasks)
      Fix = "make it a reduction (reduction(" + nameOf(All.front()->update).str() + ":" + Base +
            ")) or the updates atomic";
    if (Fix.empty() && Found.how == Overlap::Tasks)
      Fix = "order the tasks with 'depend' clauses or a 'taskwait', or make the accesses atomic";
    if (Fix.empty())
      Fix = Found.how == Overlap::Iterations && !A.scalar
                ? "run the loop sequentially, or restructure it so that no two iterations "
                  "touch the same element"
                : "protect the accesses with 'omp critical' or 'omp atomic', or separate them "
                  "with a barrier";
    F.message = What + "; " + Fix;
    if (&A != &B)
      F.notes.push_back(
          {B.span, std::string("the other access: ") + (B.write ? "written" : "read") + " here" +
                       (Found.how == Overlap::Iterations ? " by another iteration"
                        : Found.how == Overlap::Tasks    ? " concurrently"
                                                         : " by another thread")});
    if (Loop)
      F.notes.push_back({Loop->at, "the iterations run in parallel here"});
    if (!Loop || Loop->at != R.at)  // a combined `parallel for` is said once
      F.notes.push_back({R.at, "the threads of this " + quoted("omp " + R.directive) +
                                   " region run at the same time"});
    if (A.calledAt.valid())
      F.notes.push_back({A.calledAt, "the function making the access is called here"});
    else if (&A != &B && B.calledAt.valid())
      F.notes.push_back({B.calledAt, "the function making the other access is called here"});
    if (A.task)
      if (const OmpTaskFact *T = taskOf(R, A.task))
        F.notes.push_back({T->at, "the task is created here"});
    Ctx.report(std::move(F));
  }
};

}  // namespace

std::unique_ptr<Rule> createRaceOpenMP() { return std::make_unique<RaceOpenMP>(); }

}  // namespace concurlint
