#include "facts/PathConditions.h"

#include "facts/AstQueries.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

namespace concurlint {

using namespace clang;

namespace {

/// `E` without parentheses, casts, temporaries and cleanups (strip(), which wants an expression).
const Expr *bare(const Expr *E) { return E ? strip(E) : nullptr; }

Ending worst(Ending A, Ending B) { return std::max(A, B); }

/// The library functions that never return without crashing the program: what they end is a
/// crash (abort, a failed assertion, a trap), not an orderly exit.
bool crashRoutine(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("abort", "__assert_fail", "__assert_perror_fail", "__assert", "__assert_rtn", true)
      .Cases("__builtin_trap", "__builtin_unreachable", "__builtin_abort", "terminate", true)
      .Cases("__stack_chk_fail", "__chk_fail", "__fortify_fail", true)
      .Default(false);
}

/// A std::atomic (or libstdc++'s base of one), also behind a reference.
bool isStdAtomic(QualType T) { return isAtomicType(T.getNonReferenceType()); }
}  // namespace

PathConditions::PathConditions(ASTContext &Ctx, SourceMapper &Map, const GlobalAccesses &Accesses)
    : Ctx(Ctx), Map(Map), Accesses(Accesses) {}

Ending PathConditions::endingOfCallee(const FunctionDecl *FD) const {
  if (!FD)
    return Ending::Returns;
  llvm::StringRef Name = FD->getIdentifier() ? FD->getName() : "";
  unsigned Builtin = FD->getBuiltinID();
  if (Builtin == Builtin::BI__builtin_unreachable || Builtin == Builtin::BI__builtin_trap ||
      Builtin == Builtin::BIabort || Builtin == Builtin::BI__builtin_abort)
    return Ending::Crashes;
  SourceLocation Loc = Ctx.getSourceManager().getFileLoc(FD->getLocation());
  bool Library = Builtin || Loc.isInvalid() || Ctx.getSourceManager().isInSystemHeader(Loc);
  // A library function ends the path only when declared so: its body may be left out (skipped
  // in a precompiled preamble, or an instantiation not made).
  if (!FD->isNoReturn())
    return Library ? Ending::Returns : inferredEnding(FD);
  if (Library)
    return crashRoutine(Name) ? Ending::Crashes : Ending::Exits;
  // The program's own noreturn function: a fatal-error handler crashes when its body does (a
  // `die()` that calls exit() only ends the program); one defined elsewhere is taken for a
  // crash handler, the common reason to declare a function noreturn.
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->getBody())
    return Ending::Crashes;
  bool Crash = false;
  struct Finder : RecursiveASTVisitor<Finder> {
    bool *Crash;
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (Callee && Callee->getBuiltinID() == Builtin::BI__builtin_unreachable)
        *Crash = true;
      else if (Callee && Callee->isNoReturn() &&
               crashRoutine(Callee->getIdentifier() ? Callee->getName() : ""))
        *Crash = true;
      return !*Crash;
    }
  } F;
  F.Crash = &Crash;
  F.TraverseStmt(Def->getBody());
  return Crash ? Ending::Crashes : Ending::Exits;
}

Ending PathConditions::inferredEnding(const FunctionDecl *FD) const {
  // A function of this TU that never returns though not declared so (`void fatal(const char
  // *why) { perror(why); exit(1); }`): no return statement, and a last statement that never
  // completes.
  const FunctionDecl *Def = FD->getDefinition();
  const auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || Body->body_empty())
    return Ending::Returns;
  auto [It, New] = Inferred.try_emplace(Def, Ending::Returns);  // a recursive call returns
  if (!New)
    return It->second;
  struct Returns : RecursiveASTVisitor<Returns> {
    bool Found = false;
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitReturnStmt(ReturnStmt *) { return !(Found = true); }
  } R;
  R.TraverseStmt(const_cast<CompoundStmt *>(Body));
  Ending Out = Ending::Returns;
  if (!R.Found)
    if (const auto *Last = dyn_cast<Expr>(Body->body_back()))
      Out = endingOf(Last);
  return Inferred[Def] = Out;
}

Ending PathConditions::endingOf(const Expr *E) const {
  E = bare(E);
  if (!E)
    return Ending::Returns;
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    Ending L = endingOf(B->getLHS());
    if (L != Ending::Returns || B->isLogicalOp())
      return L;
    return endingOf(B->getRHS());
  }
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    Ending Cond = endingOf(C->getCond());
    if (Cond != Ending::Returns)
      return Cond;
    Ending T = endingOf(C->getTrueExpr()), F = endingOf(C->getFalseExpr());
    if (T == Ending::Returns || F == Ending::Returns)
      return Ending::Returns;
    return T == Ending::Crashes && F == Ending::Crashes ? Ending::Crashes : Ending::Exits;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    Ending Out = Ending::Returns;
    for (const Expr *Arg : CE->arguments())
      Out = worst(Out, endingOf(Arg));
    if (Out != Ending::Returns)
      return Out;
    return endingOfCallee(CE->getDirectCallee());
  }
  return Ending::Returns;
}

void PathConditions::crashingParts(const Expr *E, std::vector<const Expr *> &Out) const {
  E = bare(E);
  if (!E)
    return;
  if (endingOf(E) == Ending::Crashes) {
    Out.push_back(E);
    return;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    crashingParts(B->getLHS(), Out);
    crashingParts(B->getRHS(), Out);
  } else if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    crashingParts(C->getTrueExpr(), Out);
    crashingParts(C->getFalseExpr(), Out);
  }
}

void PathConditions::forgetAssignedIn(const Stmt *Body,
                                      std::vector<ConditionFact> &Conditions) const {
  if (!Body || Conditions.empty() || isa<LambdaExpr>(Body))
    return;
  const Expr *Target = nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(Body); B && B->isAssignmentOp())
    Target = B->getLHS();
  else if (const auto *U = dyn_cast<UnaryOperator>(Body); U && U->isIncrementDecrementOp())
    Target = U->getSubExpr();
  std::string Location, Name;
  if (Target && place(Target, Location, Name))
    forgetConditions(Conditions, Location);
  // Any operation on an atomic but a load may change it.
  const Expr *Atomic = nullptr;
  if (const auto *A = dyn_cast<AtomicExpr>(Body); A && A->getOp() != AtomicExpr::AO__c11_atomic_load &&
                                                   A->getOp() != AtomicExpr::AO__atomic_load_n)
    Atomic = A->getPtr();
  else if (const auto *M = dyn_cast<CXXMemberCallExpr>(Body);
           M && M->getMethodDecl() && !isa<CXXConversionDecl>(M->getMethodDecl()) &&
           !(M->getMethodDecl()->getIdentifier() && M->getMethodDecl()->getName() == "load") &&
           M->getImplicitObjectArgument() && isStdAtomic(M->getImplicitObjectArgument()->getType()))
    Atomic = M->getImplicitObjectArgument();
  else if (const auto *O = dyn_cast<CXXOperatorCallExpr>(Body);
           O && O->getNumArgs() && isStdAtomic(O->getArg(0)->getType()))
    Atomic = O->getArg(0);
  if (Atomic && atomicObject(Atomic, Location, Name))
    forgetConditions(Conditions, Location);
  // An accessor that stores to an atomic (`setPending(i, 0)`).
  if (const auto *CE = dyn_cast<CallExpr>(Body);
      CE && !isa<CXXMemberCallExpr>(CE) && !isa<CXXOperatorCallExpr>(CE))
    if (std::optional<ConditionFact> Stored = signalOf(CE))
      forgetConditions(Conditions, Stored->location);
  for (const Stmt *Child : Body->children())
    forgetAssignedIn(Child, Conditions);
}

const Expr *PathConditions::argumentFor(const Expr *E, const CallContext *&In) {
  const auto *D = dyn_cast_or_null<DeclRefExpr>(bare(E));
  const auto *P = D ? dyn_cast<ParmVarDecl>(D->getDecl()) : nullptr;
  if (!P || !In)
    return nullptr;
  const FunctionDecl *Callee = In->call->getDirectCallee();
  const auto *Owner = dyn_cast<FunctionDecl>(P->getDeclContext());
  unsigned I = P->getFunctionScopeIndex();
  if (!Callee || !Owner || Owner->getCanonicalDecl() != Callee->getCanonicalDecl() ||
      I >= In->call->getNumArgs())
    return nullptr;
  const Expr *Arg = In->call->getArg(I);
  In = In->outer;
  return Arg;
}

bool PathConditions::atomicObject(const Expr *Object, std::string &Location, std::string &Name,
                                  const CallContext *In) const {
  const Expr *E = bare(Object);
  // An accessor's parameter: the object (or the pointer to it) its caller passed.
  if (const Expr *Arg = argumentFor(E, In))
    return atomicObject(Arg, Location, Name, In);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf) {
    E = bare(U->getSubExpr());
  } else if (U && U->getOpcode() == UO_Deref) {
    // `*p` with `p` an accessor's pointer parameter: what the caller pointed it at.
    const Expr *Arg = argumentFor(U->getSubExpr(), In);
    return Arg && atomicObject(Arg, Location, Name, In);
  }
  // An atomic member of the object a method runs on (`ready_`): one flag per class, as the
  // accesses through `this` are one object per class.
  if (const auto *M = dyn_cast_or_null<MemberExpr>(E);
      M && M->isArrow() && isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()))
    if (const auto *FD = dyn_cast<FieldDecl>(M->getMemberDecl()); FD && FD->getIdentifier()) {
      Location = Map.usrOf(FD);
      Name = FD->getNameAsString();
      return !Location.empty();
    }
  // A field or an element of a global (`pending[i].value`): the elements of an array are one
  // place, as the accesses name them.
  std::string Suffix;
  while (E) {
    if (const auto *M = dyn_cast<MemberExpr>(E); M && !M->isArrow()) {
      const auto *FD = dyn_cast<FieldDecl>(M->getMemberDecl());
      if (!FD || !FD->getIdentifier())
        return false;
      Suffix = "." + FD->getName().str() + Suffix;
      E = bare(M->getBase());
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
      if (!Base->getType()->isArrayType())
        return false;  // through a pointer: not the global's own storage
      Suffix = "[]" + Suffix;
      E = bare(Base);
    } else {
      break;
    }
  }
  const auto *D = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  if (!V || !V->hasGlobalStorage() || V->getTLSKind() != VarDecl::TLS_None ||
      isa<ParmVarDecl>(V))
    return false;
  SourceLocation Loc = Ctx.getSourceManager().getFileLoc(V->getLocation());
  if (Loc.isInvalid() || Ctx.getSourceManager().isInSystemHeader(Loc))
    return false;
  Location = Map.usrOf(V);
  if (Location.empty())
    return false;
  Location += Suffix;
  Name = V->getNameAsString() + Suffix;
  return true;
}

namespace {
/// `do { S } while (0)` (a macro's body) and `{ S }` are S.
const Stmt *peel(const Stmt *St, const ASTContext &Ctx) {
  while (St) {
    if (const auto *Do = dyn_cast<DoStmt>(St)) {
      std::optional<bool> Again = constantTruth(Do->getCond(), Ctx);
      if (!Again || *Again)
        return St;
      St = Do->getBody();
    } else if (const auto *Block = dyn_cast<CompoundStmt>(St); Block && Block->size() == 1) {
      St = Block->body_front();
    } else {
      return St;
    }
  }
  return St;
}

/// Accessors are short: a few statements, no loop of their own that this looks into.
constexpr unsigned AccessorStatements = 4;
constexpr unsigned AccessorDepth = 3;

/// The body of the program's function `Call` runs, when it is short enough for an accessor.
const CompoundStmt *accessorBody(const CallExpr *Call, const SourceManager &SM) {
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def || Def->isVariadic() || isa<CXXMethodDecl>(Def))
    return nullptr;
  SourceLocation Loc = SM.getFileLoc(Def->getLocation());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->body_empty() || Body->size() > AccessorStatements)
    return nullptr;
  return Body;
}
}  // namespace

const Expr *PathConditions::accessorResult(const CallExpr *Call) const {
  const CompoundStmt *Body = accessorBody(Call, Ctx.getSourceManager());
  const auto *Ret = Body ? dyn_cast<ReturnStmt>(Body->body_back()) : nullptr;
  if (!Ret || !Ret->getRetValue())
    return nullptr;
  const Expr *Value = bare(Ret->getRetValue());
  // `T v = 0; v = atomic_load(&x); return v;`: what was just assigned to the local.
  const auto *D = dyn_cast<DeclRefExpr>(Value);
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V))
    return Value;
  if (Body->size() < 2)
    return nullptr;
  const Stmt *Before = peel(Body->body_begin()[Body->size() - 2], Ctx);
  if (const auto *B = dyn_cast<BinaryOperator>(Before); B && B->getOpcode() == BO_Assign) {
    const auto *L = dyn_cast<DeclRefExpr>(bare(B->getLHS()));
    return L && L->getDecl() == V ? B->getRHS() : nullptr;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(Before); DS && DS->isSingleDecl() &&
                                                    DS->getSingleDecl() == V)
    return V->getInit();
  return nullptr;
}

const Expr *PathConditions::accessorLastStatement(const CallExpr *Call) const {
  const CompoundStmt *Body = accessorBody(Call, Ctx.getSourceManager());
  if (!Body || !Call->getType()->isVoidType())
    return nullptr;
  const Stmt *Last = Body->body_back();
  if (const auto *Ret = dyn_cast<ReturnStmt>(Last); Ret && !Ret->getRetValue()) {
    if (Body->size() < 2)
      return nullptr;
    Last = Body->body_begin()[Body->size() - 2];
  }
  return dyn_cast_or_null<Expr>(peel(Last, Ctx));
}

std::optional<ConditionFact> PathConditions::signalOf(const Expr *E) const {
  return signalOf(E, nullptr);
}

std::optional<ConditionFact> PathConditions::signalOf(const Expr *E, const CallContext *In) const {
  E = bare(E);
  if (!E)
    return std::nullopt;
  ConditionFact Out;
  std::string Name;
  const Expr *Value = nullptr;
  bool ReadModifyWrite = false;
  if (const auto *A = dyn_cast<AtomicExpr>(E)) {
    switch (A->getOp()) {
    case AtomicExpr::AO__c11_atomic_store:
    case AtomicExpr::AO__atomic_store_n:
      Value = A->getVal1();
      break;
    case AtomicExpr::AO__c11_atomic_fetch_add:
    case AtomicExpr::AO__c11_atomic_fetch_sub:
    case AtomicExpr::AO__c11_atomic_fetch_or:
    case AtomicExpr::AO__c11_atomic_exchange:
    case AtomicExpr::AO__atomic_fetch_add:
    case AtomicExpr::AO__atomic_fetch_sub:
    case AtomicExpr::AO__atomic_fetch_or:
    case AtomicExpr::AO__atomic_add_fetch:
    case AtomicExpr::AO__atomic_sub_fetch:
    case AtomicExpr::AO__atomic_exchange_n:
      ReadModifyWrite = true;
      break;
    default:
      return std::nullopt;
    }
    int Order = memoryOrderOf(A->getOrder(), Ctx);
    if (Order < 3 || !atomicObject(A->getPtr(), Out.location, Name, In))
      return std::nullopt;
  } else if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    // `ready = 1;`, `count += 1;` on a C11 _Atomic: sequentially consistent.
    if (!B->isAssignmentOp() || !B->getLHS()->getType()->isAtomicType() ||
        !atomicObject(B->getLHS(), Out.location, Name, In))
      return std::nullopt;
    if (B->getOpcode() == BO_Assign)
      Value = B->getRHS();
    else
      ReadModifyWrite = true;
  } else if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (!U->isIncrementDecrementOp() || !U->getSubExpr()->getType()->isAtomicType() ||
        !atomicObject(U->getSubExpr(), Out.location, Name, In))
      return std::nullopt;
    ReadModifyWrite = true;
  } else if (const auto *M = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = M->getMethodDecl();
    const Expr *Object = M->getImplicitObjectArgument();
    if (!MD || !MD->getIdentifier() || !Object || !isStdAtomic(Object->getType()) ||
        !atomicObject(Object, Out.location, Name, In))
      return std::nullopt;
    llvm::StringRef Method = MD->getName();
    unsigned OrderArg = 1;
    if (Method == "store") {
      Value = M->getNumArgs() ? M->getArg(0) : nullptr;
    } else if (Method == "fetch_add" || Method == "fetch_sub" || Method == "fetch_or" ||
               Method == "fetch_and" || Method == "fetch_xor" || Method == "exchange") {
      ReadModifyWrite = true;
    } else {
      return std::nullopt;
    }
    if (memoryOrderOf(M->getNumArgs() > OrderArg ? M->getArg(OrderArg) : nullptr, Ctx) < 3)
      return std::nullopt;
  } else if (const auto *O = dyn_cast<CXXOperatorCallExpr>(E)) {
    // `ready = true;`, `++count;`, `count += 2;` on a std::atomic: sequentially consistent.
    if (O->getNumArgs() < 1 || !isStdAtomic(O->getArg(0)->getType()) ||
        !atomicObject(O->getArg(0), Out.location, Name, In))
      return std::nullopt;
    OverloadedOperatorKind K = O->getOperator();
    if (K == OO_Equal && O->getNumArgs() == 2)
      Value = O->getArg(1);
    else if (K == OO_PlusPlus || K == OO_MinusMinus || K == OO_PlusEqual || K == OO_MinusEqual ||
             K == OO_PipeEqual)
      ReadModifyWrite = true;
    else
      return std::nullopt;
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    // An accessor that stores (`setPending(i, n)` of `atomic_store(&pending[i], n)`).
    const Expr *Last = accessorLastStatement(CE);
    if (!Last || (In && In->depth() >= AccessorDepth))
      return std::nullopt;
    CallContext Inner{CE, In};
    return signalOf(Last, &Inner);
  } else {
    return std::nullopt;
  }
  if (ReadModifyWrite) {
    Out.text = Name + " changed";
    return Out;
  }
  if (!Value)
    return std::nullopt;
  // An accessor's parameter: the value its caller passed.
  const CallContext *ValueIn = In;
  while (const Expr *Arg = argumentFor(Value, ValueIn))
    Value = Arg;
  Expr::EvalResult R;
  if (!Value->isValueDependent() && Value->EvaluateAsInt(R, Ctx)) {
    Out.value = llvm::toString(R.Val.getInt(), 10);
    Out.text = Name + " = " + Out.value;
    return Out;
  }
  // A value not known here (`setPending(j, count)`): it may be the one the other thread's test
  // waits for, as a read-modify-write's may.
  std::string Shown = Lexer::getSourceText(
                          CharSourceRange::getTokenRange(Value->getSourceRange()),
                          Ctx.getSourceManager(), Ctx.getLangOpts())
                          .str();
  Out.text = Name + " = " + (Shown.empty() ? std::string("a value") : Shown);
  return Out;
}

std::optional<ConditionFact> PathConditions::storedConstant(const Expr *E) const {
  const auto *B = dyn_cast_or_null<BinaryOperator>(bare(E));
  std::string Name;
  ConditionFact C;
  if (!B || B->getOpcode() != BO_Assign || !place(B->getLHS(), C.location, Name))
    return std::nullopt;
  Expr::EvalResult R;
  const Expr *Value = B->getRHS();
  if (Value->isValueDependent() || !Value->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  C.value = llvm::toString(R.Val.getInt(), 10);
  C.text = Name + " = " + C.value;
  if (const auto *CD = dyn_cast<DeclRefExpr>(bare(Value)))
    if (isa<EnumConstantDecl>(CD->getDecl()))
      C.text = Name + " = " + CD->getDecl()->getNameAsString();
  return C;
}

bool PathConditions::place(const Expr *E, std::string &Location, std::string &Name,
                           const CallContext *In) const {
  E = bare(E);
  // An accessor's parameter: what its caller passed.
  if (const Expr *Arg = argumentFor(E, In))
    return place(Arg, Location, Name, In);
  // An atomic load that synchronises (`ready.load(std::memory_order_acquire)`,
  // `atomic_load_explicit(&ready, memory_order_acquire)`, `!ready` on a std::atomic): a path
  // that tested it saw the value a release store put there.
  if (const auto *A = dyn_cast_or_null<AtomicExpr>(E)) {
    if ((A->getOp() != AtomicExpr::AO__c11_atomic_load &&
         A->getOp() != AtomicExpr::AO__atomic_load_n) ||
        memoryOrderOf(A->getOrder(), Ctx) == 0)
      return false;
    return atomicObject(A->getPtr(), Location, Name, In);
  }
  if (const auto *M = dyn_cast_or_null<CXXMemberCallExpr>(E);
      M && M->getImplicitObjectArgument() &&
      isStdAtomic(M->getImplicitObjectArgument()->getType())) {
    const CXXMethodDecl *MD = M->getMethodDecl();
    const Expr *Object = M->getImplicitObjectArgument();
    if (!MD)
      return false;
    bool Load = isa<CXXConversionDecl>(MD) || (MD->getIdentifier() && MD->getName() == "load");
    if (!Load || memoryOrderOf(M->getNumArgs() ? M->getArg(0) : nullptr, Ctx) == 0)
      return false;
    return atomicObject(Object, Location, Name, In);
  }
  // The result of a library call that reports success (`pthread_tryjoin_np(t, 0) == 0`): a
  // join that may give up has joined only where it was tested.
  if (const auto *CE = dyn_cast_or_null<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || !CE->getType()->isIntegralOrEnumerationType())
      return false;
    SourceLocation Loc = Ctx.getSourceManager().getFileLoc(FD->getLocation());
    if (Loc.isInvalid())
      return false;
    if (!Ctx.getSourceManager().isInSystemHeader(Loc)) {
      // The program's accessor (`getPending(i)` returning `atomic_load(&pending[i])`): what it
      // returns is the place tested.
      const Expr *Result = accessorResult(CE);
      if (!Result || (In && In->depth() >= AccessorDepth))
        return false;
      CallContext Inner{CE, In};
      return place(Result, Location, Name, &Inner);
    }
    if (In)
      return false;  // a library call's result is known by its place in the caller only
    Span Sp = Map.span(CE->getSourceRange());
    if (!Sp.valid())
      return false;
    Location = callResultPlace(Sp);
    Name = FD->getName().str() + "()";
    return true;
  }
  // A plain read of an _Atomic element or field (`if (pending[i].value)`): sequentially
  // consistent.
  if (E && E->getType()->isAtomicType() &&
      E->getType()->castAs<AtomicType>()->getValueType()->isIntegralOrEnumerationType() &&
      (isa<MemberExpr>(E) || isa<ArraySubscriptExpr>(E)))
    return atomicObject(E, Location, Name, In);
  std::string Field;
  if (const auto *M = dyn_cast_or_null<MemberExpr>(E); M && !M->isArrow()) {
    const auto *FD = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!FD || !FD->getIdentifier() || FD->isBitField())
      return false;
    Field = "." + FD->getName().str();
    E = bare(M->getBase());
  }
  const auto *D = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  if (!V)
    return false;
  if (const auto *P = dyn_cast<ParmVarDecl>(V)) {  // decided by the constant a call passes
    if (In || !Field.empty() || P->isParameterPack() ||
        !(P->getType()->isIntegralOrEnumerationType() || P->getType()->isPointerType()))
      return false;
    Location = "param:" + std::to_string(P->getFunctionScopeIndex());
    Name = P->getNameAsString();
    return true;
  }
  // A C11 _Atomic flag (a mode flag is often one), or a global the analysis tracks.
  QualType T = V->getType();
  if (Field.empty() && T->isAtomicType() &&
      T->castAs<AtomicType>()->getValueType()->isIntegralOrEnumerationType())
    return atomicObject(D, Location, Name);
  if (!Accesses.isTracked(V))
    return false;
  std::string Usr = Map.usrOf(V);
  if (Usr.empty())
    return false;
  Location = Usr + Field;
  Name = V->getNameAsString() + Field;
  return true;
}

void PathConditions::conditionsOf(const Expr *Cond, std::vector<ConditionFact> &WhenTrue,
                                  std::vector<ConditionFact> &WhenFalse) const {
  const Expr *E = bare(Cond);
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot)
    return conditionsOf(U->getSubExpr(), WhenFalse, WhenTrue);
  auto Make = [](const std::string &Location, const std::string &Name, const llvm::APSInt &V,
                 const std::string &Shown, bool Equal) {
    ConditionFact C;
    C.location = Location;
    C.value = llvm::toString(V, 10);
    C.equal = Equal;
    C.text = Name + (Equal ? " == " : " != ") + Shown;
    return C;
  };
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_LAnd) {
      std::vector<ConditionFact> Ignored;
      conditionsOf(B->getLHS(), WhenTrue, Ignored);
      conditionsOf(B->getRHS(), WhenTrue, Ignored);
      return;
    }
    if (B->getOpcode() == BO_LOr) {
      std::vector<ConditionFact> Ignored;
      conditionsOf(B->getLHS(), Ignored, WhenFalse);
      conditionsOf(B->getRHS(), Ignored, WhenFalse);
      return;
    }
    BinaryOperatorKind Op = B->getOpcode();
    if (Op != BO_EQ && Op != BO_NE && !B->isRelationalOp())
      return;
    const Expr *Var = B->getLHS(), *Constant = B->getRHS();
    std::string Location, Name;
    if (!place(Var, Location, Name)) {
      std::swap(Var, Constant);
      if (!place(Var, Location, Name)) {
        if (Op == BO_EQ || Op == BO_NE) {
          if (!isZero(Var))
            std::swap(Var, Constant);
          if (isZero(Var))
            sumIsZero(Constant, Op == BO_EQ ? WhenTrue : WhenFalse);
        }
        return;
      }
      Op = BinaryOperator::reverseComparisonOp(Op);  // `K < x` is `x > K`
    }
    if (Constant->isValueDependent())
      return;
    if (B->isRelationalOp()) {
      // Only what a bound says of zero: past `while (atomic_load(&done) < total)` with a
      // positive total, `done` is not 0 (a counter another thread increments after its work).
      Expr::EvalResult R;
      if (!Constant->EvaluateAsInt(R, Ctx))
        return;
      const llvm::APSInt &K = R.Val.getInt();
      bool Positive = K.isStrictlyPositive(), NonNegative = !K.isNegative();
      std::string Shown =
          Lexer::getSourceText(CharSourceRange::getTokenRange(Constant->getSourceRange()),
                               Ctx.getSourceManager(), Ctx.getLangOpts())
              .str();
      if (Shown.empty())
        Shown = llvm::toString(K, 10);
      llvm::APSInt Zero(32);
      auto NotZero = [&](const char *Relation) {
        ConditionFact C = Make(Location, Name, Zero, "0", false);
        C.text = Name + Relation + Shown;
        return C;
      };
      if ((Op == BO_GT && NonNegative) || (Op == BO_GE && Positive))
        addCondition(WhenTrue, NotZero(Op == BO_GT ? " > " : " >= "));
      else if ((Op == BO_LT && Positive) || (Op == BO_LE && NonNegative))
        addCondition(WhenFalse, NotZero(Op == BO_LT ? " >= " : " > "));
      return;
    }
    Expr::EvalResult R;
    if (Constant->getType()->isPointerType() &&
        Constant->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
      R.Val = APValue(llvm::APSInt(32));  // a null pointer: 0, as `if (p)` tests it
    } else if (!Constant->EvaluateAsInt(R, Ctx)) {
      return;
    }
    std::string Shown = llvm::toString(R.Val.getInt(), 10);
    if (const auto *CD = dyn_cast<DeclRefExpr>(bare(Constant)))
      if (isa<EnumConstantDecl>(CD->getDecl()))
        Shown = CD->getDecl()->getNameAsString();
    bool Equal = B->getOpcode() == BO_EQ;
    addCondition(WhenTrue, Make(Location, Name, R.Val.getInt(), Shown, Equal));
    addCondition(WhenFalse, Make(Location, Name, R.Val.getInt(), Shown, !Equal));
    return;
  }
  // `if (g)`: g != 0; a pointer's null is 0 too.
  std::string Location, Name;
  if (!(E->getType()->isIntegralOrEnumerationType() || E->getType()->isPointerType()))
    return;
  if (!place(E, Location, Name)) {
    sumIsZero(E, WhenFalse);
    return;
  }
  llvm::APSInt Zero(32);
  addCondition(WhenTrue, Make(Location, Name, Zero, "0", false));
  addCondition(WhenFalse, Make(Location, Name, Zero, "0", true));
}

bool PathConditions::isZero(const Expr *E) const {
  Expr::EvalResult R;
  E = bare(E);
  return E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) && R.Val.getInt().isZero();
}

void PathConditions::sumIsZero(const Expr *Sum, std::vector<ConditionFact> &Out) const {
  const auto *D = dyn_cast_or_null<DeclRefExpr>(bare(Sum));
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  std::string Location, Name;
  if (!V || !sumOfLoads(V, Location, Name))
    return;
  ConditionFact C;
  C.location = std::move(Location);
  C.value = "0";
  C.equal = true;
  C.text = Name + " == 0 (all that '" + V->getNameAsString() + "' added up)";
  addCondition(Out, std::move(C));
}

bool PathConditions::sumOfLoads(const VarDecl *V, std::string &Location,
                                std::string &Name) const {
  // Unsigned, so that a sum of 0 says that each term was 0.
  if (!V->hasLocalStorage() || isa<ParmVarDecl>(V) || !V->getType()->isUnsignedIntegerType())
    return false;
  const auto *FD = dyn_cast<FunctionDecl>(V->getDeclContext());
  const Stmt *Body = FD ? FD->getBody() : nullptr;
  if (!Body || (V->getInit() && !isZero(V->getInit())))
    return false;
  struct Uses : RecursiveASTVisitor<Uses> {
    const PathConditions *Self;
    const VarDecl *V;
    unsigned Named = 0, Understood = 0, Added = 0;
    bool Failed = false;
    std::string Location, Name;
    bool isV(const Expr *E) const {
      const auto *D = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParens() : nullptr);
      return D && D->getDecl() == V;
    }
    bool VisitDeclRefExpr(DeclRefExpr *D) {
      Named += D->getDecl() == V;
      return true;
    }
    bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
      if (C->getCastKind() == CK_LValueToRValue && isV(C->getSubExpr()))
        ++Understood;  // a read
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (!B->isAssignmentOp() || !isV(B->getLHS()))
        return true;
      ++Understood;
      std::string L, N;
      if (B->getOpcode() == BO_Assign && Self->isZero(B->getRHS()))
        return true;
      if (B->getOpcode() == BO_AddAssign && Self->place(B->getRHS(), L, N) &&
          !llvm::StringRef(L).starts_with("param:") &&
          !llvm::StringRef(L).starts_with("result@") && (Location.empty() || L == Location)) {
        Location = L;
        Name = N;
        ++Added;
        return true;
      }
      Failed = true;
      return false;
    }
  } U;
  U.Self = this;
  U.V = V;
  U.TraverseStmt(const_cast<Stmt *>(Body));
  if (U.Failed || !U.Added || U.Named != U.Understood)
    return false;
  Location = std::move(U.Location);
  Name = std::move(U.Name);
  return true;
}

void PathConditions::holdsWhen(const Expr *Cond, bool Value,
                               std::vector<ConditionFact> &Out) const {
  std::vector<ConditionFact> WhenTrue, WhenFalse;
  conditionsOf(Cond, WhenTrue, WhenFalse);
  for (ConditionFact &C : Value ? WhenTrue : WhenFalse)
    addCondition(Out, std::move(C));
}

void PathConditions::conditionsAfter(const Expr *E, std::vector<ConditionFact> &Out) const {
  E = bare(E);
  if (!E)
    return;
  // An atomic changed by the statement: what the path knew of it is gone (a store of a
  // constant is known).
  forgetAssignedIn(E, Out);
  if (std::optional<ConditionFact> Stored = signalOf(E); Stored && !Stored->value.empty()) {
    Stored->text = Stored->text.substr(0, Stored->text.find(" = ")) + " == " + Stored->value;
    addCondition(Out, std::move(*Stored));
    return;
  }
  std::vector<ConditionFact> WhenTrue, WhenFalse;
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp()) {
    std::string Location, Name;
    if (place(U->getSubExpr(), Location, Name))
      forgetConditions(Out, Location);
    return;
  }
  if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
    Ending T = endingOf(C->getTrueExpr()), F = endingOf(C->getFalseExpr());
    if (T == Ending::Returns && F != Ending::Returns) {
      conditionsOf(C->getCond(), WhenTrue, WhenFalse);
      for (ConditionFact &X : WhenTrue)
        addCondition(Out, std::move(X));
    } else if (F == Ending::Returns && T != Ending::Returns) {
      conditionsOf(C->getCond(), WhenTrue, WhenFalse);
      for (ConditionFact &X : WhenFalse)
        addCondition(Out, std::move(X));
    }
    return;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Comma) {
      conditionsAfter(B->getLHS(), Out);
      conditionsAfter(B->getRHS(), Out);
      return;
    }
    std::string Location, Name;
    if (B->isAssignmentOp() && place(B->getLHS(), Location, Name)) {
      // What the path knew of the global is gone; a constant assigned is what it knows now.
      forgetConditions(Out, Location);
      if (std::optional<ConditionFact> Stored = storedConstant(B)) {
        Stored->text = Stored->text.replace(Stored->text.find(" = "), 3, " == ");
        addCondition(Out, std::move(*Stored));
      }
      return;
    }
    // `c || fail()`: c holds after; `c && fail()`: !c does.
    if (B->isLogicalOp() && endingOf(B->getRHS()) != Ending::Returns) {
      conditionsOf(B->getLHS(), WhenTrue, WhenFalse);
      for (ConditionFact &X : B->getOpcode() == BO_LOr ? WhenTrue : WhenFalse)
        addCondition(Out, std::move(X));
    }
  }
}

}  // namespace concurlint
