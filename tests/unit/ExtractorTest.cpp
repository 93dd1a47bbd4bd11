#include "CoroPrelude.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint {
namespace {

using test::extract;
using test::lineOf;

const FunctionFact *find(const TUFacts &T, llvm::StringRef Name) {
  for (const FunctionFact &F : T.functions)
    if (F.name == Name)
      return &F;
  return nullptr;
}

const CallFact *call(const FunctionFact &F, llvm::StringRef Callee) {
  for (const CallFact &C : F.calls)
    if (C.callee == Callee)
      return &C;
  return nullptr;
}

TEST(Extractor, CoroutinesAndTheirCalls) {
  TUFacts T = extract(std::string(CoroPrelude) + R"cpp(
namespace app {
Task work() {
  std::this_thread::sleep_for(std::chrono::seconds(2));
  co_return;
}
void plain() { ::sleep(1); }
}
)cpp");
  const FunctionFact *Work = find(T, "app::work");
  ASSERT_NE(Work, nullptr);
  EXPECT_TRUE(Work->isCoroutine);
  EXPECT_EQ(Work->coroutineType, "Task");
  const CallFact *Sleep = call(*Work, "std::this_thread::sleep_for");
  ASSERT_NE(Sleep, nullptr);
  EXPECT_TRUE(Sleep->resultDiscarded);
  EXPECT_FALSE(Sleep->inMacro);
  ASSERT_EQ(Sleep->args.size(), 1u);
  EXPECT_EQ(Sleep->args[0], "std::chrono::seconds(2)");
  EXPECT_EQ(Sleep->span.column, 3u);
  EXPECT_EQ(Sleep->span.length,
            std::string("std::this_thread::sleep_for(std::chrono::seconds(2))").size());

  const FunctionFact *Plain = find(T, "app::plain");
  ASSERT_NE(Plain, nullptr);
  EXPECT_FALSE(Plain->isCoroutine);
  ASSERT_NE(call(*Plain, "sleep"), nullptr);

  // System headers contribute no functions; the main file is recorded with a hash.
  for (const FunctionFact &F : T.functions)
    EXPECT_EQ(F.span.file, T.mainFile) << F.name;
  ASSERT_FALSE(T.files.empty());
  EXPECT_EQ(T.files.front().path, T.mainFile);
}

TEST(Extractor, MemberCallsRecordTheObjectClassWithoutTemplateArguments) {
  TUFacts T = extract(std::string(CoroPrelude) + R"cpp(
#include <sstream>
#include <fstream>
#include <string>
int f(std::future<int> &fut, std::mutex &m, std::ifstream &in, std::istringstream &ss) {
  m.lock();
  std::string line;
  std::getline(in, line);
  std::getline(ss, line);
  fut.wait();
  return fut.get();
}
)cpp");
  const FunctionFact *F = find(T, "f");
  ASSERT_NE(F, nullptr);
  const CallFact *Get = call(*F, "std::future::get");
  ASSERT_NE(Get, nullptr);
  EXPECT_TRUE(Get->isMember);
  EXPECT_EQ(Get->objectType, "std::future");
  EXPECT_FALSE(Get->resultDiscarded);  // its value is returned
  bool SawWait = false;
  for (const CallFact &C : F->calls)
    if (C.callee.ends_with("::wait")) {
      SawWait = true;
      EXPECT_EQ(C.objectType, "std::future");  // declared in a base class, called on a future
    }
  EXPECT_TRUE(SawWait);
  std::vector<std::string> GetlineObjects;
  for (const CallFact &C : F->calls)
    if (C.callee == "std::getline")
      GetlineObjects.push_back(C.objectType);
  EXPECT_EQ(GetlineObjects,
            (std::vector<std::string>{"std::basic_ifstream", "std::basic_istringstream"}));
  EXPECT_EQ(call(*F, "std::mutex::lock")->objectType, "std::mutex");
}

TEST(Extractor, LambdaBodiesAreTheirOwnFunctions) {
  TUFacts T = extract(std::string(CoroPrelude) + R"cpp(
Task outer() {
  std::thread([] { ::usleep(1); }).detach();
  auto now = [] { ::usleep(2); };
  now();
  co_return;
}
)cpp");
  const FunctionFact *Outer = find(T, "outer");
  ASSERT_NE(Outer, nullptr);
  EXPECT_EQ(call(*Outer, "usleep"), nullptr) << "a lambda's calls leaked into its parent";
  int Lambdas = 0;
  for (const FunctionFact &F : T.functions)
    if (llvm::StringRef(F.name).starts_with("lambda at ")) {
      ++Lambdas;
      EXPECT_FALSE(F.isCoroutine);
      EXPECT_NE(call(F, "usleep"), nullptr);
    }
  EXPECT_EQ(Lambdas, 2);
  // The call of `now` is a call of the lambda's operator(), so blocking can flow through it.
  const CallFact *CallNow = call(*Outer, "outer::(lambda)::operator()");
  ASSERT_NE(CallNow, nullptr);
  EXPECT_FALSE(CallNow->calleeUsr.empty());
}

TEST(Extractor, RaiiLockersAreConstructions) {
  TUFacts T = extract(std::string(CoroPrelude) + R"cpp(
std::mutex m;
void g() { std::lock_guard<std::mutex> guard(m); }
)cpp");
  const FunctionFact *G = find(T, "g");
  ASSERT_NE(G, nullptr);
  const CallFact *Ctor = call(*G, "std::lock_guard::lock_guard");
  ASSERT_NE(Ctor, nullptr);
  EXPECT_TRUE(Ctor->isConstruction);
  EXPECT_EQ(Ctor->objectType, "std::lock_guard");
}

TEST(Extractor, CallsThroughMacrosAreMarked) {
  std::string Code = std::string(CoroPrelude) + R"cpp(
#define NAP() ::usleep(10)
void h() { NAP(); }
)cpp";
  TUFacts T = extract(Code);
  const FunctionFact *H = find(T, "h");
  ASSERT_NE(H, nullptr);
  const CallFact *C = call(*H, "usleep");
  ASSERT_NE(C, nullptr);
  EXPECT_TRUE(C->inMacro);
  EXPECT_EQ(C->span.line, lineOf(Code, "void h"));  // where NAP() is written, not its definition
}

TEST(Extractor, TemplateInstantiationsAndCoroutineTemplates) {
  TUFacts T = extract(std::string(CoroPrelude) + R"cpp(
template <class F> void run_now(F f) { f(); }
template <class T> Task generic(T t) { ::usleep(t); co_return; }
void use() { run_now([] { ::sleep(1); }); generic(5); }
)cpp");
  bool InstanceCallsLambda = false, GenericIsCoroutine = false;
  for (const FunctionFact &F : T.functions) {
    if (F.name == "run_now")
      for (const CallFact &C : F.calls)
        InstanceCallsLambda |= llvm::StringRef(C.callee).ends_with("(lambda)::operator()");
    if (F.name == "generic")
      GenericIsCoroutine |= F.isCoroutine && call(F, "usleep") != nullptr;
  }
  EXPECT_TRUE(InstanceCallsLambda);
  EXPECT_TRUE(GenericIsCoroutine);
}

}  // namespace
}  // namespace concurlint
