// How code takes and releases locks: the mutex an expression names, the lock operations of a
// call (std::mutex and any class with lock()/unlock(), pthread, C11, std::lock), RAII guard
// classes, try-locks tested by a condition, and manual lock()/unlock() pairs.
#pragma once

#include "facts/EnumNames.h"
#include "facts/Facts.h"
#include "facts/SourceMapper.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace concurlint {

/// The RAII guard variables of a function (unique_lock, lock_guard...) and the locks each holds.
using GuardLocks = llvm::DenseMap<const clang::Decl *, std::vector<LockFact>>;

/// A mutex locked or unlocked by hand: not through an RAII guard object, not a try-lock, one
/// mutex at a time (std::lock(a, b) is left out).
enum class ManualOp { None, Lock, Unlock };
struct ManualLock {
  ManualOp op = ManualOp::None;
  LockFact lock;           // which mutex (`acquired` is not set)
  std::string key;         // matches the lock and unlock of one mutex within a function
  LockApiKind api = LockApiKind::Member;
  std::string method;      // the member function's name: "lock", "lock_shared", "Lock"
  bool recursive = false;  // locking it twice on one thread is allowed (or may be)
  const clang::Expr *mutex = nullptr;  // the mutex object as written (member API)
  bool throughPointer = false;         // `mu->lock()`
};

/// The guard classes: std::lock_guard, unique_lock, scoped_lock, shared_lock, their Boost and
/// Abseil counterparts (Abseil's take the mutex by pointer: lockOf() reads through the `&`).
struct GuardClass {
  bool shared = false;     // holds the mutex in shared mode
  bool allArgs = false;    // locks every argument (std::scoped_lock)
};
std::optional<GuardClass> guardClass(llvm::StringRef CanonicalName);

class LockApi {
public:
  explicit LockApi(SourceMapper &Map) : Map(Map) {}

  enum class Op { None, Lock, Unlock, TryLock };

  /// The mutex an expression designates (`m`, `&m`, `*p`, `obj.mu_`); "param:N" for the
  /// function's pointer or reference parameter N (each call site says which mutex it is); id
  /// "*" when it cannot be named statically (a local pointer, an element of an array of
  /// mutexes).
  LockFact lockOf(const clang::Expr *MutexExpr) const;

  /// The lock an argument hands to the callee (`&m`, `m` for a reference, a lock parameter
  /// passed on): its id as lockOf() names it; "" when the argument is not a mutex.
  std::string argumentLock(const clang::Expr *Arg) const;

  /// Whether the call `E` locks, unlocks or try-locks, and which locks. `Guards` are the guard
  /// variables in scope: `lk.unlock()` on a std::unique_lock releases what `lk` holds.
  Op operation(const clang::Expr *E, std::vector<LockFact> &Locks,
               const GuardLocks &Guards = GuardLocks()) const;

  /// For `if (COND)`: the locks the then-branch holds because COND was a successful try-lock
  /// (`m.try_lock()`, `pthread_mutex_trylock(&m) == 0`, `!pthread_mutex_trylock(&m)`,
  /// `mtx_trylock(&m) == thrd_success`, `lk.owns_lock()`); `OnElse` when it is the else-branch.
  std::vector<LockFact> tryLockedIn(const clang::Expr *Cond, bool &OnElse,
                                    const GuardLocks &Guards) const;

  /// Whether `Body` gives the spinlock `Flag` back with a relaxed store (`f.clear(relaxed)`):
  /// the next holder is then not ordered after this one, and the flag excludes without
  /// synchronising; its test-and-sets are no lock.
  bool releasedWithoutOrder(const clang::Stmt *Body, const LockFact &Flag) const;

  /// The manual lock or unlock `E` makes, if any (lock-manual, thread-not-joined's paths).
  ManualLock manualLockOp(const clang::Expr *E) const;

private:
  /// A spinlock on an atomic flag or integer: a test-and-set that takes it when it returns 0
  /// (`f.test_and_set()`, `atomic_flag_test_and_set(&f)`, `x.exchange(true)`,
  /// `__sync_lock_test_and_set(&x, 1)`), a compare-and-swap to a non-zero constant that takes
  /// it when it returns true (`x.compare_exchange_weak(expected, true)`,
  /// `__sync_bool_compare_and_swap(&x, 0, 1)`), and the store of 0 that gives it back
  /// (`f.clear()`, `__sync_lock_release(&x)`, `x.store(false)`). `Orders`: whether it
  /// acquires (a release: releases), as a lock must.
  enum class SpinOp { None, TestAndSet, CompareAndSwap, Release };
  SpinOp spinOperation(const clang::Expr *E, LockFact &Lock, bool &Orders) const;

  SourceMapper &Map;
};

/// A class that holds a mutex the RAII way, written by the project or its libraries: a
/// constructor takes the mutex by pointer or reference and locks it, the destructor unlocks it
/// (leveldb's `MutexLock`, `absl::MutexLock`, `absl::ReaderMutexLock`).
struct ProjectGuard {
  const clang::CXXRecordDecl *guard = nullptr;
  bool byPointer = false;  // MutexLock(port::Mutex *mu): constructed with `&mu`
};

/// The guard classes of a TU, by the mutex class they hold; looked for once, on the first
/// question (the declarations outside namespace std, not the bodies: cheap beside the parse).
class ProjectGuards {
public:
  ProjectGuards(clang::ASTContext &Ctx, const LockApi &Api) : Ctx(Ctx), Api(Api) {}

  /// The guard that locks `Mutex` (shared: in shared mode), if the TU defines one; with several,
  /// the first declared.
  std::optional<ProjectGuard> forMutex(const clang::CXXRecordDecl *Mutex, bool Shared);

  /// Every guard class of the TU: (mutex class, shared) -> the guard.
  const std::map<std::pair<const clang::CXXRecordDecl *, bool>, ProjectGuard> &all();

private:
  void collectIn(const clang::DeclContext *DC);
  void collect(const clang::Decl *D);
  void consider(const clang::CXXRecordDecl *RD);
  /// Whether the body locks (or unlocks) a mutex of class `Mutex` through its member functions;
  /// `Shared` says in which mode it locked.
  bool bodyDoes(const clang::Stmt *Body, LockApi::Op Op, const clang::CXXRecordDecl *Mutex,
                bool *Shared = nullptr) const;

  clang::ASTContext &Ctx;
  const LockApi &Api;
  bool Collected = false;
  std::map<std::pair<const clang::CXXRecordDecl *, bool>, ProjectGuard> ByMutex;
};

}  // namespace concurlint
