#include "facts/LockApi.h"

#include "facts/AstQueries.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace concurlint {

using namespace clang;

std::optional<GuardClass> guardClass(llvm::StringRef Name) {
  if (Name == "std::lock_guard" || Name == "std::unique_lock" || Name == "boost::lock_guard" ||
      Name == "boost::unique_lock" || Name == "absl::MutexLock" || Name == "absl::WriterMutexLock")
    return GuardClass{};
  if (Name == "std::scoped_lock")
    return GuardClass{.allArgs = true};
  if (Name == "std::shared_lock" || Name == "boost::shared_lock" || Name == "absl::ReaderMutexLock")
    return GuardClass{.shared = true};
  return std::nullopt;
}

LockFact LockApi::lockOf(const Expr *MutexExpr) const {
  LockFact L;
  L.id = "*";
  L.name = "a mutex";
  const Expr *E = strip(MutexExpr);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    E = strip(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
      if (const auto *P = dyn_cast<ParmVarDecl>(V);
          P && (P->getType()->isPointerType() || P->getType()->isReferenceType())) {
        L.id = "param:" + std::to_string(P->getFunctionScopeIndex());
        L.name = P->getNameAsString();
        return L;
      }
      if (isa<ParmVarDecl>(V) || V->getType()->isPointerType() ||
          (V->getType()->isReferenceType() && !V->hasGlobalStorage() && !V->getInit()))
        return L;
      if (V->getType()->isReferenceType() && V->getInit())
        return lockOf(V->getInit());
      L.id = Map.usrOf(V);
      L.name = V->isStaticLocal() || !V->hasGlobalStorage() ? V->getNameAsString()
                                                             : canonicalName(V);
    }
    return L;
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl())) {
      L.id = Map.usrOf(F);
      L.name = canonicalName(F);
    } else if (const auto *V = dyn_cast<VarDecl>(M->getMemberDecl())) {
      L.id = Map.usrOf(V);
      L.name = canonicalName(V);
    }
    return L;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    LockFact Base = lockOf(AS->getBase());
    if (Base.id != "*") {
      // One lock of an array of mutexes: which one is not known statically.
      L.id = "*";
      L.name = Base.name + "[]";
    }
  }
  return L;
}

std::string LockApi::argumentLock(const Expr *Arg) const {
  QualType T = Arg->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (!isSyncType(T) || isAtomicType(T))
    return {};
  return lockOf(Arg).id;
}

LockApi::SpinOp LockApi::spinOperation(const Expr *E, LockFact &Lock, bool &Orders) const {
  E = E ? strip(E) : nullptr;
  if (!E)
    return SpinOp::None;
  const Expr *Object = nullptr;  // what the operation works on, as written
  const Expr *Stored = nullptr;  // the value stored (exchange, store, compare-and-swap)
  const Expr *Order = nullptr;   // the memory order (on success), none for seq_cst
  SpinOp Op = SpinOp::None;
  if (const auto *A = dyn_cast<AtomicExpr>(E)) {
    // C11's <stdatomic.h> and the __atomic builtins: `atomic_flag_test_and_set(&f)` is
    // `__c11_atomic_exchange(&(&f)->_Value, 1, ...)`.
    Object = A->getPtr();
    Order = A->getOrder();
    switch (A->getOp()) {
    case AtomicExpr::AO__c11_atomic_exchange:
    case AtomicExpr::AO__atomic_exchange_n:
      Op = SpinOp::TestAndSet;
      Stored = A->getVal1();
      break;
    case AtomicExpr::AO__c11_atomic_compare_exchange_strong:
    case AtomicExpr::AO__c11_atomic_compare_exchange_weak:
    case AtomicExpr::AO__atomic_compare_exchange_n:
      Op = SpinOp::CompareAndSwap;
      Stored = A->getVal2();
      break;
    case AtomicExpr::AO__c11_atomic_store:
    case AtomicExpr::AO__atomic_store_n:
      Op = SpinOp::Release;
      Stored = A->getVal1();
      break;
    default:
      return SpinOp::None;
    }
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    Object = MC->getImplicitObjectArgument();
    if (!MD || !MD->getIdentifier() || !Object || !isAtomicType(Object->getType()))
      return SpinOp::None;
    llvm::StringRef N = MD->getName();
    auto Arg = [&](unsigned I) -> const Expr * {
      return I < MC->getNumArgs() ? MC->getArg(I) : nullptr;
    };
    if (N == "test_and_set") {  // std::atomic_flag
      Op = SpinOp::TestAndSet;
      Order = Arg(0);
    } else if (N == "clear") {
      Op = SpinOp::Release;
      Order = Arg(0);
    } else if (N == "exchange") {
      Op = SpinOp::TestAndSet;
      Stored = Arg(0);
      Order = Arg(1);
    } else if (N == "compare_exchange_weak" || N == "compare_exchange_strong") {
      Op = SpinOp::CompareAndSwap;
      Stored = Arg(1);
      Order = Arg(2);
    } else if (N == "store") {
      Op = SpinOp::Release;
      Stored = Arg(0);
      Order = Arg(1);
    } else {
      return SpinOp::None;
    }
  } else if (const auto *CE = dyn_cast<CallExpr>(E); CE && !isa<CXXOperatorCallExpr>(CE)) {
    // GCC's builtins: __sync_lock_test_and_set acquires, __sync_lock_release releases,
    // __sync_bool_compare_and_swap is a full barrier; __atomic_test_and_set and __atomic_clear
    // take a memory order.
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || CE->getNumArgs() == 0)
      return SpinOp::None;
    llvm::StringRef N = FD->getName();
    Object = CE->getArg(0);
    if (N.starts_with("__sync_lock_test_and_set") && CE->getNumArgs() >= 2) {
      Op = SpinOp::TestAndSet;
      Stored = CE->getArg(1);
    } else if (N.starts_with("__sync_lock_release")) {
      Op = SpinOp::Release;
    } else if (N.starts_with("__sync_bool_compare_and_swap") && CE->getNumArgs() >= 3) {
      Op = SpinOp::CompareAndSwap;
      Stored = CE->getArg(2);
    } else if (N == "__atomic_test_and_set" && CE->getNumArgs() == 2) {
      Op = SpinOp::TestAndSet;
      Order = CE->getArg(1);
    } else if (N == "__atomic_clear" && CE->getNumArgs() == 2) {
      Op = SpinOp::Release;
      Order = CE->getArg(1);
    } else {
      return SpinOp::None;
    }
  }
  if (Op == SpinOp::None)
    return SpinOp::None;
  // The flag itself: `&busy`, and through C11's `atomic_flag` to the flag (`(&f)->_Value`).
  const Expr *Flag = strip(Object);
  if (const auto *U = dyn_cast<UnaryOperator>(Flag); U && U->getOpcode() == UO_AddrOf)
    Flag = strip(U->getSubExpr());
  if (const auto *M = dyn_cast<MemberExpr>(Flag);
      M && M->getMemberDecl()->getIdentifier() && M->getMemberDecl()->getName() == "_Value" &&
      M->isArrow())
    if (const auto *U = dyn_cast<UnaryOperator>(strip(M->getBase()));
        U && U->getOpcode() == UO_AddrOf)
      Flag = strip(U->getSubExpr());
  const ValueDecl *Named = nullptr;  // a flag reached through a pointer has no name to match
  if (const auto *D = dyn_cast<DeclRefExpr>(Flag))
    Named = D->getDecl();
  else if (const auto *M = dyn_cast<MemberExpr>(Flag))
    Named = M->getMemberDecl();
  if (!Named)
    return SpinOp::None;
  ASTContext &Ctx = Named->getASTContext();
  // A test-and-set must store a non-zero value and acquire; the release store, 0, release.
  if (Stored) {
    Expr::EvalResult R;
    if (Stored->isValueDependent() || !Stored->EvaluateAsInt(R, Ctx) ||
        R.Val.getInt().isZero() != (Op == SpinOp::Release))
      return SpinOp::None;
  }
  int Memory = memoryOrderOf(Order, Ctx);
  bool Acquires = Memory == 2 || Memory >= 4, Releases = Memory >= 3;
  Orders = Op == SpinOp::Release ? Releases : Acquires;
  Lock = lockOf(Flag);
  if (Lock.id.empty() || Lock.id == "*" || llvm::StringRef(Lock.id).starts_with("param:"))
    return SpinOp::None;
  return Op;
}

bool LockApi::releasedWithoutOrder(const Stmt *Body, const LockFact &Flag) const {
  if (!Body)
    return false;
  if (const auto *E = dyn_cast<Expr>(Body)) {
    LockFact Released;
    bool Orders = true;
    if (spinOperation(E, Released, Orders) == SpinOp::Release && !Orders &&
        Released.id == Flag.id)
      return true;
  }
  for (const Stmt *Child : Body->children())
    if (releasedWithoutOrder(Child, Flag))
      return true;
  return false;
}

LockApi::Op LockApi::operation(const Expr *E, std::vector<LockFact> &Locks,
                              const GuardLocks &Guards) const {
  Locks.clear();
  LockFact Spin;
  bool Orders = false;
  if (SpinOp S = spinOperation(E, Spin, Orders); S != SpinOp::None && Orders) {
    Locks.push_back(std::move(Spin));
    return S == SpinOp::Release ? Op::Unlock : Op::TryLock;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier())
      return Op::None;
    llvm::StringRef N = MD->getName();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (!Obj)
      return Op::None;
    // A unique_lock / shared_lock variable locked or unlocked again.
    if (const auto *D = dyn_cast<DeclRefExpr>(strip(Obj))) {
      auto G = Guards.find(D->getDecl());
      if (G != Guards.end()) {
        Locks = G->second;
        if (N == "unlock")
          return Op::Unlock;
        if (N == "lock")
          return Op::Lock;
        if (N == "try_lock" || N == "try_lock_for" || N == "try_lock_until" ||
            N == "owns_lock")
          return Op::TryLock;
        return Op::None;
      }
    }
    if (!classIsLockable(MD->getParent()))
      return Op::None;
    // A coroutine mutex's lock() returns an awaitable: it suspends, it does not block.
    QualType Result = MD->getReturnType();
    if (!Result->isVoidType() && !Result->isBooleanType() && !Result->isIntegerType())
      return Op::None;
    LockFact L = lockOf(Obj);
    if (N == "lock" || N == "Lock" || N == "WriterLock") {
      Locks.push_back(L);
      return Op::Lock;
    }
    if (N == "lock_shared" || N == "ReaderLock") {
      L.shared = true;
      Locks.push_back(L);
      return Op::Lock;
    }
    if (N == "unlock" || N == "unlock_shared" || N == "Unlock" || N == "ReaderUnlock" ||
        N == "WriterUnlock") {
      Locks.push_back(L);
      return Op::Unlock;
    }
    if (N == "try_lock" || N == "try_lock_for" || N == "try_lock_until" || N == "TryLock" ||
        N == "try_lock_shared") {
      L.shared = N == "try_lock_shared";
      Locks.push_back(L);
      return Op::TryLock;
    }
    return Op::None;
  }
  const auto *CE = dyn_cast<CallExpr>(E);
  if (!CE || isa<CXXOperatorCallExpr>(CE))
    return Op::None;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier() || CE->getNumArgs() == 0)
    return Op::None;
  llvm::StringRef N = FD->getName();
  if (N == "pthread_mutex_lock" || N == "pthread_rwlock_wrlock" || N == "pthread_spin_lock" ||
      N == "mtx_lock" || N == "mtx_timedlock") {
    Locks.push_back(lockOf(CE->getArg(0)));
    return Op::Lock;
  }
  if (N == "pthread_rwlock_rdlock") {
    LockFact L = lockOf(CE->getArg(0));
    L.shared = true;
    Locks.push_back(L);
    return Op::Lock;
  }
  if (N == "pthread_mutex_unlock" || N == "pthread_rwlock_unlock" ||
      N == "pthread_spin_unlock" || N == "mtx_unlock") {
    Locks.push_back(lockOf(CE->getArg(0)));
    return Op::Unlock;
  }
  if (N == "pthread_mutex_trylock" || N == "pthread_spin_trylock" || N == "mtx_trylock" ||
      N == "pthread_rwlock_trywrlock") {
    Locks.push_back(lockOf(CE->getArg(0)));
    return Op::TryLock;
  }
  if (N == "pthread_rwlock_tryrdlock") {
    LockFact L = lockOf(CE->getArg(0));
    L.shared = true;
    Locks.push_back(L);
    return Op::TryLock;
  }
  if (N == "lock" && FD->isInStdNamespace()) {  // std::lock(a, b, ...)
    for (const Expr *Arg : CE->arguments())
      Locks.push_back(lockOf(Arg));
    return Op::Lock;
  }
  return Op::None;
}


std::vector<LockFact> LockApi::tryLockedIn(const Expr *Cond, bool &OnElse,
                                           const GuardLocks &Guards) const {
  OnElse = false;
  std::vector<LockFact> Locks;
  const Expr *C = Cond->IgnoreParenImpCasts();
  bool Negated = false;
  if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot) {
    C = U->getSubExpr()->IgnoreParenImpCasts();
    Negated = true;
  }
  bool ComparedToZero = false;
  if (const auto *B = dyn_cast<BinaryOperator>(C);
      B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)) {
    ComparedToZero = true;
    Negated = B->getOpcode() == BO_NE;
    C = B->getLHS()->IgnoreParenImpCasts();
  }
  if (operation(C, Locks, Guards) != Op::TryLock)
    return {};
  const auto *CE = dyn_cast<CallExpr>(C);
  bool ReturnsZeroOnSuccess = CE && !isa<CXXMemberCallExpr>(CE);  // pthread/C11 style
  // A test-and-set gives the old value: the lock is taken when that was 0 (clear); a
  // compare-and-swap says whether it swapped.
  LockFact Spin;
  bool Orders = false;
  if (SpinOp S = spinOperation(C, Spin, Orders); S != SpinOp::None)
    ReturnsZeroOnSuccess = S == SpinOp::TestAndSet;
  // C calls succeed with 0 (thrd_success is 0 too); member try_lock() succeeds with true.
  bool SuccessWhenTrue = ReturnsZeroOnSuccess ? (ComparedToZero ? !Negated : Negated)
                                              : !Negated;
  if (ReturnsZeroOnSuccess && !ComparedToZero)
    SuccessWhenTrue = Negated;  // `if (!pthread_mutex_trylock(&m))`
  OnElse = !SuccessWhenTrue;
  return Locks;
}

ManualLock LockApi::manualLockOp(const Expr *E) const {
  ManualLock Out;
  E = E->IgnoreParenImpCasts();
  std::vector<LockFact> Locks;
  const Expr *Mutex = nullptr;
  bool Arrow = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!Obj || !MD || !MD->getIdentifier())
      return Out;
    if (guardClass(canonicalTypeName(Obj->getType())))
      return Out;  // unique_lock::unlock(): the guard still owns the mutex
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      Arrow = ME->isArrow();
    Mutex = Obj;
    Out.api = LockApiKind::Member;
    Out.method = MD->getName().str();
    std::string Class = canonicalTypeName(Obj->getType());
    Out.recursive = Class == "std::recursive_mutex" || Class == "std::recursive_timed_mutex" ||
                    Class.find("ecursive") != std::string::npos;
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || CE->getNumArgs() == 0)
      return Out;
    llvm::StringRef N = FD->getName();
    if (N.starts_with("pthread_"))
      Out.api = LockApiKind::Pthread;
    else if (N.starts_with("mtx_"))
      Out.api = LockApiKind::C11;
    else
      return Out;
    Mutex = CE->getArg(0);
    Out.recursive = true;  // a pthread or C11 mutex may have been made recursive at run time
  } else {
    return Out;
  }
  Op Operation = operation(E, Locks);
  if (Locks.size() != 1 || (Operation != Op::Lock && Operation != Op::Unlock))
    return Out;
  Out.op = Operation == Op::Lock ? ManualOp::Lock : ManualOp::Unlock;
  Out.lock = Locks.front();
  Out.mutex = Mutex;
  Out.throughPointer = Arrow;
  if (Out.lock.id != "*") {
    Out.key = Out.lock.id;
  } else {
    // Unnamed statically (a pointer parameter): the same expression locks and unlocks it.
    const Expr *M = strip(Mutex);
    if (const auto *U = dyn_cast<UnaryOperator>(M); U && U->getOpcode() == UO_AddrOf)
      M = strip(U->getSubExpr());
    std::string Text = Map.sourceText(M->getSourceRange());
    llvm::erase_if(Text, [](char C) { return C == ' ' || C == '\t' || C == '\n'; });
    if (Text.empty())
      return ManualLock{};
    Out.key = "text:" + Text + (Arrow ? "->" : "");
  }
  return Out;
}

const std::map<std::pair<const CXXRecordDecl *, bool>, ProjectGuard> &ProjectGuards::all() {
  if (!Collected) {
    Collected = true;
    for (const Decl *D : topLevelDeclsInScope(Ctx))
      collect(D);
  }
  return ByMutex;
}

std::optional<ProjectGuard> ProjectGuards::forMutex(const CXXRecordDecl *Mutex, bool Shared) {
  if (!Mutex)
    return std::nullopt;
  const auto &Guards = all();
  auto It = Guards.find({Mutex->getCanonicalDecl(), Shared});
  if (It == Guards.end())
    return std::nullopt;
  return It->second;
}

void ProjectGuards::collectIn(const DeclContext *DC) {
  for (const Decl *D : DC->decls())
    collect(D);
}

void ProjectGuards::collect(const Decl *D) {
  const SourceManager &SM = Ctx.getSourceManager();
  // The project's own guards: a class of a system header (libstdc++'s
  // __gnu_cxx::__scoped_lock) is not offered in a fix, and its headers need not be read
  // (with a precompiled preamble, each of their declarations would be loaded from it).
  // (Where it is expanded, not spelled: a declaration made by a macro of a system header
  // is the program's; the spelling of a macro location is a lookup of its own.)
  if (D->getLocation().isValid() && SM.isInSystemHeader(D->getLocation()))
    return;
  if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
    if (!NS->isStdNamespace())
      collectIn(NS);
  } else if (const auto *LS = dyn_cast<LinkageSpecDecl>(D)) {
    collectIn(LS);
  } else if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
    if (RD->isThisDeclarationADefinition() && !RD->isDependentContext() &&
        !RD->isInStdNamespace()) {
      consider(RD);
      collectIn(RD);  // nested classes
    }
  }
}

void ProjectGuards::consider(const CXXRecordDecl *RD) {
  // std::lock_guard and its kin are templates (left out above): they are offered by name.
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  const FunctionDecl *DtorDef = nullptr;
  if (!Dtor || !Dtor->isUserProvided() || !Dtor->hasBody(DtorDef))
    return;
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    if (Ctor->isCopyOrMoveConstructor() || Ctor->getNumParams() == 0 || Ctor->isDeleted())
      continue;
    QualType T = Ctor->getParamDecl(0)->getType();
    bool ByPointer = T->isPointerType();
    if (!ByPointer && !T->isLValueReferenceType())
      continue;
    const CXXRecordDecl *Mutex = T->getPointeeType()->getAsCXXRecordDecl();
    if (!Mutex || !classIsLockable(Mutex))
      continue;
    // The other parameters must have defaults: the fix constructs it from the mutex alone.
    if (Ctor->getMinRequiredArguments() > 1)
      continue;
    const FunctionDecl *Def = nullptr;
    bool Shared = false;
    if (!Ctor->hasBody(Def) || !bodyDoes(Def->getBody(), LockApi::Op::Lock, Mutex, &Shared) ||
        !bodyDoes(DtorDef->getBody(), LockApi::Op::Unlock, Mutex))
      continue;
    ByMutex.try_emplace({Mutex->getCanonicalDecl(), Shared}, ProjectGuard{RD, ByPointer});
  }
}

bool ProjectGuards::bodyDoes(const Stmt *Body, LockApi::Op Op, const CXXRecordDecl *Mutex,
                             bool *Shared) const {
  if (!Body)
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Body)) {
    std::vector<LockFact> Locks;
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const CXXRecordDecl *Class = MD ? MD->getParent() : nullptr;
    bool OfMutex = Class && (Class->getCanonicalDecl() == Mutex->getCanonicalDecl() ||
                             Mutex->isDerivedFrom(Class));
    if (OfMutex && Api.operation(MC, Locks) == Op) {
      if (Shared)
        *Shared = !Locks.empty() && Locks.front().shared;
      return true;
    }
  }
  for (const Stmt *Child : Body->children())
    if (bodyDoes(Child, Op, Mutex, Shared))
      return true;
  return false;
}

}  // namespace concurlint
