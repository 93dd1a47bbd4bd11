// The thread facts of function bodies: accesses with their lock sets, and what calls say about
// threads (entries, handles, globals passed by address).
#include "TestSupport.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::extract;
using test::fn;

/// "path:R|W:form:lock,lock" for each access, in order.
std::vector<std::string> accesses(const FunctionFact &F) {
  std::vector<std::string> Out;
  for (const AccessFact &A : F.accesses) {
    std::string S = A.path + ":" + (A.write ? "W" : "R") + ":" + nameOf(A.form).str() + ":";
    for (size_t I = 0; I < A.locks.size(); ++I)
      S += (I ? "," : "") + A.locks[I].name + (A.locks[I].shared ? "(s)" : "");
    Out.push_back(S);
  }
  return Out;
}

const char *Prelude = R"cpp(
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>
#include <map>
std::mutex m, n;
std::shared_mutex rw;
int g;
std::vector<int> v;
std::map<int, int> table;
)cpp";

TEST(ThreadFacts, AccessFormsAndLockGuardScopes) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f(int e) {
  g = g + e;
  {
    std::lock_guard<std::mutex> lock(m);
    ++g;
  }
  g += 2;
  int x = g;
  (void)x;
}
)cpp");
  EXPECT_EQ(accesses(fn(T, "f")),
            (std::vector<std::string>{"g:W:self-op:", "g:R:load:", "g:W:inc:m", "g:W:compound:",
                                      "g:R:load:"}));
}

TEST(ThreadFacts, UniqueLockTryLockAndSharedLocks) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f() {
  std::unique_lock<std::mutex> lk(m);
  g = 1;
  lk.unlock();
  g = 2;
  if (n.try_lock()) {
    g = 3;
    n.unlock();
  } else {
    g = 4;
  }
  std::shared_lock<std::shared_mutex> r(rw);
  int x = g;
  (void)x;
}
)cpp");
  EXPECT_EQ(accesses(fn(T, "f")),
            (std::vector<std::string>{"g:W:store:m", "g:W:store:", "g:W:store:n", "g:W:store:",
                                      "g:R:load:rw(s)"}));
}

TEST(ThreadFacts, SpinlocksOnAtomicFlagsAreLocksWhenTheyOrder) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <atomic>
std::atomic_flag busy = ATOMIC_FLAG_INIT;
std::atomic<bool> taken{false}, loose{false};
void f() {
  while (busy.test_and_set(std::memory_order_acquire)) {
  }
  g = 1;
  busy.clear(std::memory_order_release);
  g = 2;
  bool expected = false;
  while (!taken.compare_exchange_weak(expected, true, std::memory_order_acquire))
    expected = false;
  g = 3;
  taken.store(false);
  if (!__sync_lock_test_and_set(&g, 1)) {
    int x = 0;
    (void)x;
  }
  while (loose.exchange(true, std::memory_order_acquire)) {
  }
  g = 4;
  loose.store(false, std::memory_order_relaxed);
}
)cpp");
  // `loose` is given back relaxed: it excludes, but orders nothing, so it is no lock.
  EXPECT_EQ(accesses(fn(T, "f")),
            (std::vector<std::string>{"g:W:store:busy", "g:W:store:", "g:W:store:taken",
                                      "g:W:other:", "g:W:store:"}));
}

TEST(ThreadFacts, ALockTakenOnceIsAConditionOfTheRestOfThePath) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f() {
  { std::lock_guard<std::mutex> guard(m); }
  g = 1;
}
)cpp");
  const AccessFact &A = fn(T, "f").accesses.back();
  ASSERT_EQ(A.conditions.size(), 1u);
  EXPECT_EQ(A.conditions[0].text, "after taking 'm'");
  EXPECT_TRUE(A.locks.empty());
}

TEST(ThreadFacts, EarlyReturnKeepsTheLockOnTheOtherPath) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f(bool stop) {
  m.lock();
  if (stop) {
    m.unlock();
    return;
  }
  g = 1;
  m.unlock();
}
)cpp");
  EXPECT_EQ(accesses(fn(T, "f")), (std::vector<std::string>{"g:W:store:m"}));
}

TEST(ThreadFacts, ContainersFollowTheStandardsDataRaceRules) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f(unsigned i) {
  v[i] = 1;
  unsigned s = v.size();
  v.push_back(2);
  table[3] = 4;
  (void)s;
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  ASSERT_EQ(F.accesses.size(), 4u);
  EXPECT_TRUE(F.accesses[0].write);
  EXPECT_EQ(F.accesses[0].path, "v[]");
  EXPECT_FALSE(F.accesses[1].write);
  EXPECT_EQ(F.accesses[1].location.back(), '#');  // the object only, not its elements
  EXPECT_TRUE(F.accesses[2].write);
  EXPECT_EQ(F.accesses[2].path, "v");
  EXPECT_TRUE(F.accesses[3].write);  // a map's operator[] inserts
  EXPECT_EQ(F.accesses[3].path, "table");
}

TEST(ThreadFacts, AliasesAndParameters) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void through_ref() { int &r = g; r = 5; }
void through_pointer() { int *p = &g; *p += 1; }
void *worker(void *arg) { int *p = (int *)arg; ++*p; return nullptr; }
void start() {
  pthread_t t;
  pthread_create(&t, nullptr, worker, &g);
  pthread_join(t, nullptr);
}
)cpp");
  std::string G;
  for (const GlobalFact &Global : T.globals)
    if (Global.name == "g")
      G = Global.usr;
  ASSERT_FALSE(G.empty());
  EXPECT_EQ(accesses(fn(T, "through_ref")), (std::vector<std::string>{"r:W:store:"}));
  EXPECT_EQ(fn(T, "through_ref").accesses[0].var, G);
  // Taking the address is recorded (it rules out a type change) but is no read or write.
  EXPECT_EQ(accesses(fn(T, "through_pointer")),
            (std::vector<std::string>{"g:R:address:", "*p:W:other:"}));
  ASSERT_EQ(fn(T, "worker").accesses.size(), 1u);
  EXPECT_EQ(fn(T, "worker").accesses[0].var, "param:0");
  for (const CallFact &C : fn(T, "start").calls)
    if (C.callee == "pthread_create") {
      ASSERT_EQ(C.argGlobals.size(), 4u);
      EXPECT_EQ(C.argGlobals[3], G);
      ASSERT_EQ(C.argEntries.size(), 4u);
      EXPECT_EQ(C.argEntries[2], fn(T, "worker").usr);
      EXPECT_FALSE(C.argIds[0].empty());
    }
}

TEST(ThreadFacts, ThreadHandlesThroughContainersAndRangeFor) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void work();
void f() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(work);
  for (auto &t : threads)
    t.join();
  std::thread single([] { g = 1; });
  single.join();
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  std::string Container, Joined, Single, SingleJoin;
  for (const CallFact &C : F.calls) {
    if (C.callee == "std::vector::emplace_back") {
      Container = C.objectId;
      EXPECT_EQ(C.objectElementType, "std::thread");
      ASSERT_FALSE(C.argEntries.empty());
      EXPECT_FALSE(C.argEntries[0].empty());
    }
    if (C.callee == "std::thread::join" && Joined.empty())
      Joined = C.objectId;
    else if (C.callee == "std::thread::join")
      SingleJoin = C.objectId;
    if (C.callee == "std::thread::thread" && C.isConstruction && !C.argEntries.empty())
      Single = C.resultId;
  }
  EXPECT_FALSE(Container.empty());
  EXPECT_EQ(Joined, Container);  // the range-for variable stands for the container
  EXPECT_FALSE(Single.empty());
  EXPECT_EQ(SingleJoin, Single);
  EXPECT_EQ(F.loops.size(), 2u);
}

TEST(ThreadFacts, UntrackedVariables) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <atomic>
std::atomic<int> counter;
thread_local int mine;
const int limit = 3;
void f() { counter++; mine++; int x = limit; (void)x; }
)cpp");
  EXPECT_TRUE(fn(T, "f").accesses.empty());
}

TEST(ThreadFacts, LocalsHandedToThreadsAreTrackedWithTheirOwner) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void work(int *p);
void quiet() {
  int alone = 0;   // never handed on: not tracked
  alone += 1;
}
void handed() {
  int total = 0;
  int copied = 0;
  std::thread a([&total, copied] { total += copied; });
  a.join();
  total = 5;
}
)cpp");
  EXPECT_TRUE(fn(T, "quiet").accesses.empty());
  // `total` in handed() and in the lambda, with handed() as its owner; `copied` is the lambda's.
  EXPECT_EQ(accesses(fn(T, "handed")), (std::vector<std::string>{"total:W:store:"}));
  const GlobalFact *Total = nullptr;
  for (const GlobalFact &G : T.globals)
    if (G.name == "total")
      Total = &G;
  ASSERT_NE(Total, nullptr);
  EXPECT_EQ(Total->owner, fn(T, "handed").usr);
  const FunctionFact *Lambda = nullptr;
  for (const FunctionFact &F : T.functions)
    if (llvm::StringRef(F.name).starts_with("lambda"))
      Lambda = &F;
  ASSERT_NE(Lambda, nullptr);
  EXPECT_EQ(accesses(*Lambda), (std::vector<std::string>{"total:W:compound:"}));
}

TEST(ThreadFacts, AnElementPickedByTheLoopVariableIsTheThreadsOwn) {
  TUFacts T = extract(R"cpp(
#include <pthread.h>
struct slot { int id; long out; };
void *run(void *p) { struct slot *s = (struct slot *)p; s->out = s->id; return 0; }
void start() {
  struct slot slots[4];
  pthread_t t[4];
  for (int i = 0; i < 4; ++i) {
    slots[i].id = i;
    pthread_create(&t[i], 0, run, &slots[i]);
  }
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
}
)cpp");
  const FunctionFact &Start = fn(T, "start");
  const CallFact *Create = nullptr;
  for (const CallFact &C : Start.calls)
    if (C.callee == "pthread_create")
      Create = &C;
  ASSERT_NE(Create, nullptr);
  ASSERT_EQ(Create->argGlobals.size(), 4u);
  EXPECT_NE(Create->argGlobals[3].find("slots"), std::string::npos);
  EXPECT_EQ(Create->argParts[3], "[]");
  ASSERT_EQ(Create->argSlots.size(), 4u);
  EXPECT_FALSE(Create->argSlots[3].empty());
  // The write before the start is picked by the same variable.
  const AccessFact *Id = nullptr;
  for (const AccessFact &A : Start.accesses)
    if (A.path == "slots[].id")
      Id = &A;
  ASSERT_NE(Id, nullptr);
  EXPECT_EQ(Id->slot, Create->argSlots[3]);
  // Through the pointer, each field is a location of its own.
  std::vector<std::string> Locations;
  for (const AccessFact &A : fn(T, "run").accesses)
    Locations.push_back(A.location);
  EXPECT_EQ(Locations, (std::vector<std::string>{"param:0.out", "param:0.id"}));
}

TEST(ThreadFacts, TheObjectAHandedOnPointerPointsToIsShared) {
  TUFacts T = extract(R"cpp(
#include <pthread.h>
#include <stdlib.h>
struct job { int n; long sum; };
void *run(void *p) { struct job *j = (struct job *)p; j->sum = j->n; return 0; }
void once() {
  struct job *j = (struct job *)malloc(sizeof *j);
  j->n = 3;
  pthread_t t;
  pthread_create(&t, 0, run, j);
  pthread_join(t, 0);
}
void moved() {
  struct job *j = (struct job *)malloc(sizeof *j);
  pthread_t t;
  pthread_create(&t, 0, run, j);
  j = 0;   // assigned again: which object it names is not followed
}
)cpp", "input.c");
  // (The handle `t`, whose address pthread_create gets, is a shared local too.)
  auto ThroughJ = [](const FunctionFact &F) {
    std::vector<const AccessFact *> Out;
    for (const AccessFact &A : F.accesses)
      if (llvm::StringRef(A.path).starts_with("j"))
        Out.push_back(&A);
    return Out;
  };
  const FunctionFact &Once = fn(T, "once");
  std::vector<const AccessFact *> J = ThroughJ(Once);
  ASSERT_EQ(J.size(), 1u);
  EXPECT_EQ(J[0]->path, "j->n");
  EXPECT_EQ(J[0]->var.back(), '*');
  const GlobalFact *Object = nullptr;
  for (const GlobalFact &G : T.globals)
    if (G.usr == J[0]->var)
      Object = &G;
  ASSERT_NE(Object, nullptr);
  EXPECT_EQ(Object->name, "(*j)");
  EXPECT_EQ(Object->owner, Once.usr);
  EXPECT_TRUE(ThroughJ(fn(T, "moved")).empty());
}

TEST(ThreadFacts, MembersThroughThisAndWhereAMethodsObjectComesFrom) {
  TUFacts T = extract(R"cpp(
#include <atomic>
#include <mutex>
#include <thread>
struct Stats { void hit() { hits_++; } int hits_ = 0; };
struct Plain {
  void copy() { std::thread c([*this]() mutable { n = 1; }); c.join(); }
  int n = 0;
};
struct Worker {
  Worker() : t_(&Worker::run, this) {}
  void run() { count_++; (*this).count_ = 0; stats_.hit(); flag_ = true; }
  static void entry(Worker *w) { w->run(); }
  int count_ = 0;
  Stats stats_;
  std::atomic<bool> flag_{false};
  std::mutex m_;
  std::thread t_;
};
Worker global;
void calls(Worker &byRef) {
  Worker local;
  local.run();
  byRef.run();
  global.run();
}
)cpp");
  const FunctionFact &Run = fn(T, "Worker::run");
  EXPECT_EQ(Run.kind, FunctionKind::Method);
  EXPECT_EQ(fn(T, "Worker::Worker").kind, FunctionKind::Constructor);
  EXPECT_EQ(fn(T, "Worker::entry").kind, FunctionKind::Free);
  // The fields through `this`, implicit or spelled; not the atomic, nor the member object's
  // method call (its own body records what it does).
  EXPECT_EQ(accesses(Run), (std::vector<std::string>{"this->count_:W:other:",
                                                      "this->count_:W:other:"}));
  ASSERT_FALSE(Run.accesses.empty());
  EXPECT_TRUE(llvm::StringRef(Run.accesses[0].var).starts_with("this:"));
  const GlobalFact *Object = nullptr;
  for (const GlobalFact &G : T.globals)
    if (G.usr == Run.accesses[0].var)
      Object = &G;
  ASSERT_NE(Object, nullptr);
  EXPECT_TRUE(Object->thisObject);
  EXPECT_EQ(Object->name, "Worker");
  // `stats_.hit()` runs on a member of this object.
  const CallFact *Hit = nullptr;
  for (const CallFact &C : Run.calls)
    if (C.callee == "Stats::hit")
      Hit = &C;
  ASSERT_NE(Hit, nullptr);
  EXPECT_EQ(Hit->object, ObjectOrigin::This);
  // A `[*this]` copy is the lambda's own object.
  for (const FunctionFact &F : T.functions)
    if (F.kind == FunctionKind::Lambda)
      EXPECT_TRUE(F.accesses.empty()) << F.name;
  // The thread started in the member initialiser passes `this`.
  const FunctionFact &Ctor = fn(T, "Worker::Worker");
  ASSERT_FALSE(Ctor.calls.empty());
  EXPECT_TRUE(llvm::any_of(Ctor.calls, [](const CallFact &C) {
    return C.argGlobals.size() > 1 && llvm::StringRef(C.argGlobals[1]).starts_with("this:");
  }));
  // A local of its own, a reference parameter, a global.
  std::vector<std::pair<ObjectOrigin, unsigned>> Objects;
  for (const CallFact &C : fn(T, "calls").calls)
    if (C.callee == "Worker::run")
      Objects.push_back({C.object, C.objectParam});
  EXPECT_EQ(Objects, (std::vector<std::pair<ObjectOrigin, unsigned>>{
                         {ObjectOrigin::Owned, 0}, {ObjectOrigin::Param, 0},
                         {ObjectOrigin::Shared, 0}}));
  // `w->run()` through the parameter is no access of the object by itself.
  EXPECT_TRUE(fn(T, "Worker::entry").accesses.empty());
}

}  // namespace
}  // namespace concurlint
