// Path facts from the control-flow graph: thread handles still joinable where some path
// destroys them, and mutexes that some path leaves locked.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint {
namespace {

using test::extract;
using test::fn;

/// "how@line" for each exit.
std::vector<std::string> exits(const std::vector<ExitFact> &Exits) {
  std::vector<std::string> Out;
  for (const ExitFact &E : Exits)
    Out.push_back(nameOf(E.how).str() + "@" + std::to_string(E.at.line));
  return Out;
}

TEST(PathFacts, ThreadLeaksOnEachPathKind) {
  TUFacts T = extract(R"cpp(#include <stdexcept>
#include <thread>
void work();
bool stop();
void f(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread t(work);
    if (i == 1) continue;
    if (i == 2) break;
    if (i == 3) return;
    if (i == 4) throw std::runtime_error("x");
    if (i == 5) t.join();
  }
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  ASSERT_EQ(F.threadHandles.size(), 1u);
  std::vector<std::string> Got = exits(F.threadHandles[0].leaks);
  std::sort(Got.begin(), Got.end());
  EXPECT_EQ(Got, (std::vector<std::string>{"break@9", "continue@8", "return@10",
                                           "scope-end@13", "throw@11"}));
  EXPECT_EQ(nameOf(F.threadHandles[0].kind), "std::thread");
  ASSERT_EQ(F.threadHandles[0].jthreadFix.size(), 1u);
  EXPECT_EQ(F.threadHandles[0].jthreadFix[0].text, "std::jthread");
}

TEST(PathFacts, HandedOverThreadsAreNotRecorded) {
  TUFacts T = extract(R"cpp(#include <thread>
#include <vector>
void work();
void take(std::thread &);
std::thread f() { std::thread t(work); return t; }
void g() { std::thread t(work); take(t); }
void h(std::vector<std::thread> &out) { std::thread t(work); out.push_back(std::move(t)); }
void k() { std::thread t(work); auto l = [&t] { t.join(); }; l(); }
)cpp");
  for (const char *Name : {"f", "g", "h", "k"})
    EXPECT_TRUE(fn(T, Name).threadHandles.empty()) << Name;
}

TEST(PathFacts, NoJthreadFixWhenTheCallableMightTakeAStopToken) {
  TUFacts T = extract(R"cpp(#include <thread>
void f() {
  std::thread t([](auto... args) {});
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  ASSERT_EQ(F.threadHandles.size(), 1u);
  EXPECT_TRUE(F.threadHandles[0].jthreadFix.empty());
}

TEST(PathFacts, ManualLockLeaksAndRelocks) {
  TUFacts T = extract(R"cpp(#include <mutex>
std::mutex m;
int x;
void f(int n) {
  for (int i = 0; i < n; ++i) {
    m.lock();
    if (i == 1) continue;
    if (i == 2) return;
    ++x;
    m.unlock();
  }
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  ASSERT_EQ(F.manualLocks.size(), 1u);
  const ManualLockFact &M = F.manualLocks[0];
  EXPECT_EQ(M.lock.name, "m");
  EXPECT_EQ(nameOf(M.api), "member");
  EXPECT_EQ(exits(M.relocks), (std::vector<std::string>{"continue@7"}));
  std::vector<std::string> Leaks = exits(M.leaks);
  std::sort(Leaks.begin(), Leaks.end());
  EXPECT_EQ(Leaks, (std::vector<std::string>{"continue@7", "return@8"}));
  ASSERT_EQ(M.unlocks.size(), 1u);
  EXPECT_EQ(M.unlocks[0].line, 10u);
  EXPECT_TRUE(M.guardFix.empty()) << "a relock: no exact guard rewrite";
}

TEST(PathFacts, AcquirersAndReacquirersAreNotRecorded) {
  TUFacts T = extract(R"cpp(#include <mutex>
std::mutex m;
bool busy;
void acquire() { m.lock(); }
bool try_enter() { m.lock(); if (busy) { m.unlock(); return false; } return true; }
void let_go() { m.unlock(); busy = false; m.lock(); }
)cpp");
  for (const char *Name : {"acquire", "try_enter", "let_go"})
    EXPECT_TRUE(fn(T, Name).manualLocks.empty()) << Name;
}

TEST(PathFacts, GuardFixBracketsTheRegion) {
  TUFacts T = extract(R"cpp(#include <mutex>
std::mutex m;
int x;
void f() {
  m.lock();
  ++x;
  m.unlock();
  x = 0;
}
)cpp");
  const FunctionFact &F = fn(T, "f");
  ASSERT_EQ(F.manualLocks.size(), 1u);
  const std::vector<EditFact> &Fix = F.manualLocks[0].guardFix;
  ASSERT_EQ(Fix.size(), 3u);
  EXPECT_EQ(Fix[0].text, "{\n    std::lock_guard guard(m);");
  EXPECT_EQ(Fix[1].text, "  ");  // ++x; indented
  EXPECT_EQ(Fix[2].text, "}");
  EXPECT_EQ(F.manualLocks[0].guardHeader, "<mutex>");
}

TEST(PathFacts, PthreadCreateWithoutJoinInC) {
  TUFacts T = extract(R"c(#include <pthread.h>
void *work(void *a) { return a; }
void f(void) { pthread_t t; pthread_create(&t, 0, work, 0); }
void g(void) { pthread_t t; pthread_create(&t, 0, work, 0); pthread_join(t, 0); }
)c",
                      "input.c");
  ASSERT_EQ(fn(T, "f").threadHandles.size(), 1u);
  EXPECT_FALSE(fn(T, "f").threadHandles[0].released);
  EXPECT_FALSE(fn(T, "f").threadHandles[0].entryUsr.empty());
  ASSERT_EQ(fn(T, "g").threadHandles.size(), 1u);
  EXPECT_TRUE(fn(T, "g").threadHandles[0].released);
}

}  // namespace
}  // namespace concurlint
