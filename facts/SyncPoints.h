// The calls that order one thread's memory operations before another's without a lock or a
// join: a semaphore posted and waited on, a latch counted down and waited on, a promise set and
// its future read, a byte written to a pipe (eventfd, socket) and read from it, a barrier all
// parties pass. The lock-set walk turns them into the path facts the race rule matches: what a
// thread did before a signal is published to the thread that waited (AccessFact::signalsAfter
// and conditions), and the barrier phase an access runs in.
#pragma once

#include "facts/Facts.h"
#include "facts/SourceMapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <optional>
#include <string>
#include <vector>

namespace concurlint {

/// What a synchronising call does for the thread that makes it.
enum class SyncRole {
  Signal,         // what came before is published: sem_post, latch::count_down, set_value, write
  Wait,           // what was published is seen after it: sem_wait, latch::wait, future::get, read
  SignalAndWait,  // both, once: latch::arrive_and_wait
  Barrier,        // all parties pass it together, phase after phase: pthread_barrier_wait
};

/// A synchronising call and the object it synchronises through, in ConditionFact's notation:
/// "sync:" + the object (a global's USR, `USR.field`; the two ends of a pipe, `fds[0]` and
/// `fds[1]` of an `int fds[2]`, are one object), "sync:future<T>" for a promise and the futures of its type, or
/// "phase:" + the barrier.
struct SyncPoint {
  SyncRole role = SyncRole::Signal;
  std::string location;
  std::string text;  // for messages: "sem_post(&loaded)"
};

/// The point as a path fact: a signal that follows an access (AccessFact::signalsAfter), or a
/// wait that precedes it (AccessFact::conditions), with `Text` for messages.
ConditionFact syncCondition(const SyncPoint &P, std::string Text);

class SyncPoints {
public:
  SyncPoints(clang::ASTContext &Ctx, SourceMapper &Map) : Ctx(Ctx), Map(Map) {}

  /// The synchronisation `Call` makes, if any.
  std::optional<SyncPoint> of(const clang::Expr *Call) const;

  /// The synchronising calls evaluated on every path through `E` (not those in one arm of a
  /// `?:`, `&&` or `||` only, nor in a lambda), in evaluation order.
  void in(const clang::Expr *E, std::vector<SyncPoint> &Out) const;

  /// The barriers `S` waits on anywhere in it ("phase:" locations), lambdas aside.
  void barriersIn(const clang::Stmt *S, std::vector<std::string> &Out) const;

  /// `pthread_once(&flag, init)` or `std::call_once(flag, init, args...)`: the flag's sync
  /// location ("sync:" + the flag, or, for a flag that is no global, "sync:once:" + what
  /// `init` names as written), the index of `init` among the arguments, and the text. The call
  /// is a Wait for of(): once it returns, what `init` did is seen. The run of `init` itself is
  /// a call of its own in the facts (CallDescriber::describeOnceRun), made with the flag held
  /// as a lock (no two threads run it at once) and followed by the flag's signal.
  struct OnceCall {
    std::string location;
    std::string routine;  // as written: "build_table"
    std::string text;  // "pthread_once(&table_once, build_table)"
  };
  std::optional<OnceCall> once(const clang::Expr *Call) const;

  /// The predicate of `cv.wait(lock, [] { return done; })` on a std::condition_variable(_any):
  /// the lambda's returned expression, which is true when the wait returns; null otherwise.
  const clang::Expr *waitPredicate(const clang::Expr *Call) const;

private:
  /// The object a synchronising call names: a global, a field of one, an element of one.
  bool object(const clang::Expr *E, std::string &Location) const;

  clang::ASTContext &Ctx;
  SourceMapper &Map;
};

}  // namespace concurlint
