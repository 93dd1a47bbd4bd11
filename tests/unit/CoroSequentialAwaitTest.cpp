// coro-sequential-await: the message, its notes and its advice per framework, the facts of
// other files, and the options.
#include "TestSupport.h"

#include "rules/AllRules.h"
#include "engine/Engine.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint {
namespace {

using test::extract;
using test::lineOf;
using test::lint;

constexpr const char *RuleId = "coro-sequential-await";

/// A lazy task type named `NAME` in namespace `NS`.
std::string taskType(const std::string &NS, const std::string &Name) {
  return "#include <coroutine>\nnamespace " + NS + " {\ntemplate <class T> struct " + Name +
         R"cpp( {
  struct promise_type {
    )cpp" + Name + R"cpp( get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
}
)cpp";
}

std::vector<const Finding *> ofRule(const std::vector<Finding> &Findings) {
  std::vector<const Finding *> Out;
  for (const Finding &F : Findings)
    if (F.rule == RuleId)
      Out.push_back(&F);
  return Out;
}

bool contains(const std::string &Text, const std::string &Part) {
  return Text.find(Part) != std::string::npos;
}

TEST(CoroSequentialAwait, OneFindingPerRunWithNotesAndTheGatherOfConcurTask) {
  std::string Code = taskType("concur", "Task") + R"cpp(
concur::Task<int> a(int);
concur::Task<int> b(int);
concur::Task<int> c(int);
concur::Task<int> load() {
  int x = co_await a(1);
  int y = co_await b(2);
  co_await c(3);
  co_return x + y;
}
)cpp";
  std::vector<Finding> All = lint({{"a.cpp", Code}});
  std::vector<const Finding *> Found = ofRule(All);
  ASSERT_EQ(Found.size(), 1u);
  const Finding &F = *Found.front();
  EXPECT_EQ(F.severity, Severity::Info);
  EXPECT_EQ(F.where.line, lineOf(Code, "int x = co_await"));
  EXPECT_EQ(F.where.column, 11u);
  EXPECT_TRUE(contains(F.message, "3 co_awaits in coroutine 'load' run one after another"))
      << F.message;
  EXPECT_TRUE(contains(F.message, "sum of their times")) << F.message;
  EXPECT_TRUE(contains(F.message, "'co_await concur::gather(a(1), b(2), c(3))'")) << F.message;
  ASSERT_EQ(F.notes.size(), 2u);
  EXPECT_EQ(F.notes[0].where.line, lineOf(Code, "int y = co_await"));
  EXPECT_EQ(F.notes[0].message, "'b(2)' runs only after the previous one finishes");
  EXPECT_EQ(F.notes[1].where.line, lineOf(Code, "  co_await c(3)"));
  EXPECT_TRUE(F.fixes.empty());
}

TEST(CoroSequentialAwait, AdviceFollowsTheFramework) {
  std::string Asio = taskType("asio", "awaitable") + R"cpp(
asio::awaitable<int> a(int);
asio::awaitable<int> b(int);
asio::awaitable<int> both() {
  int x = co_await a(1);
  int y = co_await b(2);
  co_return x + y;
}
)cpp";
  std::vector<Finding> All = lint({{"asio.cpp", Asio}});
  ASSERT_EQ(ofRule(All).size(), 1u);
  const std::string &M = ofRule(All).front()->message;
  EXPECT_TRUE(contains(M, "asio::experimental::make_parallel_group")) << M;
  EXPECT_TRUE(contains(M, "'co_await (a(1) && b(2))'")) << M;

  // An unknown framework: the equivalents of gather, and the calls by name when long.
  std::string Own = taskType("own", "Job") + R"cpp(
own::Job<int> fetch_the_first_page_of_results(int page, const char *query);
own::Job<int> run() {
  int x = co_await fetch_the_first_page_of_results(1, "concurrency in c++");
  int y = co_await fetch_the_first_page_of_results(2, "concurrency in c++");
  co_return x + y;
}
)cpp";
  All = lint({{"own.cpp", Own}});
  ASSERT_EQ(ofRule(All).size(), 1u);
  const std::string &N = ofRule(All).front()->message;
  for (const char *Part : {"cppcoro::when_all", "folly::coro::collectAll", "make_parallel_group",
                           "'co_await concur::gather(fetch_the_first_page_of_results(...), "
                           "fetch_the_first_page_of_results(...))' for concur::Task"})
    EXPECT_TRUE(contains(N, Part)) << Part << "\n" << N;
}

TEST(CoroSequentialAwait, GlobalsOfOtherFilesThroughHelpersAndReferenceParameters) {
  std::string A = taskType("concur", "Task") + R"cpp(
concur::Task<int> record(int id);
concur::Task<int> count();
concur::Task<int> visit(int id) {
  co_await record(id);
  int n = co_await count();
  co_return n;
}
)cpp";
  std::string B = taskType("concur", "Task") + R"cpp(
#include <vector>
std::vector<int> visits;
static void append(std::vector<int> &to, int id) { to.push_back(id); }
concur::Task<int> record(int id) {
  append(visits, id);
  co_return 0;
}
concur::Task<int> count() { co_return static_cast<int>(visits.size()); }
)cpp";
  // Alone, a.cpp cannot know: the callees count as independent by their arguments.
  EXPECT_EQ(ofRule(lint({{"a.cpp", A}})).size(), 1u);
  // With b.cpp: record writes visits (through append's parameter), count reads it.
  EXPECT_TRUE(ofRule(lint({{"a.cpp", A}, {"b.cpp", B}})).empty());
}

TEST(CoroSequentialAwait, OptionsMinAwaitsOrderedCallsAndGather) {
  std::string Code = taskType("own", "Job") + R"cpp(
own::Job<int> a(int);
own::Job<int> b(int);
own::Job<int> pause(int);
own::Job<int> two() {
  int x = co_await a(1);
  int y = co_await b(2);
  co_return x + y;
}
own::Job<int> split() {
  int x = co_await a(1);
  co_await pause(10);
  int y = co_await b(2);
  co_return x + y;
}
)cpp";
  auto Run = [&](const std::string &Options) {
    test::TempDir Dir;
    std::string Config = Dir.write(".concur-lint.yaml", "rules:\n  coro-sequential-await:\n"
                                                        "    options: " +
                                                            Options + "\n");
    std::vector<TUFacts> Units;
    Units.push_back(extract(Code, "a.cpp"));
    std::vector<std::string> Files = {Units.back().mainFile};
    Program P(std::move(Units));
    ConfigResolver Configs(Config, std::nullopt);
    EngineResult R = runRules(P, createAllRules(), Configs, Files);
    EXPECT_TRUE(R.configErrors.empty());
    return R.findings;
  };
  std::vector<Finding> Defaults = lint({{"a.cpp", Code}});
  EXPECT_EQ(ofRule(Defaults).size(), 2u);  // pause is no sleep to the default globs

  std::vector<Finding> Three = Run("{min-awaits: 3}");  // split's three awaits only
  ASSERT_EQ(ofRule(Three).size(), 1u);
  EXPECT_EQ(ofRule(Three).front()->where.line,
            lineOf(Code, "int x = co_await a(1);\n  co_await pause"));

  std::vector<Finding> Paused = Run("{ordered-calls: \"pause, *sleep*\"}");
  ASSERT_EQ(ofRule(Paused).size(), 1u);
  EXPECT_EQ(ofRule(Paused).front()->where.line, lineOf(Code, "int x = co_await a(1);\n  int y"));

  std::vector<Finding> Own = Run("{gather: \"co_await own::all({calls})\"}");
  ASSERT_EQ(ofRule(Own).size(), 2u);
  EXPECT_TRUE(contains(ofRule(Own).front()->message, "'co_await own::all(a(1), b(2))'"))
      << ofRule(Own).front()->message;
}

}  // namespace
}  // namespace concurlint
