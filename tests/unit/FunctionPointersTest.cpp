// The points-to analysis of function values (engine/FunctionPointers.h) and the thread starts it
// resolves (engine/ThreadStarts.h): what a place may hold, where a call through a pointer goes,
// and which functions of the program start threads for their callers.
#include "TestSupport.h"

#include "engine/Program.h"
#include "engine/ThreadStarts.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::extract;
using test::fn;

/// The names of the functions a call of `Caller` may run, for the `Index`-th call through a
/// pointer or a callable (or a virtual call).
std::vector<std::string> targetsOf(const Program &P, llvm::StringRef Caller, size_t Index = 0) {
  for (const FunctionFact *F : P.functions()) {
    if (F->name != Caller)
      continue;
    size_t Seen = 0;
    for (const CallFact &C : F->calls) {
      if (C.via.empty() && !C.virtualCall)
        continue;
      if (Seen++ != Index)
        continue;
      std::vector<std::string> Names;
      for (const FunctionFact *T : P.callees(C))
        Names.push_back(T->name);
      std::sort(Names.begin(), Names.end());
      return Names;
    }
  }
  ADD_FAILURE() << "no such call in " << Caller.str();
  return {};
}

/// "caller -> entry, entry (through wrapper)" for each thread start.
std::vector<std::string> starts(const Program &P) {
  ThreadStarts S(P, [](llvm::StringRef) -> const ThreadCatalog & {
    return builtinThreadCatalog();
  });
  std::vector<std::string> Out;
  for (const ThreadStart &T : S.starts()) {
    std::string Line = T.caller->name + " ->";
    for (const std::string &E : T.entries)
      Line += " " + P.function(E)->name;
    if (T.wrapper)
      Line += " (through " + T.wrapper->name + ")";
    Out.push_back(Line);
  }
  return Out;
}

std::vector<TUFacts> one(const std::string &Code, const std::string &Name = "input.c") {
  std::vector<TUFacts> Units;
  Units.push_back(extract(Code, Name));
  return Units;
}

TEST(FunctionPointers, FieldsVariablesArraysAndResults) {
  Program P(one(R"c(
struct ops { void (*run)(void); void (*stop)(void); };
static void a(void) {}
static void b(void) {}
static void c(void) {}
static void d(void) {}
static const struct ops table = { .run = a, .stop = b };
static void (*hook)(void);
static void (*list[])(void) = { c, d };
static void (*pick(void))(void) { return d; }
void call_all(struct ops *o) {
  o->run();
  hook();
  list[1]();
  void (*f)(void) = pick();
  f();
  (*o->stop)();
}
void install(void) { hook = c; }
)c"));
  EXPECT_EQ(targetsOf(P, "call_all", 0), (std::vector<std::string>{"a"}));
  EXPECT_EQ(targetsOf(P, "call_all", 1), (std::vector<std::string>{"c"}));
  EXPECT_EQ(targetsOf(P, "call_all", 2), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(targetsOf(P, "call_all", 3), (std::vector<std::string>{"d"}));
  EXPECT_EQ(targetsOf(P, "call_all", 4), (std::vector<std::string>{"b"}));
}

TEST(FunctionPointers, CallbackParametersThroughCallsAndIndirectCalls) {
  Program P(one(R"c(
typedef void (*cb_t)(int);
static void on_read(int x) { (void)x; }
static void on_write(int x) { (void)x; }
static void dispatch(cb_t cb, int x) { cb(x); }
static void relay(cb_t cb) { dispatch(cb, 1); }
static void (*relay_ptr)(cb_t) = relay;
void run(void) { relay(on_read); relay_ptr(on_write); }
)c"));
  EXPECT_EQ(targetsOf(P, "dispatch"), (std::vector<std::string>{"on_read", "on_write"}));
  EXPECT_EQ(targetsOf(P, "run"), (std::vector<std::string>{"relay"}));
}

TEST(FunctionPointers, UnresolvedCallsFallBackToTheCalledType) {
  Program P(one(R"c(
typedef int (*handler)(const char *);
struct slot { handler h; };
static int one(const char *s) { return s[0]; }
static int two(const char *s) { return s[1]; }
static long other(long x) { return x; }
void registry(handler *out) { out[0] = one; out[1] = two; }
long take(void) { return other(1); }
int fire(struct slot **s) { long (*keep)(long) = other; (void)keep; return (**s).h("x"); }
)c"));
  // `(**s).h` is a field no flow stores into: the functions of its type whose address is taken.
  EXPECT_EQ(targetsOf(P, "fire"), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(P.functionPointers().stats().byType, 1u);
}

TEST(FunctionPointers, VirtualCallsStdFunctionAndContainers) {
  Program P(one(R"cpp(
#include <functional>
#include <vector>
struct Task { virtual ~Task() = default; virtual void run() = 0; };
struct Parse : Task { void run() override {} };
struct Emit : Parse { void run() override {} };
void go(Task &t) { t.run(); }
void job() {}
void drain(std::vector<std::function<void()>> &jobs) {
  jobs.push_back(job);
  jobs.push_back([] {});
  for (auto &j : jobs) j();
}
)cpp", "input.cpp"));
  EXPECT_EQ(targetsOf(P, "go"), (std::vector<std::string>{"Emit::run", "Parse::run"}));
  std::vector<std::string> Drain = targetsOf(P, "drain");
  ASSERT_EQ(Drain.size(), 2u);
  EXPECT_EQ(Drain[0], "job");
  EXPECT_TRUE(llvm::StringRef(Drain[1]).starts_with("lambda at input.cpp:11"));
}

TEST(ThreadStarts, WrappersAtAnyDepthAreBoundAtTheirCallSites) {
  Program P(one(R"c(
#include <pthread.h>
typedef void *(*entry_t)(void *);
static void *worker(void *a) { return a; }
static void *logger(void *a) { return a; }
static int spawn2(pthread_t *t, entry_t e, void *arg) { return pthread_create(t, 0, e, arg); }
static int spawn1(pthread_t *t, entry_t e) { return spawn2(t, e, 0); }
static void create_worker(entry_t fn, void *arg) {
  pthread_t t;
  pthread_create(&t, 0, fn, arg);
}
int main(void) {
  pthread_t a;
  spawn1(&a, worker);
  create_worker(logger, 0);
  pthread_join(a, 0);
  return 0;
}
)c"));
  EXPECT_EQ(starts(P), (std::vector<std::string>{"main -> worker (through spawn1)",
                                                  "main -> logger (through create_worker)"}));
}

TEST(ThreadStarts, EntriesHeldInFieldsAndCallables) {
  Program P(one(R"cpp(
#include <functional>
#include <thread>
struct Service { void (*main)(); };
void serve() {}
void tick() {}
int main() {
  Service s{serve};
  std::thread a(s.main);
  std::function<void()> f = tick;
  std::thread b(f);
  a.join();
  b.join();
}
)cpp", "input.cpp"));
  EXPECT_EQ(starts(P), (std::vector<std::string>{"main -> serve", "main -> tick"}));
}

TEST(ThreadStarts, JoinHelpersAndFieldHandles) {
  // A helper joining the handle it is given, and one joining the handle kept in a field, are
  // joins: nothing after them runs alongside the thread.
  std::vector<Finding> Found = test::lint({{"input.c", R"c(
#include <pthread.h>
#include <stdlib.h>
long counter;
typedef struct Job { pthread_t tid; } Job;
static void *work(void *a) { counter++; return a; }
static void wait_for(pthread_t t) { pthread_join(t, 0); }
static Job *job_start(void) {
  Job *j = (Job *)malloc(sizeof *j);
  pthread_create(&j->tid, 0, work, 0);
  return j;
}
static void job_join(Job *j) { pthread_join(j->tid, 0); free(j); }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  wait_for(t);
  counter = 1;
  Job *j = job_start();
  job_join(j);
  counter = 2;
  return 0;
}
)c"}});
  for (const Finding &F : Found)
    EXPECT_NE(F.rule, "race-shared-global") << F.message;
}

// Two executables of one compile database share an event loop's file: a call through its
// pointer leads only into the code of the executable that runs it, and a function each defines
// (`fatal`) is that executable's own. A file no `main` reaches may run in any of them.
TEST(Executables, ACallThroughASharedFilesPointerStaysInItsExecutable) {
  const std::string Loop = "struct loop { void (*before)(struct loop *); };\n"
                           "void fatal(const char *why);\n"
                           "void loop_run(struct loop *l) { l->before(l); fatal(\"x\"); }\n";
  const std::string Decls = "struct loop { void (*before)(struct loop *); };\n"
                            "void loop_run(struct loop *l);\n";
  std::vector<TUFacts> Units;
  Units.push_back(extract(Loop, "loop.c"));
  Units.push_back(extract(Decls + "void server_hook(struct loop *l);\n"
                                  "static void before_sleep(struct loop *l) { (void)l; }\n"
                                  "void fatal(const char *why) { (void)why; }\n"
                                  "int main(void) { struct loop l = {before_sleep};\n"
                                  "  l.before = server_hook; loop_run(&l); return 0; }\n",
                          "server.c"));
  Units.push_back(extract("struct loop;\nvoid server_hook(struct loop *l) { (void)l; }\n",
                          "hook.c"));
  Units.push_back(extract(Decls + "static void count(struct loop *l) { (void)l; }\n"
                                  "void fatal(const char *why) { (void)why; }\n"
                                  "int main(void) { struct loop l = {count}; loop_run(&l);\n"
                                  "  return 0; }\n",
                          "bench.c"));
  Units.push_back(extract("void spare(void) {}\n", "spare.c"));
  Program P(std::move(Units));
  const Executables &E = P.executables();
  EXPECT_EQ(E.count(), 2u);
  auto In = [&](llvm::StringRef Name, llvm::StringRef File) -> const FunctionFact & {
    for (const FunctionFact *F : P.functions())
      if (F->name == Name && llvm::StringRef(F->span.file).ends_with(File))
        return *F;
    ADD_FAILURE() << "no " << Name.str() << " in " << File.str();
    return *P.functions().front();
  };
  const FunctionFact &Run = In("loop_run", "loop.c"), &Before = In("before_sleep", "server.c"),
                     &Hook = In("server_hook", "hook.c"), &Count = In("count", "bench.c"),
                     &ServerFatal = In("fatal", "server.c"), &BenchFatal = In("fatal", "bench.c"),
                     &Spare = In("spare", "spare.c");
  EXPECT_TRUE(E.together(Run, Before));
  EXPECT_TRUE(E.together(Run, Count));
  EXPECT_FALSE(E.together(Before, Count));
  EXPECT_FALSE(E.together(Hook, Count));  // only the server takes its address
  EXPECT_TRUE(E.together(Hook, Before));
  EXPECT_FALSE(E.together(ServerFatal, BenchFatal));
  EXPECT_TRUE(E.together(BenchFatal, Count));
  EXPECT_TRUE(E.together(Spare, Before));
  EXPECT_TRUE(E.together(Spare, Count));
}

}  // namespace
}  // namespace concurlint
