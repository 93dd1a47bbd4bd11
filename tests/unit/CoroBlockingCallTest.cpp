#include "CoroPrelude.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::lineOf;
using test::lint;

std::vector<unsigned> lines(const std::vector<Finding> &Findings) {
  std::vector<unsigned> Out;
  for (const Finding &F : Findings)
    if (F.rule == "coro-blocking-call")
      Out.push_back(F.where.line);
  return Out;
}

TEST(CoroBlockingCall, AcrossTranslationUnitsWithNotesDownTheChain) {
  std::string A = std::string(CoroPrelude) + R"cpp(
void wait_a_bit();
Task poll_server() {
  wait_a_bit();
  co_return;
}
)cpp";
  std::string B = R"cpp(
#include <unistd.h>
static void nap() { ::usleep(100); }
void wait_a_bit() { nap(); }
)cpp";
  // Alone, a.cpp cannot know that wait_a_bit blocks.
  EXPECT_TRUE(lines(lint({{"a.cpp", A}})).empty());

  std::vector<Finding> Found = lint({{"a.cpp", A}, {"b.cpp", B}});
  ASSERT_EQ(lines(Found), std::vector<unsigned>{lineOf(A, "  wait_a_bit();")});
  const Finding &F = Found.front();
  EXPECT_NE(F.message.find("'wait_a_bit'"), std::string::npos) << F.message;
  EXPECT_NE(F.message.find("'usleep'"), std::string::npos) << F.message;
  ASSERT_EQ(F.notes.size(), 2u);
  EXPECT_EQ(F.notes[0].message, "'wait_a_bit' calls 'nap' here");
  EXPECT_EQ(F.notes[0].where.line, lineOf(B, "void wait_a_bit"));
  EXPECT_EQ(F.notes[1].message, "'nap' calls blocking function 'usleep' here");
  EXPECT_EQ(F.notes[1].where.line, lineOf(B, "static void nap"));
  EXPECT_TRUE(F.fixes.empty());
}

TEST(CoroBlockingCall, WhatRunsElsewhereOrIsOnlyReferencedIsNotReported) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
void blocker() { ::sleep(1); }
Task spawns() {
  std::thread([] { ::sleep(1); }).detach();
  std::thread t(blocker);
  t.detach();
  void (*later)() = &blocker;
  (void)later;
  co_return;
}
void not_a_coroutine() { blocker(); ::sleep(1); }
)cpp";
  EXPECT_TRUE(lines(lint({{"a.cpp", Code}})).empty());
}

TEST(CoroBlockingCall, LambdasCalledInTheCoroutineAreFollowed) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
Task runs_lambda() {
  auto nap = [] { ::usleep(5); };
  nap();
  co_return;
}
)cpp";
  EXPECT_EQ(lines(lint({{"a.cpp", Code}})), std::vector<unsigned>{lineOf(Code, "  nap();")});
}

TEST(CoroBlockingCall, CoroutineCalleesReportInTheirOwnBody) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
Task inner() {
  ::sleep(1);
  co_return;
}
Task outer() {
  inner();
  co_return;
}
)cpp";
  EXPECT_EQ(lines(lint({{"a.cpp", Code}})), std::vector<unsigned>{lineOf(Code, "::sleep(1)")});
}

TEST(CoroBlockingCall, RecursionTerminatesAndTakesTheShortestChain) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
void b(int n);
void a(int n) { if (n) b(n - 1); }
void b(int n) { if (n) a(n - 1); else ::usleep(1); }
Task c() {
  a(3);
  co_return;
}
)cpp";
  std::vector<Finding> Found = lint({{"a.cpp", Code}});
  ASSERT_EQ(lines(Found), std::vector<unsigned>{lineOf(Code, "  a(3);")});
  EXPECT_EQ(Found.front().notes.size(), 2u);  // a → b → usleep
}

TEST(CoroBlockingCall, StreamsAndLockers) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
#include <fstream>
#include <sstream>
#include <string>
std::mutex m;
Task reads(std::ifstream &in, std::istringstream &ss) {
  std::string line;
  std::getline(ss, line);
  std::getline(in, line);
  std::lock_guard<std::mutex> guard(m);
  co_return;
}
)cpp";
  // The guard takes a mutex: not reported (the rule's option report-locks).
  EXPECT_EQ(lines(lint({{"a.cpp", Code}})), (std::vector<unsigned>{lineOf(Code, "std::getline(in")}));
}

TEST(CoroBlockingCall, FixItForTheConcurFrameworkAddsTheInclude) {
  std::string Code = R"cpp(#include <chrono>
#include <coroutine>
#include <thread>
namespace concur {
template <class T = void> struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
}
concur::Task<> fetch() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return;
}
)cpp";
  test::TempDir D;
  std::string Path = D.write("a.cpp", Code);
  std::vector<Finding> Found = lint({{Path, Code}});
  ASSERT_EQ(Found.size(), 1u);
  ASSERT_EQ(Found[0].fixes.size(), 1u);
  const clang::tooling::Replacements &Reps = Found[0].fixes.begin()->second;
  auto Fixed = clang::tooling::applyAllReplacements(Code, Reps);
  ASSERT_TRUE(bool(Fixed));
  EXPECT_NE(Fixed->find("  co_await concur::sleep(std::chrono::milliseconds(5));\n"),
            std::string::npos)
      << *Fixed;
  EXPECT_NE(Fixed->find("#include <concur/sleep.h>\n"), std::string::npos) << *Fixed;
  // The message's advice is the fix itself, not the catalog's generic text.
  EXPECT_NE(Found[0].message.find("use 'co_await concur::sleep(std::chrono::milliseconds(5))' "
                                  "instead"),
            std::string::npos)
      << Found[0].message;
}

TEST(CoroBlockingCall, NoFixWhenTheResultIsUsedOrTheFrameworkIsUnknown) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
Task f() {
  unsigned left = ::sleep(2);
  (void)left;
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
)cpp";
  std::vector<Finding> Found = lint({{"a.cpp", Code}});
  ASSERT_EQ(Found.size(), 2u);
  for (const Finding &F : Found)
    EXPECT_TRUE(F.fixes.empty()) << F.message;
}

}  // namespace
}  // namespace concurlint
