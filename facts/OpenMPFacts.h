// The facts of OpenMP constructs (TUFacts::openmp): for each parallel region of a TU, the
// accesses its code makes to shared variables, each with what clang's OpenMP AST
// (OMPExecutableDirective and its clauses) says about the threads that run it and the
// synchronisation around it. Included by Facts.h before TUFacts (it needs Span and EditFact):
// include Facts.h, never this header alone. The fields are listed in OpenMPFactFields.h, the
// extraction is OpenMPFacts.cpp, and the rule that reads them rules/RaceOpenMP.cpp.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace concurlint {

class SourceMapper;
struct OmpRegionFact;

/// Adds the parallel regions of the TU's functions (outside system headers) to `Out`.
void extractOpenMPFacts(clang::ASTContext &Ctx, SourceMapper &Map,
                        std::vector<OmpRegionFact> &Out);

/// Which threads of the team run an access (OmpAccessFact::execution): all of them, the one
/// thread that runs a `single` construct or a `section` (OmpAccessFact::unit names which), or
/// the primary thread (`master`, `masked` without a filter or with filter 0).
enum class OmpExecution { AllThreads, OneThread, PrimaryThread };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(OmpExecution) {
  static constexpr llvm::StringLiteral Names[] = {"all-threads", "one-thread", "primary-thread"};
  return Names;
}

/// Where an accessed variable lives (OmpAccessFact::origin): a global (or a static data
/// member), a function-local static, a local of the enclosing function (or a parameter)
/// declared before the region, or the object a pointer points to (`p[i]`, `*p`).
enum class OmpVarOrigin { Global, StaticLocal, Local, Pointee };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(OmpVarOrigin) {
  static constexpr llvm::StringLiteral Names[] = {"global", "static-local", "local", "pointee"};
  return Names;
}

/// The read-modify-write an access makes (OmpAccessFact::update): `x += e`, `x++`, `x = x + e`
/// are Add (`-=` and `--` too: a `+` reduction combines them), `*=` Multiply, `&=` `|=` `^=`
/// the bitwise ones; None for a plain load or store, Other for anything else that writes.
enum class OmpUpdate { None, Add, Multiply, BitAnd, BitOr, BitXor, Other };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(OmpUpdate) {
  static constexpr llvm::StringLiteral Names[] = {"", "+", "*", "&", "|", "^", "other"};
  return Names;
}

/// How one subscript of an access depends on the iteration variable of the parallel loop
/// around it (OmpIndexFact::kind): Affine (`coef * loopVar + offset + rest`), Indirect (it
/// reads memory or calls a function: `a[idx[i]]`), Unknown (anything else).
enum class OmpIndexKind { Affine, Indirect, Unknown };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(OmpIndexKind) {
  static constexpr llvm::StringLiteral Names[] = {"affine", "indirect", "unknown"};
  return Names;
}

/// How a task's `depend` clause names a variable (OmpDependFact::kind).
enum class OmpDependKind { In, Out, InOut };
inline llvm::ArrayRef<llvm::StringLiteral> enumNames(OmpDependKind) {
  static constexpr llvm::StringLiteral Names[] = {"in", "out", "inout"};
  return Names;
}

/// One subscript of an array access, as a function of the loop's iteration variable `loopVar`
/// (its USR; "" when the subscript does not use one): `coef` is the multiplier as written,
/// decimal ("2", "-1") or a name ("n" in `i*n + j`), "0" without the variable; `offset` the sum
/// of its integer constants (decimal); `rest` its other terms, as written, sorted and joined by
/// " + " (`j`, `k`): two subscripts with the same `rest` differ by their offsets only.
/// `fixed`: every term of `rest` keeps one value while the loop runs (a variable the region
/// never writes, the start of a `linear` variable), so that two subscripts with the same `rest`
/// and different offsets are different elements in any two iterations. The same form, without
/// a loop variable, gives a loop's bounds (OmpLoopFact::lower, upper).
struct OmpIndexFact {
  OmpIndexKind kind = OmpIndexKind::Unknown;
  std::string loopVar;
  std::string coef = "0";
  std::string offset = "0";
  std::string rest;
  bool fixed = false;
  friend bool operator==(const OmpIndexFact &, const OmpIndexFact &) = default;
};

/// One access to a variable that the team shares, inside a parallel region.
struct OmpAccessFact {
  std::string var;   // USR of the variable (for a Pointee: of the pointer)
  std::string name;  // for messages: "sum", "a[]", "p[]"
  OmpVarOrigin origin = OmpVarOrigin::Local;
  bool scalar = true;  // the whole variable, not an element (no subscript, no dereference)
  bool write = false;
  OmpUpdate update = OmpUpdate::None;
  bool atomic = false;  // inside `#pragma omp atomic`
  std::vector<OmpIndexFact> indices;  // one per subscript, outermost first
  Span span;
  /// Accesses inside the same `critical` (by name; "" is the unnamed one) or holding the same
  /// OpenMP lock (`omp_set_lock(&l)`: l's USR) are never at the same time.
  std::vector<std::string> criticals;
  std::vector<std::string> locks;
  OmpExecution execution = OmpExecution::AllThreads;
  unsigned unit = 0;   // OneThread: the offset of the `single` or `section` running it
  /// The barrier phase: accesses of different phases are ordered by a barrier (explicit, or at
  /// the end of a worksharing construct without nowait) that every thread passes between them.
  unsigned phase = 0;
  unsigned loop = 0;   // the offset of the worksharing or simd loop whose iterations run it
  unsigned task = 0;   // the offset of the `task` construct whose body it is in
  unsigned taskEpoch = 0;  // counts the taskwaits before it (of its own code, not a task's)
  bool ordered = false;    // inside an `ordered` region of its loop
  /// A conditional access (under an `if`, `?:`, `&&`, `||`, or in a nested loop or switch of
  /// its iteration or region): it may not happen every time.
  bool conditional = false;
  /// The call in the region's own code that runs this access, when it is in a function the
  /// region calls (invalid: the region's own code). A clause on the region's directive does not
  /// reach such an access (the called function names the original variable).
  Span calledAt;
  /// The fix making this update atomic: `#pragma omp atomic` on the line before its statement.
  /// Empty when the access is no update, or its statement is not alone on its line.
  std::vector<EditFact> atomicFix;
  friend bool operator==(const OmpAccessFact &, const OmpAccessFact &) = default;
};

/// A worksharing loop (`for`, `distribute parallel for`, `taskloop`) or a simd loop in a region.
struct OmpLoopFact {
  unsigned id = 0;  // the offset of its directive
  std::string directive;  // "parallel for", "for", "simd"
  Span at;                // the directive
  bool simd = false;      // its iterations run as the lanes of one thread (simd only)
  /// Where a clause is added to its directive (`private(tmp)`, `reduction(+:sum)`): an empty
  /// span at the end of the directive's last clause; invalid when written through a macro.
  Span clauseAt;
  std::vector<std::string> loopVars;  // USRs of its iteration variables (collapse: several)
  std::vector<std::string> clauseVars;  // USRs of the variables its clauses name
  /// The values its iteration variable takes, `lower` to `upper` - 1 by steps of 1 (kind
  /// Affine, no loop variable); kind Unknown when the loop has several variables, steps
  /// otherwise, or a bound is not of that form.
  OmpIndexFact lower, upper;
  unsigned safelen = 0;  // simd: its safelen clause (at most that many iterations as lanes)
  friend bool operator==(const OmpLoopFact &, const OmpLoopFact &) = default;
};

struct OmpDependFact {
  std::string var;  // USR
  OmpDependKind kind = OmpDependKind::In;
  friend bool operator==(const OmpDependFact &, const OmpDependFact &) = default;
};

/// A `task` construct in a region.
struct OmpTaskFact {
  unsigned id = 0;  // the offset of its directive
  Span at;          // where it is created: its creator's code after it may run beside it
  std::vector<OmpDependFact> depends;
  /// More than one instance may run at once: created by every thread of the team, or in a loop.
  bool repeated = false;
  OmpExecution creator = OmpExecution::AllThreads;  // the code that creates it
  unsigned creatorUnit = 0;
  unsigned creatorEpoch = 0;  // the creator's taskwait count when it creates the task
  friend bool operator==(const OmpTaskFact &, const OmpTaskFact &) = default;
};

/// A parallel region (`parallel`, a combined `parallel ...` construct, or a `simd` loop outside
/// one): the team of threads (or lanes) that run its code at the same time.
struct OmpRegionFact {
  std::string directive;  // as clang names it: "parallel", "parallel for", "simd"
  Span at;                // the directive
  Span clauseAt;          // as OmpLoopFact::clauseAt, for the region's own directive
  std::vector<std::string> clauseVars;  // USRs of the variables its directive's clauses name
  std::string function;   // the function it is in, for messages
  bool c = false;         // in C code
  std::vector<OmpAccessFact> accesses;
  std::vector<OmpLoopFact> loops;
  std::vector<OmpTaskFact> tasks;
  /// USRs of the shared locals the function uses after the region: a private copy would lose
  /// their value (the fix is then not `private`).
  std::vector<std::string> usedAfter;
  friend bool operator==(const OmpRegionFact &, const OmpRegionFact &) = default;
};

}  // namespace concurlint
