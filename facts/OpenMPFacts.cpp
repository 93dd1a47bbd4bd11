// The OpenMP facts (OpenMPFacts.h): each parallel region of a function walked in source order
// with what the OpenMP constructs around each statement say, taken from clang's OpenMP AST
// (OMPExecutableDirective, its clauses), never from the pragma's text. What is private to a
// thread (clauses, loop iteration variables, variables declared in the region) is left out; the
// accesses to what the team shares are recorded with the threads that run them, the barrier
// phase, the loop, task, critical sections, locks and atomics around them.
#include "facts/Facts.h"  // with OpenMPFacts.h, which is included only through it
#include "facts/SourceMapper.h"
#include "facts/WriteEffects.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/OpenMPClause.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/OpenMPKinds.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

namespace concurlint {

using namespace clang;

namespace {

/// The variable an expression names (`x`, `(x)`, `x` converted), or null.
const VarDecl *varOf(const Expr *E) {
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// An empty span at the end of a directive's line (before a trailing comment), where a clause
/// is added; invalid when the directive comes from a macro or continues on the next line.
Span clauseAt(ASTContext &Ctx, SourceMapper &Map, const OMPExecutableDirective *D) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation B = D->getBeginLoc();
  if (B.isMacroID())
    return {};
  Span S = Map.span(SourceRange(B, B));
  bool Invalid = false;
  StringRef Text = SM.getBufferData(SM.getFileID(B), &Invalid);
  if (Invalid)
    return {};
  size_t End = S.offset;
  while (End < Text.size() && Text[End] != '\n') {
    if (Text[End] == '\\' && End + 1 < Text.size() && Text[End + 1] == '\n')
      return {};
    if (Text.substr(End).starts_with("//") || Text.substr(End).starts_with("/*"))
      break;
    ++End;
  }
  while (End > S.offset && (Text[End - 1] == ' ' || Text[End - 1] == '\t'))
    --End;
  S.column += End - S.offset;
  S.endColumn = S.column;
  S.endLine = S.line;
  S.offset = static_cast<unsigned>(End);
  S.length = 0;
  return S;
}

/// The USRs of the variables a directive's clauses name.
std::vector<std::string> clauseVars(SourceMapper &Map, const OMPExecutableDirective *D) {
  std::vector<std::string> Vars;
  for (const OMPClause *Clause : D->clauses()) {
    if (!Clause)
      continue;
    for (const Stmt *Child : const_cast<OMPClause *>(Clause)->children())
      if (const VarDecl *V = varOf(dyn_cast_or_null<Expr>(Child)))
        Vars.push_back(Map.usrOf(V));
  }
  std::sort(Vars.begin(), Vars.end());
  Vars.erase(std::unique(Vars.begin(), Vars.end()), Vars.end());
  return Vars;
}

/// How a subscript's term names the thread's number (OmpIndexFact::rest): omp_get_thread_num()
/// called there, or a private variable it initialised.
constexpr llvm::StringLiteral ThreadNumberTerm = "omp_get_thread_num()";

/// What holds at a statement of the region: which threads run it and what surrounds it.
struct Context {
  OmpExecution execution = OmpExecution::AllThreads;
  unsigned unit = 0;
  unsigned loop = 0;
  std::vector<const VarDecl *> loopVars;  // of `loop`: the subscripts are read against them
  unsigned task = 0;
  bool atomic = false;
  bool ordered = false;
  bool conditional = false;
  bool inSequentialLoop = false;  // a plain loop of the region's code is around it
  /// The private variables of the plain loops around it, when the code runs once per
  /// iteration of its worksharing loop or in one thread: with `loop`'s variables they tell the
  /// instances of a task created here apart (`task` writing `out[k]` for each k).
  std::vector<const VarDecl *> instanceVars;
  bool instancesNamed = true;  // false in a plain loop every thread runs (each k many times)
  std::vector<std::string> criticals;
};

/// A subscript as a sum of terms: the loop variables' (by declaration) and the others' (by
/// their text), with integer coefficients, plus a constant; `symbol` a name multiplying the
/// loop variable (`i*n`).
struct Linear {
  long long constant = 0;
  std::map<const VarDecl *, long long> loopTerms;
  std::map<std::string, long long> otherTerms;
  std::string symbol;
  bool indirect = false;
  bool ok = true;
  bool fixed = true;  // every other term keeps its value while the loop runs
};

/// An expression standing for a parameter of a function walked in place of its call (or for
/// a local pointer initialised once): evaluated in the frames of its caller, `frames` deep.
struct Bound {
  const Expr *expr = nullptr;
  unsigned frames = 0;
};

/// A function whose body is walked where a region's code calls it (orphaned constructs and
/// helpers): its parameters stand for the call's arguments, `this` for the call's object.
struct Frame {
  const FunctionDecl *function = nullptr;
  std::map<const VarDecl *, Bound> args;
  Bound object;         // the object of a member call (its expression in the caller's frame)
  bool lambda = false;  // a lambda's call operator: `this` is its definer's
  std::set<const VarDecl *> changed;  // what its body assigns (changedIn)
};

/// One subscript of an access, with the frame its expression is read in and what is added to
/// it (`p[k]` with `p` bound to `&a[e]` is `a[e + k]`).
struct Subscript {
  const Expr *expr = nullptr;  // null: the 0 of `*p` and `p->f`
  unsigned frames = 0;
  std::vector<std::pair<Bound, int>> plus;  // terms added (sign 1) or subtracted (-1)
};

/// A `linear(k:step)` variable of the loop being walked: k is its value before the loop plus
/// step times the iteration's number, plus what the iteration has added to it so far.
struct LinearVar {
  long long step = 1;
  long long added = 0;
  const VarDecl *loopVar = nullptr;
  bool known = true;  // false once written in a way not followed (conditionally, by a call)
};

/// How many calls a region may walk into, and how deep: a bound on the work of a region
/// that calls much code.
constexpr unsigned MaxInlinedCalls = 400;
constexpr unsigned MaxFrames = 5;
/// OmpAccessFact::unit of the code a thread-number test gives to thread k (k > 0): this base
/// plus k, beyond any offset of a `single` or `section` directive.
constexpr unsigned ThreadTestUnit = 0x80000000u;

class RegionWalker {
public:
  RegionWalker(ASTContext &Ctx, SourceMapper &Map, OmpRegionFact &Region)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Map(Map), Region(Region) {}

  /// The region's directive: its clauses, then its body as the team runs it. `Function` holds
  /// the region: its local pointers initialised once and never changed stand for their
  /// initialiser (`int *p = buf + 1;`: `p[i]` is `buf[i + 1]`).
  void walkRegion(const OMPExecutableDirective *D, SourceRange RegionRange,
                  const FunctionDecl *Function) {
    Range = RegionRange;
    Frame Root;
    Root.function = Function;
    Frames.push_back(Root);
    Active = 1;
    if (Function && Function->getBody()) {
      std::set<const VarDecl *> Changed = changedIn(Function->getBody());
      struct Decls : RecursiveASTVisitor<Decls> {
        std::vector<const VarDecl *> Vars;
        bool VisitVarDecl(VarDecl *V) {
          Vars.push_back(V);
          return true;
        }
      } Found;
      Found.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
      for (const VarDecl *V : Found.Vars)
        if (V->getType()->isPointerType() && !V->hasGlobalStorage() && !isa<ParmVarDecl>(V) &&
            V->getInit() && !Changed.count(V) &&
            SM.isBeforeInTranslationUnit(V->getLocation(), Range.getBegin()))
          Frames[0].args[V] = Bound{V->getInit(), 1};
    }
    Written = changedIn(bodyOf(D));
    // A simd loop's lanes are taken as the threads of a team (OmpLoopFact::simd says which).
    directive(D, Context());
  }

private:
  /// The variables a statement assigns, increments, takes the address of or passes by
  /// non-const reference.
  static std::set<const VarDecl *> changedIn(const Stmt *S) {
    struct Changes : RecursiveASTVisitor<Changes> {
      std::set<const VarDecl *> Vars;
      bool VisitBinaryOperator(BinaryOperator *B) {
        if (B->isAssignmentOp())
          if (const VarDecl *V = varOf(B->getLHS()))
            Vars.insert(V);
        return true;
      }
      bool VisitUnaryOperator(UnaryOperator *U) {
        if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
          if (const VarDecl *V = varOf(U->getSubExpr()))
            Vars.insert(V);
        return true;
      }
      bool VisitCallExpr(CallExpr *Call) {
        const FunctionDecl *F = Call->getDirectCallee();
        // A member operator's first argument is its object (`v[k]`: v, then k).
        unsigned First = isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(F) &&
                         cast<CXXMethodDecl>(F)->isInstance();
        for (unsigned I = First; I < Call->getNumArgs(); ++I) {
          const ParmVarDecl *P =
              F && I - First < F->getNumParams() ? F->getParamDecl(I - First) : nullptr;
          bool ByRef = !P || (P->getType()->isReferenceType() &&
                              !P->getType()->getPointeeType().isConstQualified());
          if (ByRef)
            if (const VarDecl *V = varOf(Call->getArg(I)))
              Vars.insert(V);
        }
        return true;
      }
    } C;
    C.TraverseStmt(const_cast<Stmt *>(S));
    return C.Vars;
  }

  unsigned offsetOf(SourceLocation L) { return SM.getDecomposedLoc(SM.getFileLoc(L)).second; }

  static const Stmt *bodyOf(const OMPExecutableDirective *D) {
    if (!D->hasAssociatedStmt())
      return nullptr;
    const Stmt *S = D->getAssociatedStmt();
    while (const auto *CS = dyn_cast_or_null<CapturedStmt>(S))
      S = CS->getCapturedStmt();
    return S;
  }

  /// Marks the variables a directive's clauses make private to each thread (or task).
  void privatesOf(const OMPExecutableDirective *D) {
    auto Add = [&](auto *Clause) {
      for (const Expr *E : Clause->varlists())
        if (const VarDecl *V = varOf(E))
          Private.insert(V);
    };
    for (const OMPClause *Clause : D->clauses()) {
      if (!Clause)
        continue;
      if (const auto *P = dyn_cast<OMPPrivateClause>(Clause))
        Add(P);
      else if (const auto *F = dyn_cast<OMPFirstprivateClause>(Clause))
        Add(F);
      else if (const auto *L = dyn_cast<OMPLastprivateClause>(Clause))
        Add(L);
      else if (const auto *R = dyn_cast<OMPReductionClause>(Clause))
        Add(R);
      else if (const auto *Lin = dyn_cast<OMPLinearClause>(Clause))
        Add(Lin);
      else if (const auto *Def = dyn_cast<OMPDefaultClause>(Clause))
        if (Def->getDefaultKind() == llvm::omp::OMP_DEFAULT_private ||
            Def->getDefaultKind() == llvm::omp::OMP_DEFAULT_firstprivate)
          DefaultPrivate = true;
    }
    for (const OMPClause *Clause : D->clauses())
      if (const auto *S = dyn_cast_or_null<OMPSharedClause>(Clause))
        for (const Expr *E : S->varlists())
          if (const VarDecl *V = varOf(E))
            ExplicitShared.insert(V);
  }

  static bool hasNowait(const OMPExecutableDirective *D) {
    return D->getSingleClause<OMPNowaitClause>() != nullptr;
  }

  /// The iteration variables of a loop directive's associated loops (collapse: several).
  std::vector<const VarDecl *> loopVarsOf(const OMPLoopDirective *D) {
    std::vector<const VarDecl *> Vars;
    const Stmt *S = bodyOf(D);
    for (unsigned I = 0; S && I < D->getLoopsNumber(); ++I) {
      if (const auto *For = dyn_cast<ForStmt>(S)) {
        const Stmt *Init = For->getInit();
        if (const auto *DS = dyn_cast_or_null<DeclStmt>(Init)) {
          for (const Decl *Dc : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(Dc))
              Vars.push_back(V);
        } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Init)) {
          if (const VarDecl *V = varOf(BO->getLHS()))
            Vars.push_back(V);
        }
        S = OMPLoopBasedDirective::tryToFindNextInnerLoop(const_cast<Stmt *>(For->getBody()),
                                                          /*TryImperfectlyNestedLoops=*/true);
      } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
        Vars.push_back(Range->getLoopVariable());
        S = OMPLoopBasedDirective::tryToFindNextInnerLoop(
            const_cast<Stmt *>(Range->getBody()), true);
      } else {
        break;
      }
    }
    return Vars;
  }

  void directive(const OMPExecutableDirective *D, Context C) {
    OpenMPDirectiveKind Kind = D->getDirectiveKind();
    unsigned Id = offsetOf(D->getBeginLoc());
    // Clauses are scoped to the construct: what it makes private is shared again after it.
    auto SavedPrivate = Private;
    bool SavedDefault = DefaultPrivate;
    privatesOf(D);
    const Stmt *Body = bodyOf(D);

    switch (Kind) {
    case llvm::omp::OMPD_barrier:
      if (!C.task)
        ++Phase;
      break;
    case llvm::omp::OMPD_taskwait:
      if (!C.task)
        ++Epoch;
      break;
    case llvm::omp::OMPD_atomic: {
      C.atomic = true;
      statement(Body, C);
      // `v = x++` (or `v = ++x`, `v = x--`, `v = --x`) captured atomically: every capture of x
      // gives a different value, v's own (a ticket), as long as v is not changed after.
      const auto *Capture = dyn_cast_or_null<BinaryOperator>(
          Body && isa<Expr>(Body) ? cast<Expr>(Body)->IgnoreParenImpCasts() : nullptr);
      const auto *Step = Capture && Capture->getOpcode() == BO_Assign
                             ? dyn_cast<UnaryOperator>(Capture->getRHS()->IgnoreParenImpCasts())
                             : nullptr;
      const VarDecl *V = Capture ? varOf(Capture->getLHS()) : nullptr;
      const VarDecl *X = Step && Step->isIncrementDecrementOp() ? varOf(Step->getSubExpr())
                                                                : nullptr;
      // Only an unconditional capture: after `if (c) t = a++; else t = b++;` t may be either
      // counter's value.
      if (D->getSingleClause<OMPCaptureClause>() && V && X && !shared(V) &&
          !V->hasGlobalStorage() && V->getType()->isIntegerType() && !C.conditional)
        Tickets[V] = "capture(" + X->getNameAsString() + ")";
      break;
    }
    case llvm::omp::OMPD_critical: {
      const auto *Crit = cast<OMPCriticalDirective>(D);
      C.criticals.push_back(Crit->getDirectiveName().getAsString());
      statement(Body, C);
      break;
    }
    case llvm::omp::OMPD_ordered:
      C.ordered = true;
      statement(Body, C);
      break;
    case llvm::omp::OMPD_single:
      C.execution = OmpExecution::OneThread;
      C.unit = Id;
      statement(Body, C);
      if (!hasNowait(D) && !C.task)
        ++Phase;
      break;
    case llvm::omp::OMPD_master:
      C.execution = OmpExecution::PrimaryThread;
      statement(Body, C);
      break;
    case llvm::omp::OMPD_masked: {
      const auto *Filter = D->getSingleClause<OMPFilterClause>();
      Expr::EvalResult R;
      if (!Filter || (Filter->getThreadID()->EvaluateAsInt(R, Ctx) && R.Val.getInt() == 0)) {
        C.execution = OmpExecution::PrimaryThread;
      } else {
        C.execution = OmpExecution::OneThread;
        C.unit = Id;
      }
      statement(Body, C);
      break;
    }
    case llvm::omp::OMPD_sections:
    case llvm::omp::OMPD_parallel_sections: {
      const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
      bool First = true;
      for (const Stmt *Part : Block ? Block->body() : llvm::ArrayRef<Stmt *>()) {
        Context Section = C;
        Section.execution = OmpExecution::OneThread;
        if (const auto *Sec = dyn_cast<OMPSectionDirective>(Part)) {
          Section.unit = offsetOf(Sec->getBeginLoc());
          statement(bodyOf(Sec), Section);
        } else {
          // Statements before the first `section` directive are the first section.
          Section.unit = First ? Id : offsetOf(Part->getBeginLoc());
          statement(Part, Section);
        }
        First = false;
      }
      if (Kind == llvm::omp::OMPD_sections && !hasNowait(D) && !C.task)
        ++Phase;
      break;
    }
    case llvm::omp::OMPD_task: {
      OmpTaskFact Task;
      Task.id = Id;
      Task.at = Map.span(SourceRange(D->getBeginLoc(), D->getBeginLoc()));
      Task.repeated = C.execution == OmpExecution::AllThreads || C.inSequentialLoop || C.loop;
      Task.creator = C.execution;
      Task.creatorUnit = C.unit;
      Task.creatorEpoch = Epoch;
      for (const auto *Dep : D->getClausesOfKind<OMPDependClause>()) {
        OmpDependKind K;
        switch (Dep->getDependencyKind()) {
        case OMPC_DEPEND_in: K = OmpDependKind::In; break;
        case OMPC_DEPEND_out: K = OmpDependKind::Out; break;
        case OMPC_DEPEND_inout: case OMPC_DEPEND_mutexinoutset: case OMPC_DEPEND_inoutset:
          K = OmpDependKind::InOut; break;
        default: continue;
        }
        for (const Expr *E : Dep->varlists()) {
          const Expr *Base = E->IgnoreParenImpCasts();
          while (const auto *A = dyn_cast<ArraySubscriptExpr>(Base))
            Base = A->getBase()->IgnoreParenImpCasts();
          if (const auto *Sec = dyn_cast<ArraySectionExpr>(Base))
            Base = Sec->getBase()->IgnoreParenImpCasts();
          if (const VarDecl *V = varOf(Base))
            Task.depends.push_back({Map.usrOf(V), K});
        }
      }
      Region.tasks.push_back(Task);
      // Instances created once per value of the loop variables around the task: a loop fact
      // of the task's own, whose subscripts are compared as a loop's iterations are.
      std::vector<const VarDecl *> Instance = C.loop ? C.loopVars : std::vector<const VarDecl *>();
      Instance.insert(Instance.end(), C.instanceVars.begin(), C.instanceVars.end());
      if (Task.repeated && C.instancesNamed && !Instance.empty()) {
        OmpLoopFact Instances;
        Instances.id = Id;
        Instances.directive = "task";
        Instances.at = Task.at;
        for (const VarDecl *V : Instance)
          Instances.loopVars.push_back(Map.usrOf(V));
        Region.loops.push_back(Instances);
        C.loop = Id;
        C.loopVars = Instance;
      } else {
        C.loop = 0;
        C.loopVars.clear();
      }
      C.instanceVars.clear();
      C.task = Id;
      C.execution = Task.repeated ? OmpExecution::AllThreads : OmpExecution::OneThread;
      C.unit = Id;
      C.conditional = false;
      statement(Body, C);
      break;
    }
    case llvm::omp::OMPD_taskgroup:
      statement(Body, C);
      if (!C.task)
        ++Epoch;
      break;
    default:
      if (const auto *Loop = dyn_cast<OMPLoopDirective>(D)) {
        loopDirective(Loop, C, Id);
      } else {
        // parallel, a nested parallel, flush, taskyield, target, teams...: the body as is.
        statement(Body, C);
      }
      break;
    }
    Private = std::move(SavedPrivate);
    DefaultPrivate = SavedDefault;
  }

  void loopDirective(const OMPLoopDirective *D, Context C, unsigned Id) {
    OpenMPDirectiveKind Kind = D->getDirectiveKind();
    OmpLoopFact Loop;
    Loop.id = Id;
    Loop.directive = llvm::omp::getOpenMPDirectiveName(Kind).str();
    Loop.at = Map.span(SourceRange(D->getBeginLoc(), D->getBeginLoc()));
    Loop.simd = isOpenMPSimdDirective(Kind) && !isOpenMPWorksharingDirective(Kind) &&
                !isOpenMPTaskLoopDirective(Kind) && !isOpenMPParallelDirective(Kind);
    Loop.clauseAt = clauseAt(Ctx, Map, D);
    Loop.clauseVars = clauseVars(Map, D);
    std::vector<const VarDecl *> Vars = loopVarsOf(D);
    for (const VarDecl *V : Vars) {
      Loop.loopVars.push_back(Map.usrOf(V));
      Private.insert(V);  // predetermined private
    }
    const Stmt *Body = bodyOf(D);
    const auto *Unit = Vars.size() == 1 ? unitStepLoop(Body, Vars[0]) : nullptr;
    if (Unit)
      bounds(Unit, Vars[0], C, Loop);
    if (const auto *Safelen = D->getSingleClause<OMPSafelenClause>()) {
      Expr::EvalResult R;
      if (Safelen->getSafelen()->EvaluateAsInt(R, Ctx) && R.Val.getInt().isStrictlyPositive())
        Loop.safelen = static_cast<unsigned>(R.Val.getInt().getLimitedValue(1u << 30));
    }
    Region.loops.push_back(Loop);
    // `linear(k:step)`: in iteration i (unit steps), k is its start plus step * i.
    auto SavedLinears = Linears;
    for (const auto *Lin : D->getClausesOfKind<OMPLinearClause>()) {
      long long Step = 1;
      if (const Expr *S = Lin->getStep()) {
        Expr::EvalResult R;
        if (!S->EvaluateAsInt(R, Ctx))
          continue;
        Step = R.Val.getInt().getExtValue();
      }
      for (const Expr *E : Lin->varlists())
        if (const VarDecl *V = varOf(E); V && Unit && Lin->getModifier() == OMPC_LINEAR_val &&
                                          V->getType()->isIntegerType())
          Linears[V] = LinearVar{Step, 0, Vars[0], true};
    }
    // A loop already split among threads: its simd lanes run within one iteration's thread.
    if (!C.loop || !Loop.simd) {
      C.loop = Id;
      C.loopVars = Vars;
    }
    C.conditional = false;
    // The loop's own header runs in every iteration's thread; its body once per iteration.
    if (const auto *For = dyn_cast_or_null<ForStmt>(Body)) {
      statement(For->getInit(), C);
      statement(For->getCond(), C);
      statement(For->getInc(), C);
      statement(For->getBody(), C);
    } else if (const auto *Range = dyn_cast_or_null<CXXForRangeStmt>(Body)) {
      statement(Range->getRangeInit(), C);
      statement(Range->getBody(), C);
    } else {
      statement(Body, C);
    }
    Linears = std::move(SavedLinears);
    bool Worksharing = isOpenMPWorksharingDirective(Kind) && !isOpenMPParallelDirective(Kind);
    if (Worksharing && !hasNowait(D) && !C.task)
      ++Phase;
  }

  /// The loop of a loop directive when its variable `V` goes up by 1 each iteration (`V++`,
  /// `++V`, `V += 1`, `V = V + 1`).
  static const ForStmt *unitStepLoop(const Stmt *Body, const VarDecl *V) {
    const auto *For = dyn_cast_or_null<ForStmt>(Body);
    const Expr *Inc = For && For->getInc() ? For->getInc()->IgnoreParenImpCasts() : nullptr;
    if (!Inc)
      return nullptr;
    auto IsOne = [](const Expr *E) {
      const auto *L = dyn_cast<IntegerLiteral>(E->IgnoreParenImpCasts());
      return L && L->getValue() == 1;
    };
    if (const auto *U = dyn_cast<UnaryOperator>(Inc))
      return U->isIncrementOp() && varOf(U->getSubExpr()) == V ? For : nullptr;
    if (const auto *B = dyn_cast<BinaryOperator>(Inc)) {
      if (varOf(B->getLHS()) != V)
        return nullptr;
      if (B->getOpcode() == BO_AddAssign && IsOne(B->getRHS()))
        return For;
      if (const auto *Add = dyn_cast<BinaryOperator>(B->getRHS()->IgnoreParenImpCasts());
          B->getOpcode() == BO_Assign && Add && Add->getOpcode() == BO_Add &&
          varOf(Add->getLHS()) == V && IsOne(Add->getRHS()))
        return For;
    }
    return nullptr;
  }

  /// A unit-step loop's first value and the value it stops before: `V = lo; V < hi` (or
  /// `V <= hi`, `V != hi`, `hi > V`), each an affine form without the loop's variable.
  void bounds(const ForStmt *For, const VarDecl *V, const Context &C, OmpLoopFact &Loop) {
    const Expr *Lower = nullptr;
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit());
        DS && DS->isSingleDecl() && DS->getSingleDecl() == V)
      Lower = V->getInit();
    else if (const auto *B = dyn_cast_or_null<BinaryOperator>(For->getInit());
             B && B->getOpcode() == BO_Assign && varOf(B->getLHS()) == V)
      Lower = B->getRHS();
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(
        For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
    if (!Lower || !Cond)
      return;
    const Expr *Upper = nullptr;
    long long Past = 0;  // `V <= hi`: it stops before hi + 1
    BinaryOperatorKind Op = Cond->getOpcode();
    if (varOf(Cond->getLHS()) == V && (Op == BO_LT || Op == BO_NE || Op == BO_LE)) {
      Upper = Cond->getRHS();
      Past = Op == BO_LE;
    } else if (varOf(Cond->getRHS()) == V && (Op == BO_GT || Op == BO_GE)) {
      Upper = Cond->getLHS();
      Past = Op == BO_GE;
    }
    if (!Upper)
      return;
    OmpIndexFact Lo = indexOf(Lower, C), Hi = indexOf(Upper, C);
    if (Lo.kind != OmpIndexKind::Affine || Hi.kind != OmpIndexKind::Affine ||
        !Lo.loopVar.empty() || !Hi.loopVar.empty() || (!Lo.rest.empty() && !Lo.fixed) ||
        (!Hi.rest.empty() && !Hi.fixed))
      return;
    Hi.offset = std::to_string(std::stoll(Hi.offset) + Past);
    Loop.lower = Lo;
    Loop.upper = Hi;
  }

  void statement(const Stmt *S, const Context &C) {
    if (!S)
      return;
    if (const auto *D = dyn_cast<OMPExecutableDirective>(S))
      return directive(D, C);
    if (const auto *E = dyn_cast<Expr>(S))
      return expression(E, C);
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          if (const Expr *Init = V->getInit()) {
            expression(Init, C);
            if (isThreadNumber(Init) && !V->isStaticLocal())
              ThreadNumbers.insert(V);
          }
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      statement(If->getInit(), C);
      statement(If->getCond(), C);
      Context Arm = C;
      Arm.conditional = true;
      Context Then = Arm;
      // `if (omp_get_thread_num() == k)` (or a variable holding it): one thread runs the arm,
      // the primary one for k = 0, as `masked filter(k)` would.
      if (std::optional<long long> K = threadTest(If->getCond());
          K && C.execution == OmpExecution::AllThreads && !C.task) {
        Then.execution = *K == 0 ? OmpExecution::PrimaryThread : OmpExecution::OneThread;
        Then.unit = *K == 0 ? C.unit : ThreadTestUnit + static_cast<unsigned>(*K);
      }
      statement(If->getThen(), Then);
      statement(If->getElse(), Arm);
      return;
    }
    if (const auto *For = dyn_cast<ForStmt>(S))
      statement(For->getInit(), C);  // runs once, unconditionally
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S)) {
      Context Inner = C;
      Inner.conditional = true;
      if (const VarDecl *V = loopVariable(S); V && !shared(V)) {
        if (C.loop || C.execution != OmpExecution::AllThreads)
          Inner.instanceVars.push_back(V);
        else
          Inner.instancesNamed = false;
      } else if (!isa<SwitchStmt>(S)) {
        Inner.instancesNamed = false;  // a loop without a private variable repeats its tasks
      }
      Inner.inSequentialLoop = Inner.inSequentialLoop || !isa<SwitchStmt>(S);
      unsigned Head = Phase;
      for (const Stmt *Child : S->children())
        if (!isa<ForStmt>(S) || Child != cast<ForStmt>(S)->getInit())
          statement(Child, Inner);
      if (Phase != Head && !isa<SwitchStmt>(S)) {
        // A barrier in the body: the code after the body's last barrier runs beside the code
        // before its first one (the next iteration), with no barrier between them.
        for (OmpAccessFact &A : Region.accesses)
          if (A.phase == Phase)
            A.phase = Head;
        Phase = Head;
      }
      return;
    }
    if (isa<LambdaExpr>(S))
      return;  // a lambda's body runs where it is called, not here
    for (const Stmt *Child : S->children())
      statement(Child, C);
  }

  /// k of a condition `omp_get_thread_num() == k` (either side; `me == k` with `me` a private
  /// variable initialised to it; or a conjunction with such a test), k a non-negative constant.
  std::optional<long long> threadTest(const Expr *Cond) {
    const auto *B = dyn_cast_or_null<BinaryOperator>(Cond ? Cond->IgnoreParenImpCasts() : nullptr);
    if (B && B->getOpcode() == BO_LAnd) {  // `c && tid == 1`: still only thread 1
      std::optional<long long> K = threadTest(B->getLHS());
      return K ? K : threadTest(B->getRHS());
    }
    if (!B || B->getOpcode() != BO_EQ)
      return std::nullopt;
    auto Thread = [&](const Expr *E) {
      const VarDecl *V = varOf(E);
      return isThreadNumber(E) || (V && ThreadNumbers.count(V));
    };
    const Expr *Other = Thread(B->getLHS()) ? B->getRHS() : Thread(B->getRHS()) ? B->getLHS()
                                                                                : nullptr;
    Expr::EvalResult R;
    if (!Other || Other->isValueDependent() || !Other->EvaluateAsInt(R, Ctx) ||
        R.Val.getInt().isNegative() || R.Val.getInt().getLimitedValue() > 0xffff)
      return std::nullopt;
    return R.Val.getInt().getExtValue();
  }

  /// The variable a plain `for` declares or assigns in its init; null for other loops.
  static const VarDecl *loopVariable(const Stmt *S) {
    const auto *For = dyn_cast<ForStmt>(S);
    if (!For || !For->getInit())
      return nullptr;
    if (const auto *DS = dyn_cast<DeclStmt>(For->getInit()))
      return DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(For->getInit()))
      return BO->isAssignmentOp() ? varOf(BO->getLHS()) : nullptr;
    return nullptr;
  }

  static OmpUpdate updateOf(BinaryOperatorKind Op) {
    switch (Op) {
    case BO_AddAssign: case BO_SubAssign: case BO_Add: case BO_Sub: return OmpUpdate::Add;
    case BO_MulAssign: case BO_Mul: return OmpUpdate::Multiply;
    case BO_AndAssign: case BO_And: return OmpUpdate::BitAnd;
    case BO_OrAssign: case BO_Or: return OmpUpdate::BitOr;
    case BO_XorAssign: case BO_Xor: return OmpUpdate::BitXor;
    default: return OmpUpdate::Other;
    }
  }

  void expression(const Expr *E, const Context &C) {
    if (!E)
      return;
    E = E->IgnoreParens();
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->isAssignmentOp()) {
        linearWrite(BO->getLHS(), BO, C);
        if (const VarDecl *V = varOf(BO->getLHS()))
          Tickets.erase(V);  // a capture records it again after
        OmpUpdate U = BO->isCompoundAssignmentOp() ? updateOf(BO->getOpcode()) : OmpUpdate::None;
        const Expr *RHS = BO->getRHS()->IgnoreParenImpCasts();
        // `x = x OP e`: one update of x, its read of x part of it.
        if (U == OmpUpdate::None)
          if (const auto *Op = dyn_cast<BinaryOperator>(RHS))
            if (const VarDecl *X = varOf(BO->getLHS()); X && varOf(Op->getLHS()) == X &&
                                                        updateOf(Op->getOpcode()) !=
                                                            OmpUpdate::Other) {
              access(BO->getLHS(), true, updateOf(Op->getOpcode()), C, BO);
              expression(Op->getRHS(), C);
              return;
            }
        access(BO->getLHS(), true, U, C, BO);
        expression(BO->getRHS(), C);
        return;
      }
      if (BO->isLogicalOp()) {
        expression(BO->getLHS(), C);
        Context Rest = C;
        Rest.conditional = true;
        expression(BO->getRHS(), Rest);
        return;
      }
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
      expression(CO->getCond(), C);
      Context Arm = C;
      Arm.conditional = true;
      expression(CO->getTrueExpr(), Arm);
      expression(CO->getFalseExpr(), Arm);
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->isIncrementDecrementOp()) {
        linearWrite(UO->getSubExpr(), UO, C);
        if (const VarDecl *V = varOf(UO->getSubExpr()))
          Tickets.erase(V);
        return access(UO->getSubExpr(), true, OmpUpdate::Add, C, UO);
      }
      if (UO->getOpcode() == UO_AddrOf) {
        // Taking an address is no access; what is done through it is not followed.
        lvalueParts(UO->getSubExpr(), C);
        return;
      }
    }
    if (elementIndex(E))
      return access(E, false, OmpUpdate::None, C, nullptr);
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (lockCall(Call))
        return;
      for (const Expr *Arg : Call->arguments()) {
        // A linear variable passed by address or reference: its value is not followed.
        const Expr *Target = Arg->IgnoreParenImpCasts();
        if (const auto *U = dyn_cast<UnaryOperator>(Target); U && U->getOpcode() == UO_AddrOf)
          Target = U->getSubExpr();
        if (Target != Arg->IgnoreParenImpCasts() || Arg->isLValue())
          if (const VarDecl *V = varOf(Target); V && Linears.count(V))
            Linears[V].known = false;
      }
      if (const FunctionDecl *Def = inlinable(Call))
        return inlineCall(Call, Def, C);
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
        const auto *Method = Member->getMethodDecl();
        if (const Expr *Object = Member->getImplicitObjectArgument())
          access(Object, Method && !Method->isConst() && mayWrite(Object), OmpUpdate::Other, C,
                 nullptr);
      } else {
        expression(Call->getCallee(), C);
      }
      // A member operator's first argument is its object: `m[k]` writes m unless the
      // operator is const.
      unsigned First = 0;
      // A callable's operator() is taken to read its object: a predicate or an operation
      // passed to an algorithm seldom changes itself (docs/rules/race-openmp.md).
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
        if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee)) {
          bool Writes = !Method->isConst() && Op->getOperator() != OO_Call &&
                        mayWrite(Op->getArg(0));
          access(Op->getArg(0), Writes, OmpUpdate::Other, C, nullptr);
          First = 1;
        }
      for (unsigned I = First; I < Call->getNumArgs(); ++I) {
        const Expr *Arg = Call->getArg(I);
        unsigned ParamIndex = I - First;
        const ParmVarDecl *Param = Callee && ParamIndex < Callee->getNumParams()
                                       ? Callee->getParamDecl(ParamIndex)
                                       : nullptr;
        QualType T = Param ? Param->getType() : QualType();
        if (!T.isNull() && T->isReferenceType() && !T->getPointeeType().isConstQualified()) {
          access(Arg, mayWrite(Arg), OmpUpdate::Other, C, nullptr);
          continue;
        }
        const auto *AddrOf = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
        if (AddrOf && AddrOf->getOpcode() == UO_AddrOf && !T.isNull() && T->isPointerType() &&
            !T->getPointeeType().isConstQualified() && !isa<CXXOperatorCallExpr>(Call)) {
          access(AddrOf->getSubExpr(), true, OmpUpdate::Other, C, nullptr);
          continue;
        }
        expression(Arg, C);
      }
      return;
    }
    if (isa<ArraySubscriptExpr, DeclRefExpr, MemberExpr>(E) || elementIndex(E) ||
        (isa<UnaryOperator>(E) && cast<UnaryOperator>(E)->getOpcode() == UO_Deref))
      return access(E, false, OmpUpdate::None, C, nullptr);
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E))
      return expression(Cast->getSubExpr(), C);
    if (isa<LambdaExpr, BlockExpr>(E))
      return;
    for (const Stmt *Child : E->children())
      statement(Child, C);
  }

  /// A write of a `linear` variable in its loop's body: a constant step taken in every
  /// iteration (`k++`, `k += 2`) is followed; any other write makes its value unknown after.
  void linearWrite(const Expr *Target, const Expr *Whole, const Context &C) {
    const VarDecl *V = varOf(Target);
    auto It = V ? Linears.find(V) : Linears.end();
    if (It == Linears.end())
      return;
    std::optional<long long> Delta;
    if (const auto *U = dyn_cast<UnaryOperator>(Whole)) {
      Delta = U->isIncrementOp() ? 1 : -1;
    } else if (const auto *B = dyn_cast<BinaryOperator>(Whole);
               B->getOpcode() == BO_AddAssign || B->getOpcode() == BO_SubAssign) {
      Expr::EvalResult R;
      if (B->getRHS()->EvaluateAsInt(R, Ctx))
        Delta = (B->getOpcode() == BO_AddAssign ? 1 : -1) * R.Val.getInt().getExtValue();
    }
    if (Delta && !C.conditional)
      It->second.added += *Delta;
    else
      It->second.known = false;
  }

  /// The function a call runs, when its body is walked in place of the call: defined outside
  /// the system headers, not virtual, not already being walked (recursion), within the bounds.
  const FunctionDecl *inlinable(const CallExpr *Call) const {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Frames.empty() || Frames.size() >= MaxFrames || Inlined >= MaxInlinedCalls)
      return nullptr;
    if (const auto *M = dyn_cast<CXXMethodDecl>(Callee); M && M->isVirtual())
      return nullptr;
    const FunctionDecl *Def = nullptr;
    if (!Callee->hasBody(Def) || !Def || !Def->getBody() || Def->isDependentContext() ||
        SM.isInSystemHeader(SM.getFileLoc(Def->getLocation())))
      return nullptr;
    for (const Frame &F : Frames)
      if (F.function == Def)
        return nullptr;
    // A function with a parallel region of its own makes a new team on each call (a nested
    // region): it is analysed as its own region, and its call counted as before.
    auto [It, New] = OwnRegion.try_emplace(Def, false);
    if (New) {
      struct Finder : RecursiveASTVisitor<Finder> {
        bool Found = false;
        bool VisitOMPExecutableDirective(OMPExecutableDirective *D) {
          if (isOpenMPParallelDirective(D->getDirectiveKind()))
            Found = true;
          return !Found;
        }
      } F;
      F.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
      It->second = F.Found;
    }
    return It->second ? nullptr : Def;
  }

  /// Walks a called function's body as the calling thread runs it (an orphaned `omp for`,
  /// `critical` or `barrier` binds to the region of the call): its locals are the call's own,
  /// its reference and pointer parameters stand for the arguments (`p[k]` with `p` = `a` and
  /// `k` = `i` is `a[i]`), `this` for the object. What the arguments read is read at the call.
  void inlineCall(const CallExpr *Call, const FunctionDecl *Def, const Context &C) {
    ++Inlined;
    Frame F;
    F.function = Def;
    const auto *Method = dyn_cast<CXXMethodDecl>(Def);
    F.lambda = Method && Method->getParent()->isLambda();
    bool Instance = Method && Method->isInstance();
    unsigned First = 0;
    const Expr *Object = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = Member->getImplicitObjectArgument();
    } else if (isa<CXXOperatorCallExpr>(Call) && Instance) {
      Object = Call->getArg(0);
      First = 1;
    } else {
      expression(Call->getCallee(), C);
    }
    if (Object && Instance && !F.lambda) {
      if (Object->getType()->isPointerType())
        pointerParts(Object, C);
      else
        lvalueParts(Object, C);
      F.object = Bound{Object, Active};
    }
    std::set<const VarDecl *> Changed = changedIn(Def->getBody());
    F.changed = Changed;
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      const Expr *Arg = Call->getArg(I);
      const ParmVarDecl *Param =
          I - First < Def->getNumParams() ? Def->getParamDecl(I - First) : nullptr;
      QualType T = Param ? Param->getType() : QualType();
      if (!Param) {
        expression(Arg, C);
      } else if (T->isReferenceType()) {
        lvalueParts(Arg, C);
        F.args[Param] = Bound{Arg, Active};
      } else if (T->isPointerType() && !Changed.count(Param)) {
        pointerParts(Arg, C);
        F.args[Param] = Bound{Arg, Active};
      } else if (T->isPointerType()) {
        // A pointer the callee moves: what it reaches is not followed, `&x` counts as
        // writing x when it may.
        const auto *AddrOf = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
        if (AddrOf && AddrOf->getOpcode() == UO_AddrOf &&
            !T->getPointeeType().isConstQualified())
          access(AddrOf->getSubExpr(), true, OmpUpdate::Other, C, nullptr);
        else
          expression(Arg, C);
      } else {
        expression(Arg, C);  // a copy of the argument; its value stands for the parameter
        if (!Changed.count(Param))
          F.args[Param] = Bound{Arg, Active};
      }
    }
    if (Frames.size() == 1)
      CallSite = Map.span(Call->getSourceRange());
    Frames.push_back(std::move(F));
    Active = Frames.size();
    statement(Def->getBody(), C);
    Frames.pop_back();
    Active = Frames.size();
  }

  /// What computing a pointer argument reads: the subscripts of `&a[e]`, the offset of
  /// `a + e`, the pointer variable `p` itself; not what it points to.
  void pointerParts(const Expr *E, const Context &C) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      return lvalueParts(U->getSubExpr(), C);
    if (const auto *B = dyn_cast<BinaryOperator>(E);
        B && (B->getOpcode() == BO_Add || B->getOpcode() == BO_Sub) &&
        B->getLHS()->getType()->isPointerType()) {
      pointerParts(B->getLHS(), C);
      return expression(B->getRHS(), C);
    }
    if (isa<DeclRefExpr, MemberExpr>(E) && E->getType()->isArrayType())
      return lvalueParts(E, C);  // an array decays to its address: no element is read
    if (isa<CXXThisExpr>(E))
      return;
    expression(E, C);
  }

  /// Whether a call the walk does not follow may change the object `E` names, as
  /// facts/WriteEffects (loop-parallelizable's question) answers it: the standard library's
  /// read-only members (`size()`, `find()`, `count()`) and read-only algorithms do not, a
  /// function of the program or a non-const member may.
  bool mayWrite(const Expr *E) {
    const FunctionDecl *F = Frames.empty() ? nullptr : Frames.back().function;
    if (!F || !F->getBody())
      return true;
    std::unique_ptr<UseQuery> &Q = Queries[F];
    if (!Q)
      Q = std::make_unique<UseQuery>(Ctx, F->getBody());
    return Q->effectOf(E).written;
  }

  /// `omp_set_lock(&l)` takes l, `omp_unset_lock(&l)` releases it (nest locks alike).
  bool lockCall(const CallExpr *Call) {
    const FunctionDecl *F = Call->getDirectCallee();
    if (!F || !F->getIdentifier() || Call->getNumArgs() != 1)
      return false;
    StringRef Name = F->getName();
    bool Set = Name == "omp_set_lock" || Name == "omp_set_nest_lock";
    bool Unset = Name == "omp_unset_lock" || Name == "omp_unset_nest_lock";
    if (!Set && !Unset)
      return false;
    const Expr *Arg = Call->getArg(0)->IgnoreParenImpCasts();
    std::string Id = "*";  // a lock through a pointer: taken to be any lock
    if (const auto *U = dyn_cast<UnaryOperator>(Arg); U && U->getOpcode() == UO_AddrOf)
      if (const VarDecl *V = varOf(U->getSubExpr()))
        Id = Map.usrOf(V);
    if (Set) {
      Locks.push_back(Id);
    } else {
      auto It = std::find(Locks.rbegin(), Locks.rend(), Id);
      if (It != Locks.rend())
        Locks.erase(std::next(It).base());
      else if (!Locks.empty() && Id == "*")
        Locks.pop_back();
    }
    return true;
  }

  /// The subscripts and bases read while naming an object (`a[idx[i]]` reads idx).
  void lvalueParts(const Expr *E, const Context &C) {
    E = E->IgnoreParenImpCasts();
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
      expression(A->getIdx(), C);
      return lvalueParts(A->getBase(), C);
    }
    if (const auto *M = dyn_cast<MemberExpr>(E))
      return lvalueParts(M->getBase(), C);
    if (!isa<DeclRefExpr>(E))
      expression(E, C);
  }

  /// The subscript of `c[i]` when `c` is a container whose operator[] only names an element
  /// (std::map's inserts: a write to the whole map).
  static const Expr *elementIndex(const Expr *E) {
    const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
    if (!Op || Op->getOperator() != OO_Subscript || Op->getNumArgs() != 2)
      return nullptr;
    const CXXRecordDecl *Class = Op->getArg(0)->getType()->getAsCXXRecordDecl();
    if (!Class || !Class->getIdentifier())
      return nullptr;
    StringRef Name = Class->getName();
    bool Std = Class->isInStdNamespace();
    if (Std && (Name == "vector" || Name == "array" || Name == "span" || Name == "deque" ||
                Name == "basic_string" || Name == "valarray"))
      return Op->getArg(1);
    return nullptr;
  }

  /// Whether every access to objects of this type is atomic (_Atomic, std::atomic).
  static bool atomicType(QualType T) {
    if (T->isAtomicType())
      return true;
    const CXXRecordDecl *Class = T->getAsCXXRecordDecl();
    return Class && Class->isInStdNamespace() && Class->getIdentifier() &&
           Class->getName().starts_with("atomic");
  }

  /// `omp_get_thread_num()`: a value no two threads of the team share.
  static bool isThreadNumber(const Expr *E) {
    const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
    const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
    return F && F->getIdentifier() && F->getName() == "omp_get_thread_num";
  }

  /// Whether `V` is shared by the team here.
  bool shared(const VarDecl *V) {
    if (V->hasAttr<OMPThreadPrivateDeclAttr>() || V->getTLSKind() != VarDecl::TLS_None ||
        atomicType(V->getType()) || SM.isInSystemHeader(SM.getFileLoc(V->getLocation())))
      return false;  // the library's own objects (std::cout) synchronise themselves
    if (V->hasGlobalStorage())
      return !Private.count(V);  // globals and statics are shared unless a clause says not
    if (inlinedLocal(V))
      return false;  // a local of a called function: each call has its own
    if (Private.count(V))
      return false;
    // Declared inside the region: each thread has its own.
    if (SM.isBeforeInTranslationUnit(Range.getBegin(), V->getLocation()) &&
        SM.isBeforeInTranslationUnit(V->getLocation(), Range.getEnd()))
      return false;
    if (DefaultPrivate && !ExplicitShared.count(V))
      return false;
    return true;
  }

  /// What a parameter (or a local pointer initialised once) of the active frame stands for.
  const Bound *binding(const VarDecl *V) const {
    const auto &Args = Frames[Active - 1].args;
    auto It = Args.find(V);
    return It == Args.end() ? nullptr : &It->second;
  }

  /// Whether `V` is a local (or parameter) of a function walked in place of its call: each
  /// call has its own.
  bool inlinedLocal(const VarDecl *V) const {
    if (V->hasGlobalStorage())
      return false;
    const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
    for (size_t K = 1; K < Frames.size(); ++K)
      if (Frames[K].function == F)
        return true;
    return false;
  }

  void access(const Expr *E, bool Write, OmpUpdate Update, const Context &C,
              const Expr *Whole) {
    // Through a bound parameter the walk goes on in the caller's frames; back after.
    unsigned Home = Active;
    auto Restore = llvm::make_scope_exit([&] { Active = Home; });
    const Expr *Base = E->IgnoreParenImpCasts();
    std::vector<Subscript> Indices;
    std::string Field;
    bool Pointee = false;
    bool Resolved = false;  // named through a binding: its parts were read at the call
    const CXXRecordDecl *ThisClass = nullptr;
    for (unsigned Steps = 0; Steps < 64; ++Steps) {
      if (const Expr *Index = elementIndex(Base)) {
        // `v[i]` on a vector, array, span, deque or string: an element, as on a C array.
        const auto *Op = cast<CXXOperatorCallExpr>(Base);
        Indices.insert(Indices.begin(), Subscript{Index, Active, {}});
        if (!Resolved)
          expression(Index, C);
        Base = Op->getArg(0)->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *A = dyn_cast<ArraySubscriptExpr>(Base)) {
        Indices.insert(Indices.begin(), Subscript{A->getIdx(), Active, {}});
        if (!Resolved)
          expression(A->getIdx(), C);
        Base = A->getBase()->IgnoreParenImpCasts();
        if (Base->getType()->isPointerType())
          Pointee = true;
        continue;
      }
      if (const auto *M = dyn_cast<MemberExpr>(Base)) {
        Field = "." + M->getMemberDecl()->getNameAsString() + Field;
        if (M->isArrow()) {
          Pointee = true;
          Indices.insert(Indices.begin(), Subscript{nullptr, Active, {}});  // `p->f` is `p[0].f`
        }
        Base = M->getBase()->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *U = dyn_cast<UnaryOperator>(Base); U && U->getOpcode() == UO_Deref) {
        Pointee = true;
        Indices.insert(Indices.begin(), Subscript{nullptr, Active, {}});
        Base = U->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      if (isa<CXXThisExpr>(Base)) {
        const Frame &F = Frames[Active - 1];
        if (F.lambda && Active > 1) {
          --Active;  // a lambda's `this` is its definer's (taken to be its caller)
          continue;
        }
        if (F.object.expr) {
          // A member function walked in place of its call: `this` is the call's object.
          Base = F.object.expr->IgnoreParenImpCasts();
          Active = F.object.frames;
          Resolved = true;
          if (!Base->getType()->isPointerType() && !Indices.empty() && !Indices.front().expr) {
            Indices.erase(Indices.begin());  // `this->x` of `obj.f()` is `obj.x`
            Pointee = false;
          }
          continue;
        }
        ThisClass = Base->getType()->getPointeeCXXRecordDecl();
        break;
      }
      const VarDecl *P = varOf(Base);
      const Bound *B = P ? binding(P) : nullptr;
      if (B && P->getType()->isReferenceType()) {
        Base = B->expr->IgnoreParenImpCasts();
        Active = B->frames;
        Resolved = true;
        continue;
      }
      if (B && P->getType()->isPointerType() && !Indices.empty()) {
        // `p[k]` with `p` bound to `a`, `a + e`, `&a[e]` or `&x`: `a[k]`, `a[e + k]`, `x`.
        const Expr *Arg = B->expr->IgnoreParenImpCasts();
        Active = B->frames;
        Resolved = true;
        while (const auto *Add = dyn_cast<BinaryOperator>(Arg)) {
          if ((Add->getOpcode() != BO_Add && Add->getOpcode() != BO_Sub) ||
              !Add->getLHS()->getType()->isPointerType())
            break;
          Indices.front().plus.push_back(
              {Bound{Add->getRHS(), Active}, Add->getOpcode() == BO_Add ? 1 : -1});
          Arg = Add->getLHS()->IgnoreParenImpCasts();
        }
        if (const auto *U = dyn_cast<UnaryOperator>(Arg); U && U->getOpcode() == UO_AddrOf) {
          const Expr *Object = U->getSubExpr()->IgnoreParenImpCasts();
          if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Object)) {
            Indices.front().plus.push_back({Bound{AS->getIdx(), Active}, 1});
            Base = AS->getBase()->IgnoreParenImpCasts();
          } else {
            Indices.erase(Indices.begin());  // `*p` with `p` = `&x` is `x`
            Base = Object;
          }
        } else {
          Base = Arg;
        }
        Pointee = Base->getType()->isPointerType();
        continue;
      }
      break;
    }
    OmpAccessFact A;
    std::string Name;
    if (ThisClass) {
      // The object of the member function holding the region: the team shares it.
      if (!Indices.empty() && !Indices.front().expr)
        Indices.erase(Indices.begin());
      A.var = Map.usrOf(ThisClass) + "@this";
      Name = Field.empty() ? "*this" : "this->" + Field.substr(1);
      for (size_t I = 0; I < Indices.size(); ++I)
        Name += "[]";
      A.origin = OmpVarOrigin::Pointee;
      A.scalar = false;
    } else {
      const VarDecl *V = varOf(Base);
      if (!V) {
        if (!isa<DeclRefExpr>(Base) && !Resolved)  // a function or enumerator: no object
          expression(Base, C);
        return;
      }
      if (Pointee) {
        // What a pointer points to is shared whatever the pointer's own sharing, unless the
        // pointer is declared in the region (it may point anywhere) or private.
        if (!V->hasGlobalStorage() && (Private.count(V) || !sharedPlace(V)))
          return;
      } else if (!shared(V)) {
        return;
      }
      A.var = Map.usrOf(V);
      Name = V->getNameAsString();
      for (size_t I = 0; I < Indices.size(); ++I)
        Name += "[]";
      Name += Field;
      A.origin = Pointee ? OmpVarOrigin::Pointee
                 : V->isStaticLocal() ? OmpVarOrigin::StaticLocal
                 : V->hasGlobalStorage() ? OmpVarOrigin::Global
                                         : OmpVarOrigin::Local;
      A.scalar = Indices.empty() && Field.empty() && !V->getType()->isArrayType() &&
                 !V->getType()->isRecordType();
    }
    A.name = Name;
    A.write = Write;
    A.update = Update;
    A.atomic = C.atomic;
    for (const Subscript &S : Indices)
      A.indices.push_back(indexOf(S, C));
    Active = Home;
    A.span = Map.span(E->getSourceRange());
    A.criticals = C.criticals;
    A.locks = Locks;
    A.execution = C.execution;
    A.unit = C.unit;
    A.phase = Phase;
    A.loop = C.loop;
    A.task = C.task;
    A.taskEpoch = Epoch;
    A.ordered = C.ordered;
    A.conditional = C.conditional;
    if (Frames.size() > 1)
      A.calledAt = CallSite;
    if (Whole && Update != OmpUpdate::None && Update != OmpUpdate::Other && !C.atomic)
      A.atomicFix = atomicFix(Whole);
    Region.accesses.push_back(std::move(A));
  }

  /// Whether a pointer's target is a place the team shares: the pointer is not declared inside
  /// the region (a pointer declared there may point to the thread's own locals).
  bool sharedPlace(const VarDecl *V) {
    if (inlinedLocal(V))
      return false;  // a pointer of a called function's own: where it points is not known
    return !(SM.isBeforeInTranslationUnit(Range.getBegin(), V->getLocation()) &&
             SM.isBeforeInTranslationUnit(V->getLocation(), Range.getEnd()));
  }

  /// `#pragma omp atomic` on its own line before the update's statement, indented as it is,
  /// when the update is a whole expression statement (of a block, or the body of a loop or an
  /// arm of an if: the directive and its statement are one statement) alone at the start of
  /// its line.
  std::vector<EditFact> atomicFix(const Expr *Update) {
    auto Parents = Ctx.getParents(*Update);
    if (Parents.size() != 1)
      return {};
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent)
      return {};
    const auto *If = dyn_cast<IfStmt>(Parent);
    const auto *For = dyn_cast<ForStmt>(Parent);
    const auto *While = dyn_cast<WhileStmt>(Parent);
    bool Statement = isa<CompoundStmt>(Parent) ||
                     (If && (If->getThen() == Update || If->getElse() == Update)) ||
                     (For && For->getBody() == Update) || (While && While->getBody() == Update);
    if (!Statement)
      return {};
    SourceLocation B = Update->getBeginLoc();
    if (B.isMacroID())
      return {};
    Span At = Map.span(SourceRange(B, B));
    bool Invalid = false;
    StringRef Text = SM.getBufferData(SM.getFileID(B), &Invalid);
    if (Invalid)
      return {};
    size_t LineStart = Text.rfind('\n', At.offset == 0 ? 0 : At.offset - 1);
    LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
    StringRef Indent = Text.slice(LineStart, At.offset);
    if (Indent.find_first_not_of(" \t") != StringRef::npos)
      return {};
    At.length = 0;
    At.endLine = At.line;
    At.endColumn = At.column;
    return {EditFact{At, "#pragma omp atomic\n" + Indent.str()}};
  }

  Linear linear(const Expr *E, const Context &C) {
    Linear L;
    if (!E) {
      return L;  // the 0 of `*p` and `p->f`
    }
    E = E->IgnoreParenImpCasts();
    Expr::EvalResult R;
    if (!E->isValueDependent() && E->EvaluateAsInt(R, Ctx)) {
      L.constant = R.Val.getInt().getExtValue();
      return L;
    }
    if (isThreadNumber(E)) {
      L.otherTerms[ThreadNumberTerm.str()] = 1;
      L.fixed = false;
      return L;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl())) {
        if (const Bound *B = binding(V); B && !V->getType()->isPointerType()) {
          // A parameter of a function walked in place of its call: the call's argument.
          unsigned Home = Active;
          auto Restore = llvm::make_scope_exit([&] { Active = Home; });
          Active = B->frames;
          return linear(B->expr, C);
        }
        auto Lin = Linears.find(V);
        if (std::find(C.loopVars.begin(), C.loopVars.end(), V) != C.loopVars.end()) {
          L.loopTerms[V] = 1;
        } else if (Lin != Linears.end() && Lin->second.known &&
                   llvm::is_contained(C.loopVars, Lin->second.loopVar)) {
          // `linear(k:step)`: its start (one value for the loop) + step * i + what this
          // iteration has added to it so far.
          L.loopTerms[Lin->second.loopVar] = Lin->second.step;
          L.constant = Lin->second.added;
          L.otherTerms["linear(" + V->getNameAsString() + ")"] = 1;
        } else if (ThreadNumbers.count(V) && !C.task) {
          L.otherTerms[ThreadNumberTerm.str()] = 1;
          L.fixed = false;
        } else if (auto Ticket = Tickets.find(V); Ticket != Tickets.end()) {
          L.otherTerms[Ticket->second] = 1;  // a value no other capture of the counter gives
          L.fixed = false;
        } else if (const Expr *Init = privateValue(V)) {
          // `int k = 2 * i + 1;` in the iteration, never changed: k is its initialiser.
          if (InitDepth < 8) {
            ++InitDepth;
            Linear I = linear(Init, C);
            --InitDepth;
            return I;
          }
          L.otherTerms[V->getNameAsString()] = 1;
          L.fixed = false;
        } else {
          L.otherTerms[V->getNameAsString()] = 1;
          L.fixed = invariant(V);
        }
        return L;
      }
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      BinaryOperatorKind Op = BO->getOpcode();
      if (Op == BO_Add || Op == BO_Sub)
        return sum(linear(BO->getLHS(), C), linear(BO->getRHS(), C), Op == BO_Sub ? -1 : 1);
      if (Op == BO_Mul) {
        Linear A = linear(BO->getLHS(), C), B = linear(BO->getRHS(), C);
        auto IsConstant = [](const Linear &X) {
          return X.ok && !X.indirect && X.loopTerms.empty() && X.otherTerms.empty();
        };
        if (IsConstant(B))
          std::swap(A, B);
        if (IsConstant(A)) {
          for (auto &[V, K] : B.loopTerms)
            K *= A.constant;
          for (auto &[T, K] : B.otherTerms)
            K *= A.constant;
          B.constant *= A.constant;
          return B;
        }
        // `i * n`: the loop variable times a name.
        const VarDecl *X = varOf(BO->getLHS()), *Y = varOf(BO->getRHS());
        bool XLoop = X && llvm::is_contained(C.loopVars, X);
        bool YLoop = Y && llvm::is_contained(C.loopVars, Y);
        if (X && Y && XLoop != YLoop) {
          Linear S;
          S.loopTerms[XLoop ? X : Y] = 1;
          S.symbol = (XLoop ? Y : X)->getNameAsString();
          return S;
        }
        L.ok = false;
        L.indirect = A.indirect || B.indirect;
        return L;
      }
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Minus) {
      Linear A = linear(U->getSubExpr(), C);
      A.constant = -A.constant;
      for (auto &[V, K] : A.loopTerms)
        K = -K;
      for (auto &[T, K] : A.otherTerms)
        K = -K;
      return A;
    }
    L.ok = false;
    // Reading memory or calling: the subscript's value is data.
    struct Finder : RecursiveASTVisitor<Finder> {
      bool Found = false;
      bool VisitArraySubscriptExpr(ArraySubscriptExpr *) { return !(Found = true); }
      bool VisitCallExpr(CallExpr *) { return !(Found = true); }
      bool VisitUnaryOperator(UnaryOperator *U) {
        if (U->getOpcode() == UO_Deref)
          Found = true;
        return !Found;
      }
      bool VisitMemberExpr(MemberExpr *M) {
        if (M->isArrow())
          Found = true;
        return !Found;
      }
    } F;
    F.TraverseStmt(const_cast<Expr *>(E));
    L.indirect = F.Found;
    return L;
  }

  /// The initialiser of an automatic integer variable that each thread (or call) has its own
  /// of and never changes after it: declared in the region, or a local of a called function.
  const Expr *privateValue(const VarDecl *V) const {
    if (V->hasGlobalStorage() || isa<ParmVarDecl>(V) || !V->getInit() ||
        !V->getType()->isIntegerType() || V->getType()->isReferenceType())
      return nullptr;
    bool InRegion = SM.isBeforeInTranslationUnit(Range.getBegin(), V->getLocation()) &&
                    SM.isBeforeInTranslationUnit(V->getLocation(), Range.getEnd());
    if (InRegion)
      return Written.count(V) ? nullptr : V->getInit();
    const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
    for (size_t K = 1; K < Frames.size(); ++K)
      if (Frames[K].function == F)
        return Frames[K].changed.count(V) ? nullptr : V->getInit();
    return nullptr;
  }

  /// A + Sign * B.
  static Linear sum(Linear A, const Linear &B, long long Sign) {
    A.constant += Sign * B.constant;
    for (auto &[V, K] : B.loopTerms)
      A.loopTerms[V] += Sign * K;
    for (auto &[T, K] : B.otherTerms)
      A.otherTerms[T] += Sign * K;
    A.indirect |= B.indirect;
    A.ok &= B.ok && (A.symbol.empty() || B.symbol.empty());
    A.fixed &= B.fixed;
    if (A.symbol.empty())
      A.symbol = B.symbol;
    return A;
  }

  /// Whether a variable keeps one value while the region runs: a constant, or a local (or
  /// parameter) of the region's function declared before it that the region never changes.
  bool invariant(const VarDecl *V) const {
    if (V->getType().isConstQualified() && !V->getType()->isReferenceType())
      return true;
    if (V->hasGlobalStorage() || inlinedLocal(V) || Written.count(V) ||
        !SM.isBeforeInTranslationUnit(V->getLocation(), Range.getBegin()))
      return false;
    return true;
  }

  /// A subscript in the frame it was written in, with the terms a binding added to it.
  OmpIndexFact indexOf(const Subscript &S, const Context &C) {
    unsigned Home = Active;
    auto Restore = llvm::make_scope_exit([&] { Active = Home; });
    Active = S.frames;
    Linear L = linear(S.expr, C);
    for (const auto &[Term, Sign] : S.plus) {
      Active = Term.frames;
      L = sum(L, linear(Term.expr, C), Sign);
    }
    return indexOf(L);
  }

  OmpIndexFact indexOf(const Expr *E, const Context &C) { return indexOf(linear(E, C)); }

  OmpIndexFact indexOf(Linear L) {
    OmpIndexFact I;
    if (L.indirect) {
      I.kind = OmpIndexKind::Indirect;
      return I;
    }
    for (auto It = L.loopTerms.begin(); It != L.loopTerms.end();)
      It = It->second == 0 ? L.loopTerms.erase(It) : std::next(It);
    if (!L.ok || L.loopTerms.size() > 1) {
      I.kind = OmpIndexKind::Unknown;
      return I;
    }
    I.kind = OmpIndexKind::Affine;
    if (!L.loopTerms.empty()) {
      I.loopVar = Map.usrOf(L.loopTerms.begin()->first);
      long long K = L.loopTerms.begin()->second;
      I.coef = L.symbol.empty() ? std::to_string(K)
                                : (K == 1 ? L.symbol : std::to_string(K) + "*" + L.symbol);
    }
    I.offset = std::to_string(L.constant);
    std::vector<std::string> Terms;
    for (auto &[T, K] : L.otherTerms)
      if (K != 0)
        Terms.push_back(K == 1 ? T : std::to_string(K) + "*" + T);
    std::sort(Terms.begin(), Terms.end());
    I.rest = llvm::join(Terms, " + ");
    I.fixed = L.fixed;
    return I;
  }

  ASTContext &Ctx;
  SourceManager &SM;
  SourceMapper &Map;
  OmpRegionFact &Region;
  SourceRange Range;
  std::set<const VarDecl *> Private, ExplicitShared;
  /// Private variables initialised with omp_get_thread_num() (`int me = omp_get_thread_num();`).
  std::set<const VarDecl *> ThreadNumbers;
  bool DefaultPrivate = false;
  std::vector<std::string> Locks;
  unsigned Phase = 0, Epoch = 0;
  /// The functions walked in place of their calls; Frames[0] the region's own. `Active` of
  /// them are in effect (fewer while a bound argument is read in its caller's frame).
  std::vector<Frame> Frames;
  unsigned Active = 0;
  unsigned Inlined = 0;
  unsigned InitDepth = 0;  // initialisers followed by linear(), against long chains
  /// Private variables holding the value an `atomic capture` took from a counter (`t = next++`),
  /// with the subscript term naming it ("capture(next)").
  std::map<const VarDecl *, std::string> Tickets;
  Span CallSite;  // the region's own call being walked into
  mutable std::map<const FunctionDecl *, bool> OwnRegion;  // has a parallel region
  std::map<const FunctionDecl *, std::unique_ptr<UseQuery>> Queries;  // mayWrite's, by body
  std::map<const VarDecl *, LinearVar> Linears;  // of the loop being walked
  std::set<const VarDecl *> Written;  // what the region's own code changes
};

/// Finds the outermost parallel regions (and simd loops outside one) of a function body.
class RegionFinder {
public:
  RegionFinder(ASTContext &Ctx, SourceMapper &Map, std::vector<OmpRegionFact> &Out)
      : Ctx(Ctx), Map(Map), Out(Out) {}

  void function(const FunctionDecl *FD) {
    const Stmt *Body = FD->getBody();
    if (!Body)
      return;
    Function = FD;
    find(Body);
  }

private:
  void find(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *D = dyn_cast<OMPExecutableDirective>(S)) {
      OpenMPDirectiveKind K = D->getDirectiveKind();
      if (isOpenMPParallelDirective(K) || isOpenMPSimdDirective(K))
        return region(D);
    }
    // A `target` (or `teams`, `task`...) construct's body is in a CapturedStmt, whose children
    // are only its captures' initialisers.
    if (const auto *CS = dyn_cast<CapturedStmt>(S))
      return find(CS->getCapturedStmt());
    for (const Stmt *Child : S->children())
      find(Child);
  }

  /// Where a statement's code ends: a directive's is its associated statement's (a directive's
  /// own range is its pragma line).
  static SourceLocation endOf(const Stmt *S) {
    while (const auto *D = dyn_cast<OMPExecutableDirective>(S)) {
      if (!D->hasAssociatedStmt())
        return D->getEndLoc();
      S = D->getAssociatedStmt();
      while (const auto *CS = dyn_cast<CapturedStmt>(S))
        S = CS->getCapturedStmt();
    }
    return S->getEndLoc();
  }

  void region(const OMPExecutableDirective *D) {
    OmpRegionFact R;
    R.directive = llvm::omp::getOpenMPDirectiveName(D->getDirectiveKind()).str();
    R.at = Map.span(SourceRange(D->getBeginLoc(), D->getBeginLoc()));
    R.function = Function->getQualifiedNameAsString();
    R.c = !Ctx.getLangOpts().CPlusPlus;
    SourceRange Whole(D->getBeginLoc(), endOf(D));
    RegionWalker Walker(Ctx, Map, R);
    Walker.walkRegion(D, Whole, Function);
    R.clauseAt = clauseAt(Ctx, Map, D);
    R.clauseVars = clauseVars(Map, D);
    usedAfter(Whole.getEnd(), R);
    if (!R.accesses.empty())
      Out.push_back(std::move(R));
  }

  /// The locals of the function named after the region's end.
  void usedAfter(SourceLocation End, OmpRegionFact &R) {
    struct Uses : RecursiveASTVisitor<Uses> {
      const SourceManager &SM;
      SourceLocation End;
      std::set<const VarDecl *> Vars;
      Uses(const SourceManager &SM, SourceLocation End) : SM(SM), End(End) {}
      bool VisitDeclRefExpr(DeclRefExpr *E) {
        if (const auto *V = dyn_cast<VarDecl>(E->getDecl()))
          if (!V->hasGlobalStorage() && SM.isBeforeInTranslationUnit(End, E->getLocation()))
            Vars.insert(V);
        return true;
      }
    } U(Ctx.getSourceManager(), End);
    U.TraverseStmt(const_cast<Stmt *>(Function->getBody()));
    for (const VarDecl *V : U.Vars)
      R.usedAfter.push_back(Map.usrOf(V));
    std::sort(R.usedAfter.begin(), R.usedAfter.end());
  }

  ASTContext &Ctx;
  SourceMapper &Map;
  std::vector<OmpRegionFact> &Out;
  const FunctionDecl *Function = nullptr;
};

class FunctionVisitor : public RecursiveASTVisitor<FunctionVisitor> {
public:
  FunctionVisitor(ASTContext &Ctx, RegionFinder &Finder) : Ctx(Ctx), Finder(Finder) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (const auto *M = dyn_cast<CXXMethodDecl>(FD); M && M->getParent()->isLambda())
      return true;  // VisitLambdaExpr
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        !Ctx.getSourceManager().isInSystemHeader(
            Ctx.getSourceManager().getFileLoc(FD->getLocation())))
      Finder.function(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (!LE->getCallOperator()->isDependentContext())
      Finder.function(LE->getCallOperator());
    return true;
  }

private:
  ASTContext &Ctx;
  RegionFinder &Finder;
};

}  // namespace

void extractOpenMPFacts(ASTContext &Ctx, SourceMapper &Map, std::vector<OmpRegionFact> &Out) {
  if (!Ctx.getLangOpts().OpenMP)
    return;
  RegionFinder Finder(Ctx, Map, Out);
  FunctionVisitor Visitor(Ctx, Finder);
  Visitor.TraverseDecl(Ctx.getTranslationUnitDecl());
}

}  // namespace concurlint
