// The path facts the lock-set walk adds to accesses and calls: the tests of globals and
// parameters against constants that hold on every path, noreturn calls that end a path, and what
// is evaluated only on the way to a crash.
#include "TestSupport.h"

#include "llvm/ADT/StringExtras.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint {
namespace {

using test::extract;
using test::fn;

/// The conditions of the accesses to `Path`, one string per access: "a == 1 & b != 0".
std::vector<std::string> conditionsOf(const FunctionFact &F, llvm::StringRef Path) {
  std::vector<std::string> Out;
  for (const AccessFact &A : F.accesses) {
    if (A.path != Path)
      continue;
    std::vector<std::string> Texts;
    for (const ConditionFact &C : A.conditions)
      Texts.push_back(C.text);
    std::sort(Texts.begin(), Texts.end());
    Out.push_back(llvm::join(Texts, " & "));
  }
  return Out;
}

const CallFact &callTo(const FunctionFact &F, llvm::StringRef Callee) {
  for (const CallFact &C : F.calls)
    if (C.callee == Callee)
      return C;
  ADD_FAILURE() << "no call to " << Callee.str();
  static CallFact None;
  return None;
}

const char *Prelude = R"cpp(
#include <cassert>
#include <cstdlib>
enum Mode { IDLE, READ, WRITE };
int mode;
int hits;
struct Server { int state; long served; } server;
void fatal(const char *) __attribute__((noreturn));
void report(void);
void work(void);
)cpp";

TEST(PathConditions, TestsOfGlobalsHoldInTheirArmsAndAfterEarlyExits) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f() {
  if (mode == READ)
    hits++;
  if (mode != IDLE)
    return;
  hits++;
  if (!server.state && mode == IDLE)
    hits++;
}
)cpp");
  EXPECT_EQ(conditionsOf(fn(T, "f"), "hits"),
            (std::vector<std::string>{"mode == READ", "mode == IDLE",
                                      "mode == IDLE & server.state == 0"}));
}

TEST(PathConditions, AssertionsAndAssignmentsLeaveWhatTheyEstablish) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f() {
  assert(mode == IDLE);
  hits++;
  mode = WRITE;
  hits++;
  mode = rand();
  hits++;
}
)cpp");
  EXPECT_EQ(conditionsOf(fn(T, "f"), "hits"),
            (std::vector<std::string>{"mode == IDLE", "mode == WRITE", ""}));
}

TEST(PathConditions, ParametersAndConstantArguments) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void close_client(int async, void (*done)(void)) {
  if (async)
    hits++;
  if (done)
    done();
}
void g() { close_client(1, nullptr); close_client(hits, report); }
)cpp");
  EXPECT_EQ(conditionsOf(fn(T, "close_client"), "hits"),
            (std::vector<std::string>{"async != 0"}));
  const FunctionFact &G = fn(T, "g");
  ASSERT_EQ(G.calls.size(), 2u);
  EXPECT_EQ(G.calls[0].argConstants, (std::vector<std::string>{"1", "0"}));
  EXPECT_TRUE(G.calls[1].argConstants.empty());
}

TEST(PathConditions, NoreturnCallsEndPathsAndMarkTheWayToACrash) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f(int bad) {
  if (bad) {
    report();
    abort();
  }
  work();
  if (mode == WRITE) {
    hits++;
    exit(1);
  }
  hits++;
}
void die() { report(); abort(); }
void g() { fatal("x"); }
)cpp");
  const FunctionFact &F = fn(T, "f");
  EXPECT_TRUE(callTo(F, "report").crashes);
  EXPECT_TRUE(callTo(F, "abort").crashes);
  EXPECT_FALSE(callTo(F, "work").crashes);
  EXPECT_FALSE(callTo(F, "exit").crashes);  // an orderly exit is no crash
  // The abort and the exit end their paths: after the ifs, bad is 0 and mode is not WRITE.
  EXPECT_EQ(conditionsOf(F, "hits"),
            (std::vector<std::string>{"bad == 0 & mode == WRITE", "bad == 0 & mode != WRITE"}));
  for (const AccessFact &A : F.accesses)
    EXPECT_FALSE(A.crashes) << A.path;
  EXPECT_FALSE(F.alwaysCrashes);
  EXPECT_TRUE(fn(T, "die").alwaysCrashes);
  EXPECT_TRUE(callTo(fn(T, "g"), "fatal").crashes);  // declared noreturn, defined elsewhere
}

TEST(PathConditions, ACallFollowedByUnreachableIsACrash) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void _serverAssert(const char *);
#define serverAssert(e) ((e) ? (void)0 : (_serverAssert(#e), __builtin_unreachable()))
void f() {
  serverAssert(mode == READ);
  hits++;
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  EXPECT_TRUE(callTo(F, "_serverAssert").crashes);
  EXPECT_EQ(conditionsOf(F, "hits"), (std::vector<std::string>{"mode == READ"}));
  for (const AccessFact &A : F.accesses)
    EXPECT_FALSE(A.crashes) << A.path;  // the test itself is made on every path
}

TEST(PathConditions, LoopsAndLabelsForgetWhatAnotherWayInChanges) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f(int op) {
  mode = IDLE;
  while (server.served < 10) {
    if (mode == IDLE)
      server.served++;
    mode = READ;
  }
  if (mode != READ)
    goto out;
  server.served++;
out:
  server.served++;
  if (mode == WRITE) {
    switch (op) {
    case 1:
      server.served++;
      break;
    }
  }
}
)cpp");
  EXPECT_EQ(conditionsOf(fn(T, "f"), "server.served"),
            (std::vector<std::string>{"", "mode == IDLE", "mode == READ & server.served >= 10", "",
                                      "mode == WRITE"}));
}

TEST(PathConditions, LibraryResultsLoopExitsAndInferredNoreturn) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <pthread.h>
static void give_up(const char *why) { report(); exit(1); }
void f(pthread_t t, int bad) {
  if (pthread_tryjoin_np(t, nullptr) == 0)
    hits++;
  while (mode != IDLE) {
  }
  hits++;
  if (bad)
    give_up("bad");
  hits++;
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  std::vector<std::string> Got = conditionsOf(F, "hits");
  ASSERT_EQ(Got.size(), 3u);
  EXPECT_EQ(Got[0], "pthread_tryjoin_np() == 0");
  EXPECT_EQ(Got[1], "mode == IDLE");  // the loop is left only when its condition is false
  EXPECT_EQ(Got[2], "bad == 0 & mode == IDLE");  // give_up() ends in exit(): it never returns
  EXPECT_FALSE(callTo(F, "give_up").crashes);   // an exit is no crash
}

TEST(PathConditions, ReleaseStoresAndAcquireLoads) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <atomic>
std::atomic<int> ready{0};
std::atomic<int> done{0};
void publish() {
  hits = 42;
  ready.store(1, std::memory_order_release);
  hits++;
  done.store(1, std::memory_order_relaxed);
}
void consume() {
  while (!ready.load(std::memory_order_acquire)) {
  }
  hits++;
  if (done.load(std::memory_order_relaxed) == 1)
    hits++;
}
)cpp");
  const FunctionFact &P = fn(T, "publish");
  ASSERT_GE(P.accesses.size(), 2u);
  ASSERT_EQ(P.accesses[0].signalsAfter.size(), 1u);  // published by the release store
  EXPECT_EQ(P.accesses[0].signalsAfter[0].text, "ready = 1");
  for (size_t I = 1; I < P.accesses.size(); ++I)
    EXPECT_TRUE(P.accesses[I].signalsAfter.empty());  // after it; a relaxed store publishes nothing
  // The loop is left once the acquire load saw a value other than 0; the relaxed load is no test.
  EXPECT_EQ(conditionsOf(fn(T, "consume"), "hits"),
            (std::vector<std::string>{"ready != 0", "ready != 0"}));
}

TEST(PathConditions, ABoundOnACounterSaysItIsNotZero) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <atomic>
std::atomic<int> done;
void f() {
  while (done.load(std::memory_order_acquire) < 8) {
  }
  hits = 1;
  if (mode > 0)
    hits = 2;
  if (0 >= mode)
    return;
  hits = 3;
  if (mode < 0)
    hits = 4;
}
)cpp");
  // Only what a bound says of 0: `< 8` left means >= 8, so not 0; `mode < 0` says nothing.
  EXPECT_EQ(conditionsOf(fn(T, "f"), "hits"),
            (std::vector<std::string>{"done >= 8", "done >= 8 & hits == 1 & mode > 0",
                                      "done >= 8 & mode > 0",
                                      "done >= 8 & hits == 3 & mode > 0"}));
}

TEST(PathConditions, ContradictionsAndTheirSets) {
  auto C = [](std::string Location, std::string Value, bool Equal) {
    ConditionFact X;
    X.location = std::move(Location);
    X.value = std::move(Value);
    X.equal = Equal;
    return X;
  };
  EXPECT_NE(contradiction({C("g", "1", true)}, {C("g", "2", true)}), nullptr);
  EXPECT_NE(contradiction({C("g", "1", true)}, {C("g", "1", false)}), nullptr);
  EXPECT_EQ(contradiction({C("g", "1", true)}, {C("g", "2", false)}), nullptr);
  EXPECT_EQ(contradiction({C("g", "1", false)}, {C("g", "2", false)}), nullptr);
  EXPECT_EQ(contradiction({C("g", "1", true)}, {C("h", "2", true)}), nullptr);
  std::vector<ConditionFact> Set{C("g", "1", true), C("g.f", "0", true), C("gh", "0", true)};
  forgetConditions(Set, "g");
  ASSERT_EQ(Set.size(), 1u);
  EXPECT_EQ(Set[0].location, "gh");
}

}  // namespace
}  // namespace concurlint
