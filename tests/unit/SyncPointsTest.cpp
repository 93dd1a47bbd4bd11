// The synchronising calls the lock-set walk turns into path facts (SyncPoints.h): what comes
// before a signal is published (AccessFact::signalsAfter), what comes after a wait saw it
// (AccessFact::conditions), and the barrier phase an access runs in.
#include "TestSupport.h"

#include "llvm/ADT/StringExtras.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint {
namespace {

using test::extract;
using test::fn;

bool onSyncObject(const ConditionFact &C) {
  return llvm::StringRef(C.location).starts_with("sync:") ||
         llvm::StringRef(C.location).starts_with("phase:");
}

/// One string per access to `Path`: its signals ("then X") and the waits it comes after.
std::vector<std::string> syncOf(const FunctionFact &F, llvm::StringRef Path) {
  std::vector<std::string> Out;
  for (const AccessFact &A : F.accesses) {
    if (A.path != Path)
      continue;
    std::vector<std::string> Texts;
    for (const ConditionFact &C : A.conditions)
      if (onSyncObject(C))
        Texts.push_back(C.text);
    for (const ConditionFact &C : A.signalsAfter)
      Texts.push_back("then " + C.text);
    std::sort(Texts.begin(), Texts.end());
    Out.push_back(llvm::join(Texts, " & "));
  }
  return Out;
}

TEST(SyncPoints, SemaphorePostPublishesAndWaitSees) {
  TUFacts T = extract(R"cpp(
#include <semaphore.h>
sem_t loaded, other;
long width, height;
void loader() {
  width = 640;
  sem_post(&loaded);
  height = 480;
}
void reader() {
  long w = width;
  sem_wait(&loaded);
  long h = height;
  (void)w; (void)h;
}
)cpp");
  const FunctionFact &L = fn(T, "loader");
  EXPECT_EQ(syncOf(L, "width"), std::vector<std::string>{"then sem_post(&loaded)"});
  EXPECT_EQ(syncOf(L, "height"), std::vector<std::string>{""});
  const FunctionFact &R = fn(T, "reader");
  EXPECT_EQ(syncOf(R, "width"), std::vector<std::string>{""});
  EXPECT_EQ(syncOf(R, "height"), std::vector<std::string>{"after sem_wait(&loaded)"});
  // Both name one object: the race rule matches the signal's place with the wait's.
  const AccessFact *W = nullptr, *H = nullptr;
  for (const AccessFact &A : L.accesses)
    if (A.path == "width")
      W = &A;
  for (const AccessFact &A : R.accesses)
    if (A.path == "height")
      H = &A;
  ASSERT_TRUE(W && H);
  EXPECT_EQ(W->signalsAfter[0].location, H->conditions[0].location);
  EXPECT_TRUE(llvm::StringRef(W->signalsAfter[0].location).starts_with("sync:"));
}

TEST(SyncPoints, ASignalOnOneBranchOrBeforeAnExitPublishesNothing) {
  TUFacts T = extract(R"cpp(
#include <semaphore.h>
sem_t done;
long a, b, c;
int verbose;
void f() {
  a = 1;
  if (verbose)
    sem_post(&done);
  b = 2;
  if (verbose > 1)
    return;
  sem_post(&done);
  c = 3;
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  EXPECT_EQ(syncOf(F, "a"), std::vector<std::string>{""});  // the return may come first
  EXPECT_EQ(syncOf(F, "b"), std::vector<std::string>{""});
  EXPECT_EQ(syncOf(F, "c"), std::vector<std::string>{""});
}

TEST(SyncPoints, AFlagSetUnderALockInANestedBlockPublishesTheOuterBlock) {
  TUFacts T = extract(R"cpp(
#include <mutex>
std::mutex m;
bool done;
long result, late;
void f() {
  result = 42;
  {
    std::lock_guard<std::mutex> g(m);
    done = true;
  }
  late = 1;
}
void unlocked() {
  result = 42;
  done = true;
}
)cpp");
  EXPECT_EQ(syncOf(fn(T, "f"), "result"), std::vector<std::string>{"then done = 1 under m"});
  EXPECT_EQ(syncOf(fn(T, "f"), "late"), std::vector<std::string>{""});
  // Without the lock, the store publishes nothing (the flag itself races).
  EXPECT_EQ(syncOf(fn(T, "unlocked"), "result"), std::vector<std::string>{""});
}

TEST(SyncPoints, ThePipesEndsAreOneObjectAndALocalFdIsNone) {
  TUFacts T = extract(R"cpp(
#include <unistd.h>
int fds[2];
long x, y;
void writer(int local) {
  char c = 0;
  x = 1;
  (void)write(fds[1], &c, 1);
  y = 1;
  (void)write(local, &c, 1);
}
void reader() {
  char c;
  if (read(fds[0], &c, 1) == 1)
    x++;
}
)cpp");
  std::vector<std::string> X = syncOf(fn(T, "writer"), "x");
  ASSERT_EQ(X.size(), 1u);
  EXPECT_EQ(X[0], "then write(fds[1], &c, 1)");  // the write to `local` is no channel
  EXPECT_EQ(syncOf(fn(T, "writer"), "y"), std::vector<std::string>{""});
  const AccessFact &W = fn(T, "writer").accesses.front();
  const AccessFact *R = nullptr;
  for (const AccessFact &A : fn(T, "reader").accesses)
    if (A.path == "x")
      R = &A;
  ASSERT_TRUE(R);
  EXPECT_EQ(syncOf(fn(T, "reader"), "x"), std::vector<std::string>{"after read(fds[0], &c, 1)"});
  EXPECT_TRUE(llvm::any_of(R->conditions, [&](const ConditionFact &C) {
    return C.location == W.signalsAfter[0].location;
  }));
}

TEST(SyncPoints, AnElementOfAnArrayOfSemaphoresIsNoKnownObject) {
  TUFacts T = extract(R"cpp(
#include <semaphore.h>
#include <unistd.h>
sem_t done[4];
int fds[3];
long result;
void f(int i) {
  result = 1;
  sem_post(&done[i]);  // which one is not known: another thread's wait may be on another
  (void)write(fds[2], "x", 1);  // not the two ends of a pipe
}
)cpp");
  EXPECT_EQ(syncOf(fn(T, "f"), "result"), std::vector<std::string>{""});
}

TEST(SyncPoints, PromiseAndFutureOfOneTypeAreOneChannel) {
  TUFacts T = extract(R"cpp(
#include <future>
long port;
void server(std::promise<void> &ready) {
  port = 8080;
  ready.set_value();
}
void client(std::shared_future<void> go, std::future<int> other) {
  go.wait();
  long p = port;
  (void)p;
  (void)other.get();
}
)cpp");
  const FunctionFact &S = fn(T, "server");
  const AccessFact &Port = S.accesses.front();
  ASSERT_EQ(Port.path, "port");
  ASSERT_EQ(Port.signalsAfter.size(), 1u);
  EXPECT_EQ(Port.signalsAfter[0].location, "sync:future<void>");
  const FunctionFact &C = fn(T, "client");
  std::vector<std::string> Seen;
  const AccessFact *Read = nullptr;
  for (const AccessFact &A : C.accesses)
    if (A.path == "port")
      Read = &A;
  ASSERT_TRUE(Read);
  for (const ConditionFact &X : Read->conditions)
    if (onSyncObject(X))
      Seen.push_back(X.location);
  EXPECT_EQ(Seen, std::vector<std::string>{"sync:future<void>"});  // not future<int>, read later
}

TEST(SyncPoints, BarrierPhasesAreCountedUntilALoopPassesOne) {
  TUFacts T = extract(R"cpp(
#include <pthread.h>
pthread_barrier_t b;
long p0, p1, p2, inLoop, after;
void f(int n) {
  p0 = 1;
  pthread_barrier_wait(&b);
  p1 = 1;
  pthread_barrier_wait(&b);
  p2 = 1;
  for (int i = 0; i < n; i++) {
    inLoop = 1;
    pthread_barrier_wait(&b);
  }
  after = 1;
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  auto Phase = [&](llvm::StringRef Path) -> std::string {
    for (const AccessFact &A : F.accesses)
      if (A.path == Path)
        for (const ConditionFact &C : A.conditions)
          if (llvm::StringRef(C.location).starts_with("phase:"))
            return C.value;
    return "unknown";
  };
  EXPECT_EQ(Phase("p0"), "0");
  EXPECT_EQ(Phase("p1"), "1");
  EXPECT_EQ(Phase("p2"), "2");
  EXPECT_EQ(Phase("inLoop"), "unknown");
  EXPECT_EQ(Phase("after"), "unknown");
}

TEST(SyncPoints, AConditionVariablesPredicateHoldsAfterItsWait) {
  TUFacts T = extract(R"cpp(
#include <condition_variable>
#include <mutex>
std::mutex m;
std::condition_variable cv;
bool done;
long result;
void f() {
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [] { return done; });
  long r = result;
  (void)r;
}
)cpp");
  const AccessFact &R = fn(T, "f").accesses.back();
  ASSERT_EQ(R.path, "result");
  std::vector<std::string> Texts;
  for (const ConditionFact &C : R.conditions)
    Texts.push_back(C.text);
  EXPECT_EQ(Texts, (std::vector<std::string>{"after taking 'm'", "done != 0"}));
}

TEST(SyncPoints, TheRoutineOfPthreadOnceRunsAsACallHoldingTheFlag) {
  TUFacts T = extract(R"cpp(
#include <pthread.h>
pthread_once_t once = PTHREAD_ONCE_INIT;
int table[4];
void build(void) { table[0] = 1; }
int lookup(int i) {
  pthread_once(&once, build);
  return table[i];
}
)cpp");
  const FunctionFact &L = fn(T, "lookup");
  const CallFact *Run = nullptr;
  for (const CallFact &C : L.calls)
    if (C.callee == "build")
      Run = &C;
  ASSERT_NE(Run, nullptr);
  EXPECT_EQ(Run->calleeUsr, fn(T, "build").usr);
  ASSERT_EQ(Run->locks.size(), 1u);
  EXPECT_TRUE(llvm::StringRef(Run->locks[0].id).starts_with("once:sync:"));
  EXPECT_EQ(Run->locks[0].name, "pthread_once(&once, build)");
  ASSERT_EQ(Run->signalsAfter.size(), 1u);
  EXPECT_EQ(Run->signalsAfter[0].text, "the return of pthread_once(&once, build)");
  // The library call itself is still there, for the other rules.
  EXPECT_TRUE(llvm::any_of(L.calls, [](const CallFact &C) { return C.callee == "pthread_once"; }));
  EXPECT_EQ(syncOf(L, "table[]"), std::vector<std::string>{"after pthread_once(&once, build)"});
}

TEST(SyncPoints, AFunctionLocalStaticsInitialiserRunsOnceAndIsWaitedFor) {
  TUFacts T = extract(R"cpp(
int squares[8];
int fill() { squares[1] = 1; return 8; }
int square(int i) {
  static const int n = fill();
  thread_local const int mine = fill();
  return squares[i % n % mine];
}
)cpp");
  const FunctionFact &S = fn(T, "square");
  const CallFact *Once = nullptr, *PerThread = nullptr;
  for (const CallFact &C : S.calls)
    if (C.callee == "fill")
      (Once ? PerThread : Once) = &C;
  ASSERT_NE(PerThread, nullptr);
  ASSERT_EQ(Once->locks.size(), 1u);
  EXPECT_EQ(Once->locks[0].name, "the initialisation of 'n'");
  ASSERT_EQ(Once->signalsAfter.size(), 1u);
  EXPECT_EQ(Once->signalsAfter[0].text, "the end of the initialisation of 'n'");
  // A thread_local is initialised by each thread: it excludes and publishes nothing.
  EXPECT_TRUE(PerThread->locks.empty());
  EXPECT_TRUE(PerThread->signalsAfter.empty());
  EXPECT_EQ(syncOf(S, "squares[]"), std::vector<std::string>{"after the initialisation of 'n'"});
}

}  // namespace
}  // namespace concurlint
