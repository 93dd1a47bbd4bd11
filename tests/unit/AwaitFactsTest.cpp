// The await facts (coro-sequential-await): which statements await one call, in what order, and
// what each reads and writes of the coroutine's variables.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint {
namespace {

using test::extract;

const char *AwaitPrelude = R"cpp(
#include <coroutine>
#include <memory>
#include <string>
#include <utility>
#include <vector>
template <class T> struct Lazy {
  struct promise_type {
    Lazy get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
struct Job {
  struct promise_type {
    Job get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
Lazy<int> get(int);
Job put(int);
)cpp";

const FunctionFact *find(const TUFacts &T, llvm::StringRef Name) {
  for (const FunctionFact &F : T.functions)
    if (F.name == Name && !F.awaits.empty())
      return &F;
  return nullptr;
}

bool has(const std::vector<std::string> &V, const std::string &S) {
  return std::find(V.begin(), V.end(), S) != V.end();
}

TEST(AwaitFacts, StatementsThatAwaitOneCallInBlockOrder) {
  TUFacts T = extract(std::string(AwaitPrelude) + R"cpp(
Lazy<std::pair<int, int>> pair();
struct Event {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  void await_resume();
};
Event ev;
Job shapes(Lazy<int> pending) {
  int a = co_await get(1);
  a = co_await get(2);
  co_await put(a);
  auto [p, q] = co_await pair();
  co_await ev;
  co_await put(3);
  co_await std::move(pending);
  co_await std::suspend_always{};
  int b = co_await get(co_await get(4));
  int c = 1 + co_await get(5);
  co_await put(b + c + p + q);
  {
    co_await put(7);
    co_await put(8);
  }
}
)cpp");
  const FunctionFact *F = find(T, "shapes");
  ASSERT_NE(F, nullptr);
  std::vector<std::pair<std::string, bool>> Seen;
  for (const AwaitFact &A : F->awaits)
    Seen.push_back({A.call, A.follows});
  std::vector<std::pair<std::string, bool>> Expected = {
      {"get(1)", false}, {"get(2)", true},           {"put(a)", true},
      {"pair()", true},  {"put(3)", false},          {"put(b + c + p + q)", false},
      {"put(7)", false}, {"put(8)", true}};
  EXPECT_EQ(Seen, Expected);

  const AwaitFact &First = F->awaits[0], &Assign = F->awaits[1], &Use = F->awaits[2];
  EXPECT_EQ(First.callee, "get");
  EXPECT_FALSE(First.calleeUsr.empty());
  EXPECT_EQ(First.span.line, Use.span.line - 2);
  EXPECT_EQ(First.span.column, 11u);  // the co_await keyword
  EXPECT_EQ(First.span.length, std::string("co_await get(1)").size());
  ASSERT_EQ(First.writes.size(), 1u);  // declares a
  EXPECT_TRUE(First.reads.empty());
  EXPECT_EQ(Assign.writes, First.writes);  // assigns a
  EXPECT_EQ(Use.reads, First.writes);      // reads a
  EXPECT_TRUE(Use.writes.empty());
  // The structured binding's names stand for the object they decompose.
  const AwaitFact &Pair = F->awaits[3], &Sum = F->awaits[5];
  ASSERT_EQ(Pair.writes.size(), 1u);
  EXPECT_TRUE(has(Sum.reads, Pair.writes[0]));
}

TEST(AwaitFacts, WhatTheAwaitedCallsMayChange) {
  TUFacts T = extract(std::string(AwaitPrelude) + R"cpp(
struct Stream {
  Lazy<int> read();
  Lazy<int> peek() const;
};
Lazy<int> fill(std::vector<char> &);
Lazy<int> send(const std::vector<char> &);
Lazy<int> raw(char *, int);
Lazy<int> take(std::string &&);
Lazy<int> share(std::shared_ptr<int>);
template <class F> Lazy<int> run(F f) { f(); co_return 0; }
Job effects(Stream s, const Stream &cs, std::vector<char> buf, std::string str,
            std::shared_ptr<int> sp, std::vector<int> v) {
  co_await fill(buf);
  co_await send(buf);
  co_await raw(buf.data(), 3);
  co_await s.read();
  co_await cs.peek();
  co_await take(std::move(str));
  co_await share(sp);
  int n = 0;
  co_await run([&] { n = 1; });
  co_await get(n);
  co_await get(v[0]);
}
)cpp");
  const FunctionFact *F = find(T, "effects");
  ASSERT_NE(F, nullptr);
  ASSERT_EQ(F->awaits.size(), 10u);
  const auto &A = F->awaits;
  ASSERT_EQ(A[1].reads.size(), 1u);
  std::string Buf = A[1].reads[0];
  EXPECT_EQ(A[0].writes, std::vector<std::string>{Buf});  // non-const reference
  EXPECT_TRUE(A[1].writes.empty());                        // const reference
  EXPECT_EQ(A[2].writes, std::vector<std::string>{Buf});  // char * into its data()
  EXPECT_EQ(A[3].writes.size(), 1u);                       // non-const member: s
  EXPECT_TRUE(A[4].writes.empty());                        // const member
  EXPECT_EQ(A[4].reads.size(), 1u);
  EXPECT_EQ(A[5].writes.size(), 1u);  // moved from
  EXPECT_EQ(A[6].writes.size(), 1u);  // shared_ptr<int>: what it points to
  ASSERT_EQ(A[7].writes.size(), 1u);  // captured by reference
  EXPECT_EQ(A[8].reads, A[7].writes);
  EXPECT_TRUE(A[9].writes.empty());  // v[0] by value: an element read, not a change of v
}

TEST(AwaitFacts, MembersOfThisAndCallableObjects) {
  TUFacts T = extract(std::string(AwaitPrelude) + R"cpp(
Lazy<int> send(const std::string &);
struct Client {
  std::string url_;
  Lazy<int> load();
  Job member() {
    co_await load();
    co_await send(url_);
  }
};
Job callables() {
  int total = 0;
  auto fetch = [](int i) -> Lazy<int> { co_return i; };
  auto add = [&](int i) -> Lazy<int> { total += i; co_return total; };
  co_await fetch(1);
  co_await add(2);
}
)cpp");
  const FunctionFact *M = find(T, "Client::member");
  ASSERT_NE(M, nullptr);
  ASSERT_EQ(M->awaits.size(), 2u);
  EXPECT_EQ(M->awaits[0].callee, "Client::load");
  EXPECT_EQ(M->awaits[0].writes, std::vector<std::string>{"this"});
  EXPECT_EQ(M->awaits[1].reads, std::vector<std::string>{"this.url_"});
  EXPECT_TRUE(locationsOverlap("this", "this.url_"));

  const FunctionFact *C = find(T, "callables");
  ASSERT_NE(C, nullptr);
  ASSERT_EQ(C->awaits.size(), 2u);
  EXPECT_EQ(C->awaits[0].callee, "fetch");      // named as written
  EXPECT_FALSE(C->awaits[0].calleeUsr.empty());  // the lambda's operator()
  EXPECT_TRUE(C->awaits[0].writes.empty());      // captures nothing
  EXPECT_EQ(C->awaits[1].writes.size(), 2u);     // the lambda and total, captured by reference
}

TEST(AwaitFacts, OperatorCoawaitAndTemplates) {
  TUFacts T = extract(std::string(AwaitPrelude) + R"cpp(
struct Plain {};
struct PlainAwaiter {
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  int await_resume();
};
PlainAwaiter operator co_await(Plain);
Plain compute(int);
Job viaOperator() {
  int a = co_await compute(1);
  int b = co_await compute(2);
}
template <class T> Job generic(T t) {
  co_await put(1);
  co_await get(t);
}
Job user() { co_await generic(1); }
)cpp");
  const FunctionFact *F = find(T, "viaOperator");
  ASSERT_NE(F, nullptr);
  ASSERT_EQ(F->awaits.size(), 2u);
  EXPECT_EQ(F->awaits[1].callee, "compute");
  EXPECT_TRUE(F->awaits[1].follows);
  // One instantiation, no pattern: the template's own body has no await facts.
  int WithAwaits = 0;
  for (const FunctionFact &G : T.functions)
    if (G.name == "generic")
      WithAwaits += !G.awaits.empty();
  EXPECT_EQ(WithAwaits, 1);
}

// What a rewrite into one gather needs: the statement with its semicolon, what it does with the
// result, the declared name when its type is the result's, the awaited class.
TEST(AwaitFacts, StatementsFormsAndDeclaredNames) {
  std::string Code = std::string(AwaitPrelude) + R"cpp(
#define AWAIT_PUT(n) co_await put(n)
Job forms() {
  int a = co_await get(1);
  const auto &b = co_await get(2);
  long c = co_await get(3);
  co_await put(4);
  a = co_await get(5);
  AWAIT_PUT(6);
}
)cpp";
  TUFacts T = extract(Code);
  const FunctionFact *F = find(T, "forms");
  ASSERT_NE(F, nullptr);
  ASSERT_EQ(F->awaits.size(), 6u);
  auto Statement = [&](const AwaitFact &A) {
    return Code.substr(A.statement.offset, A.statement.length);
  };
  EXPECT_EQ(Statement(F->awaits[0]), "int a = co_await get(1);");
  EXPECT_EQ(nameOf(F->awaits[0].form), "declare");
  EXPECT_EQ(F->awaits[0].declared, "a");
  EXPECT_EQ(F->awaits[0].awaitedType, "Lazy");
  EXPECT_FALSE(F->awaits[0].resultVoid);
  EXPECT_EQ(F->awaits[1].declared, "b");  // const and reference aside, the result's type
  EXPECT_EQ(nameOf(F->awaits[2].form), "declare");
  EXPECT_EQ(F->awaits[2].declared, "");  // long from int: a conversion
  EXPECT_EQ(Statement(F->awaits[3]), "co_await put(4);");
  EXPECT_EQ(nameOf(F->awaits[3].form), "discard");
  EXPECT_EQ(F->awaits[3].awaitedType, "Job");
  EXPECT_TRUE(F->awaits[3].resultVoid);
  EXPECT_EQ(Statement(F->awaits[4]), "a = co_await get(5);");
  EXPECT_EQ(nameOf(F->awaits[4].form), "assign");
  EXPECT_FALSE(F->awaits[5].statement.valid());  // through a macro: no textual rewrite
}

}  // namespace
}  // namespace concurlint
