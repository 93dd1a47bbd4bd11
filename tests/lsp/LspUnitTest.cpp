// The pieces of concur-lsp that are plain functions: URIs, UTF-16 positions, content changes,
// and the analyzer's overlay and cancellation that the server relies on.
#include "tests/unit/TestSupport.h"
#include "driver/Analyzer.h"
#include "driver/Inputs.h"
#include "tool/lsp/Protocol.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

namespace concurlint::lsp {
namespace {

using concurlint::test::TempDir;

TEST(LspUri, FileUrisOnly) {
  EXPECT_EQ(uriToPath("file:///a/b%20c/d.cpp"), "/a/b c/d.cpp");
  EXPECT_EQ(uriToPath("file://localhost/x.cpp"), "/x.cpp");
  EXPECT_EQ(uriToPath("file:///a/./b/../c.cpp"), "/a/c.cpp");
  EXPECT_EQ(uriToPath("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(uriToPath("file://server/share/x.cpp"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///bad%zz"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///trailing%2"), std::nullopt);
  EXPECT_EQ(uriToPath("file:///nul%00byte"), std::nullopt);
}

TEST(LspPosition, Utf16CodeUnits) {
  // "é" 2 bytes 1 unit, "€" 3 bytes 1 unit, "😀" 4 bytes 2 units.
  std::string Text = "ab\né€😀x\r\nlast";
  EXPECT_EQ(positionAt(Text, 0), (Position{0, 0}));
  EXPECT_EQ(positionAt(Text, 3), (Position{1, 0}));
  size_t X = Text.find('x');
  EXPECT_EQ(positionAt(Text, X), (Position{1, 4}));
  EXPECT_EQ(offsetAt(Text, Position{1, 4}), X);
  EXPECT_EQ(offsetAt(Text, Position{1, 1}), 5u);       // after é
  EXPECT_EQ(offsetAt(Text, Position{1, 3}), 8u);       // inside the pair: before 😀
  EXPECT_EQ(offsetAt(Text, Position{1, 99}), X + 1);   // past the end: before "\r\n"
  EXPECT_EQ(offsetAt(Text, Position{2, 2}), Text.find("last") + 2);
  EXPECT_EQ(offsetAt(Text, Position{9, 0}), Text.size());
  EXPECT_EQ(positionAt(Text, 10000), (Position{2, 4}));
  // Malformed UTF-8 counts a unit per byte and never reads past the end.
  std::string Bad = "\xff\xc3";
  EXPECT_EQ(positionAt(Bad, 2), (Position{0, 2}));
  EXPECT_EQ(offsetAt(Bad, Position{0, 1}), 1u);
}

TEST(LspContentChange, IncrementalAndFull) {
  std::string Text = "int a;\nint b;\n";
  llvm::json::Value Change = llvm::json::Object{
      {"range", llvm::json::Object{{"start", llvm::json::Object{{"line", 1}, {"character", 4}}},
                                   {"end", llvm::json::Object{{"line", 1}, {"character", 5}}}}},
      {"text", "été"}};
  ASSERT_FALSE(static_cast<bool>(applyContentChange(Text, Change)));
  EXPECT_EQ(Text, "int a;\nint été;\n");
  ASSERT_FALSE(static_cast<bool>(applyContentChange(Text, llvm::json::Object{{"text", "x"}})));
  EXPECT_EQ(Text, "x");
  llvm::Error E = applyContentChange(Text, llvm::json::Object{{"range", 1}, {"text", "y"}});
  EXPECT_TRUE(static_cast<bool>(E));
  llvm::consumeError(std::move(E));
  E = applyContentChange(Text, llvm::json::Value(3));
  EXPECT_TRUE(static_cast<bool>(E));
  llvm::consumeError(std::move(E));
  llvm::json::Value Backwards = llvm::json::Object{
      {"range", llvm::json::Object{{"start", llvm::json::Object{{"line", 0}, {"character", 1}}},
                                   {"end", llvm::json::Object{{"line", 0}, {"character", 0}}}}},
      {"text", ""}};
  E = applyContentChange(Text, Backwards);
  EXPECT_TRUE(static_cast<bool>(E));
  llvm::consumeError(std::move(E));
  EXPECT_EQ(Text, "x");
}

CompileJob jobFor(const std::string &File) {
  CompileJob Job;
  Job.file = File;
  Job.command.Directory = llvm::sys::path::parent_path(File).str();
  Job.command.Filename = File;
  Job.command.CommandLine = {"clang++", "-std=c++20", File};
  return Job;
}

TEST(AnalyzerOverlay, UnsavedContentIsWhatIsParsed) {
  TempDir Dir;
  std::string Header = Dir.write("h.h", "int broken(;\n");
  std::string Main = Dir.write("m.cpp", "#include \"h.h\"\nint main() { return 0; }\n");
  TUResult OnDisk = analyzeOne(jobFor(Main));
  EXPECT_FALSE(OnDisk.ok);
  llvm::StringMap<std::string> Overlay;
  Overlay[Header] = "inline int fine() { return 1; }\n";
  Overlay[Main] = "#include \"h.h\"\nint main() { return fine(); }\n";
  TUResult Edited = analyzeOne(jobFor(Main), AnalyzeOptions{&Overlay, nullptr});
  ASSERT_TRUE(Edited.ok) << (Edited.errors.empty() ? "" : Edited.errors[0]);
  bool SawFine = false;
  for (const FunctionFact &F : Edited.facts.functions)
    SawFine |= F.name == "fine" && F.span.file == Header;
  EXPECT_TRUE(SawFine);
}

TEST(AnalyzerCancel, ACancelledRunStopsAndReportsNothing) {
  TempDir Dir;
  std::string Code;
  for (int I = 0; I < 10000; ++I)
    Code += "int f" + std::to_string(I) + "(int x) { return x + " + std::to_string(I) + "; }\n";
  std::string Main = Dir.write("big.cpp", Code);
  std::atomic<bool> Cancel{true};
  auto Start = std::chrono::steady_clock::now();
  TUResult R = analyzeOne(jobFor(Main), AnalyzeOptions{nullptr, &Cancel});
  auto Cancelled = std::chrono::steady_clock::now() - Start;
  EXPECT_TRUE(R.cancelled);
  EXPECT_TRUE(R.facts.functions.empty());
  Start = std::chrono::steady_clock::now();
  TUResult Full = analyzeOne(jobFor(Main));
  auto Whole = std::chrono::steady_clock::now() - Start;
  EXPECT_TRUE(Full.ok);
  EXPECT_EQ(Full.facts.functions.size(), 10000u);
  EXPECT_LT(Cancelled, Whole / 2) << "the cancelled parse did not stop early";
}


/// Which parts of two TUs' facts differ, for a readable failure ("" when equal).
std::string factsDifference(const TUFacts &A, const TUFacts &B) {
  std::string Out;
  if (A.mainFile != B.mainFile)
    Out += "mainFile: " + A.mainFile + " vs " + B.mainFile + "\n";
  if (A.files != B.files) {
    Out += "files:";
    for (const FileFact &F : A.files)
      Out += " " + F.path;
    Out += "\n   vs:";
    for (const FileFact &F : B.files)
      Out += " " + F.path;
    Out += "\n";
  }
  if (A.functions != B.functions) {
    Out += "functions: " + std::to_string(A.functions.size()) + " vs " +
           std::to_string(B.functions.size());
    for (size_t I = 0; I < std::min(A.functions.size(), B.functions.size()); ++I)
      if (!(A.functions[I] == B.functions[I])) {
        Out += ", first difference at " + std::to_string(I) + ": " + A.functions[I].name +
               " vs " + B.functions[I].name;
        break;
      }
    Out += "\n";
  }
  if (A.globals != B.globals)
    Out += "globals: " + std::to_string(A.globals.size()) + " vs " +
           std::to_string(B.globals.size()) + "\n";
  if (A.guardClasses != B.guardClasses) {
    Out += "guardClasses differ:";
    for (const GuardClassFact &G : A.guardClasses)
      Out += " " + G.name + "@" + G.where.file + ":" + std::to_string(G.where.line);
    Out += "\n   vs:";
    for (const GuardClassFact &G : B.guardClasses)
      Out += " " + G.name + "@" + G.where.file + ":" + std::to_string(G.where.line);
    Out += "\n";
  }
  if (A.flows != B.flows)
    Out += "flows: " + std::to_string(A.flows.size()) + " vs " + std::to_string(B.flows.size()) +
           "\n";
  return Out;
}

/// Analyses `Job` whole, then as the server does (a preamble store, a cancel flag never set)
/// once per entry of `Expected` (the preamble built, then reused), and expects the same facts
/// each time, compared after `Comparable`. Returns the whole parse's facts.
TUFacts expectFactsOfAWholeParse(const CompileJob &Job,
                                 std::initializer_list<TUResult::Preamble> Expected,
                                 TUFacts (*Comparable)(TUFacts) = [](TUFacts F) { return F; }) {
  llvm::StringMap<std::string> Overlay;
  TUResult Whole = analyzeOne(Job, AnalyzeOptions{&Overlay, nullptr});
  if (!Whole.ok) {
    ADD_FAILURE() << (Whole.errors.empty() ? "" : Whole.errors[0]);
    return {};
  }
  PreambleStore Store;
  std::atomic<bool> NotCancelled{false};
  AnalyzeOptions WithStore{&Overlay, &NotCancelled};
  WithStore.preambles = &Store;
  for (TUResult::Preamble Step : Expected) {
    TUResult Edited = analyzeOne(Job, WithStore);
    if (!Edited.ok) {
      ADD_FAILURE() << (Edited.errors.empty() ? "" : Edited.errors[0]);
      return Whole.facts;
    }
    EXPECT_EQ(Edited.preamble, Step);
    TUFacts A = Comparable(Whole.facts), B = Comparable(Edited.facts);
    EXPECT_EQ(factsDifference(A, B), "");
    EXPECT_TRUE(A == B);
  }
  return Whole.facts;
}

// A header the rules need: globals, an inline function that a thread runs, a template, a class
// with a lock, a function that starts a thread; system headers before and after it.
const char *SharedHeader = R"cpp(#pragma once
#include <mutex>
#include <pthread.h>
extern long hits;
extern unsigned int misses;  // a type of two keywords (its range in a preamble: see below)
inline long bumps = 0;
inline std::mutex lock;
inline void *bump(void *) {
  bumps++;
  std::lock_guard<std::mutex> g(lock);
  hits += 1;
  return nullptr;
}
template <typename T> void add(T &x, T y) { x += y; }
struct Counter {
  std::mutex m;
  long n = 0;
  void inc() { m.lock(); n++; m.unlock(); }
};
inline void start(pthread_t *t, void *(*f)(void *)) { pthread_create(t, nullptr, f, nullptr); }
)cpp";

const char *SharedMain = R"cpp(#include <thread>
#include "shared.h"
#include <vector>
long hits = 0;
unsigned int misses = 0;
Counter counter;
static void *work(void *) {
  add(hits, 2L);
  misses++;
  for (unsigned long long i = 0; i < 2; ++i)
    counter.inc();
  return nullptr;
}
int main() {
  pthread_t a, b;
  start(&a, bump);
  start(&b, work);
  std::thread t([] { add(bumps, 3L); });
  long seen = hits + bumps;
  t.join();
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  return static_cast<int>(seen);
}
)cpp";

TEST(AnalyzerPreamble, FactsAreThoseOfAWholeParse) {
  TempDir Dir;
  std::string Header = Dir.write("shared.h", SharedHeader);
  std::string Main = Dir.write("m.cpp", SharedMain);
  CompileJob Job = jobFor(Main);
  PreambleStore Store;
  auto Check = [&](const llvm::StringMap<std::string> &Overlay, TUResult::Preamble Expected,
                   const std::string &Step) -> TUFacts {
    SCOPED_TRACE(Step);
    TUResult Whole = analyzeOne(Job, AnalyzeOptions{&Overlay, nullptr});
    if (!Whole.ok) {
      ADD_FAILURE() << (Whole.errors.empty() ? "" : Whole.errors[0]);
      return {};
    }
    EXPECT_EQ(Whole.preamble, TUResult::Preamble::None);
    // As the server runs it: with a cancel flag (never set), which has the preamble's build
    // ask before each function body whether to skip it.
    std::atomic<bool> NotCancelled{false};
    AnalyzeOptions WithStore{&Overlay, &NotCancelled};
    WithStore.preambles = &Store;
    TUResult Edited = analyzeOne(Job, WithStore);
    EXPECT_TRUE(Edited.ok) << (Edited.errors.empty() ? "" : Edited.errors[0]);
    EXPECT_EQ(Edited.preamble, Expected);
    EXPECT_EQ(factsDifference(Whole.facts, Edited.facts), "");
    EXPECT_TRUE(Whole.facts == Edited.facts);
    return Whole.facts;
  };
  llvm::StringMap<std::string> Overlay;
  TUFacts First = Check(Overlay, TUResult::Preamble::Built, "first parse");
  // The facts from the header are there: its functions with their bodies, its globals.
  bool SawBump = false, SawHeader = false;
  for (const FunctionFact &F : First.functions)
    SawBump |= F.name == "bump" && F.span.file == Header && !F.accesses.empty();
  for (const FileFact &F : First.files)
    SawHeader |= F.path == Header;
  EXPECT_TRUE(SawBump);
  EXPECT_TRUE(SawHeader);
  // `unsigned int` whole in the header's declaration: the atomic fix replaces that range.
  bool SawMisses = false;
  for (const GlobalFact &G : First.globals)
    for (const VarDeclFact &D : G.decls)
      if (G.name == "misses" && D.type.file == Header) {
        SawMisses = true;
        EXPECT_EQ(D.type.length, 12u);
      }
  EXPECT_TRUE(SawMisses);
  ASSERT_FALSE(First.files.empty());
  EXPECT_EQ(First.files[0].path, Main);
  Check(Overlay, TUResult::Preamble::Reused, "unchanged");

  // An edit below the preamble (a new function, the rest shifted): reused, same facts.
  std::string Body = SharedMain;
  Body.insert(Body.find("int main()"), "static void idle() { counter.inc(); }\n");
  Overlay[Main] = Body;
  Check(Overlay, TUResult::Preamble::Reused, "body edited");

  // The header edited in the editor, its size unchanged: a new preamble.
  std::string Edited = SharedHeader;
  Edited.replace(Edited.find("hits += 1"), 9, "hits += 2");
  Overlay[Header] = Edited;
  Check(Overlay, TUResult::Preamble::Built, "header edited, same size");
  Check(Overlay, TUResult::Preamble::Reused, "header edited, again");

  // An #include line added: a new preamble.
  Overlay[Main] = "#include <atomic>\n" + Body;
  Check(Overlay, TUResult::Preamble::Built, "include added");
  // The compile command changed: a new preamble.
  Job.command.CommandLine = {"clang++", "-std=c++20", "-DEXTRA=1", Main};
  Check(Overlay, TUResult::Preamble::Built, "command changed");
  EXPECT_EQ(Store.size(), 1u);
}

// A C header whose declarations a fix must not rewrite alone: a variable declared with the
// struct it defines, one declared with a prototype (a C prototype is not among the declarations
// the facts read, FactsConsumer). With a preamble, the parse that reuses it finds the
// variables' neighbours in the preamble by where they are written. The header's last macro
// expansion (`stderr`) is the last source location of the preamble: its text is still read
// (fileCharRange).
const char *CHeader = R"c(#pragma once
#include <pthread.h>
#include <stdio.h>
struct stats { long n; } stats;
int counter_init(void), counter;
long total;
extern long hits;
void *bump(void *arg);
static inline void *bump_all(void *arg) {
  hits++;
  total++;
  counter++;
  stats.n++;
  fputs("bump", stderr);
  return arg;
}
)c";

const char *CMain = R"c(#include "decls.h"
long hits;
int counter_init(void) { return counter = 0; }
int main(void) {
  pthread_t a, b;
  counter_init();
  pthread_create(&a, 0, bump_all, 0);
  pthread_create(&b, 0, bump_all, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return (int)(total + hits);
}
)c";

TEST(AnalyzerPreamble, CDeclarationsKeepTheirNeighbours) {
  TempDir Dir;
  std::string Header = Dir.write("decls.h", CHeader);
  std::string Main = Dir.write("m.c", CMain);
  CompileJob Job = jobFor(Main);
  Job.command.CommandLine = {"clang", "-std=c11", Main};
  TUFacts Whole = expectFactsOfAWholeParse(
      Job, {TUResult::Preamble::Built, TUResult::Preamble::Reused, TUResult::Preamble::Reused});
  std::map<std::string, bool> Alone;
  for (const GlobalFact &G : Whole.globals)
    for (const VarDeclFact &D : G.decls)
      if (D.declaration.file == Header)
        Alone[G.name] = D.alone;
  EXPECT_EQ(Alone, (std::map<std::string, bool>{
                       {"counter", false}, {"hits", true}, {"stats", false}, {"total", true}}));
  bool SawBumpAll = false;
  for (const FunctionFact &F : Whole.functions)
    SawBumpAll |= F.name == "bump_all" && F.span.file == Header && F.accesses.size() >= 4;
  EXPECT_TRUE(SawBumpAll);
}

// Templates of the program that only the standard library instantiates: a class made by
// std::make_shared (its virtual function), a functor template held by a std::function, a
// generic lambda that std::thread calls. The standard library's own instantiations over its
// own types (std::vector<std::string>) are left out of the parse (dropSystemOnlyInstantiations);
// these must not be, with a preamble or without. std::thread's constructor over a plain lambda
// is left out: the file must still compile (a function of a lambda's type that is used must
// otherwise be defined).
const char *TemplatesHeader = R"cpp(#pragma once
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>
extern long jobs, calls, lambdas;
struct Base { virtual ~Base() = default; virtual void run() = 0; };
template <typename T> struct Job : Base {
  void run() override { jobs += sizeof(T); }
};
template <typename T> struct Functor {
  void operator()() const { calls += sizeof(T); }
};
)cpp";

const char *TemplatesMain = R"cpp(#include "templates.h"
long jobs = 0, calls = 0, lambdas = 0;
int main() {
  std::shared_ptr<Base> job = std::make_shared<Job<int>>();
  std::function<void()> f = Functor<char>{};
  std::thread generic([](auto n) { lambdas += n; }, 2L);
  std::thread plain([] { lambdas++; });
  std::vector<std::string> names;
  names.push_back("x");
  job->run();
  f();
  generic.join();
  plain.join();
  return static_cast<int>(names.size());
}
)cpp";

TEST(AnalyzerPreamble, ProgramTemplatesOnlyTheStandardLibraryInstantiates) {
  TempDir Dir;
  Dir.write("templates.h", TemplatesHeader);
  std::string Main = Dir.write("m.cpp", TemplatesMain);
  CompileJob Job = jobFor(Main);
  llvm::StringMap<std::string> Overlay;
  TUResult Whole = analyzeOne(Job, AnalyzeOptions{&Overlay, nullptr});
  ASSERT_TRUE(Whole.ok) << (Whole.errors.empty() ? "" : Whole.errors[0]);
  // The instantiations are there, each writing its global: Job<int>::run, Functor<char>'s
  // operator(), the generic lambda's operator()<long>.
  auto Writes = [&](llvm::StringRef UsrPart, llvm::StringRef Global) {
    return llvm::any_of(Whole.facts.functions, [&](const FunctionFact &F) {
      return llvm::StringRef(F.usr).contains(UsrPart) &&
             llvm::any_of(F.accesses, [&](const AccessFact &A) {
               return A.write && A.var == "c:@" + Global.str();
             });
    });
  };
  EXPECT_TRUE(Writes("@S@Job>#I@F@run#", "jobs"));
  EXPECT_TRUE(Writes("@S@Functor>#C@F@operator()#", "calls"));
  EXPECT_TRUE(Writes("@F@operator()<#L>#L#", "lambdas"));

  PreambleStore Store;
  std::atomic<bool> NotCancelled{false};
  AnalyzeOptions WithStore{&Overlay, &NotCancelled};
  WithStore.preambles = &Store;
  for (TUResult::Preamble Expected : {TUResult::Preamble::Built, TUResult::Preamble::Reused}) {
    TUResult Edited = analyzeOne(Job, WithStore);
    ASSERT_TRUE(Edited.ok) << (Edited.errors.empty() ? "" : Edited.errors[0]);
    EXPECT_EQ(Edited.preamble, Expected);
    EXPECT_EQ(factsDifference(Whole.facts, Edited.facts), "");
    EXPECT_TRUE(Whole.facts == Edited.facts);
  }
}

/// `Facts` with template patterns (their own, uninstantiated bodies) reduced to their names and
/// places. One known difference is in their bodies, in examples/runtime: the init-captures of a
/// lambda in a member function template read from a precompiled preamble are not linked to
/// their initialisers (no access, no call result) as in a whole parse. The rules read the
/// instantiations, which are compared whole.
TUFacts withoutPatternBodies(TUFacts Facts) {
  for (FunctionFact &F : Facts.functions)
    if (llvm::StringRef(F.usr).contains("@FT@>") || llvm::StringRef(F.usr).contains("@ST>")) {
      FunctionFact Pattern;
      Pattern.usr = F.usr;
      Pattern.name = F.name;
      Pattern.span = F.span;
      F = Pattern;
    }
  return Facts;
}

// The bundled examples (threads, coroutines, the runtime's pools, queue and HTTP client): the
// facts with a preamble, built and reused, are those of a whole parse.
TEST(AnalyzerPreamble, FactsOfTheExamplesAreThoseOfAWholeParse) {
  InputResolver Resolver(InputOptions{});
  ASSERT_FALSE(static_cast<bool>(Resolver.init()));
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(CONCURLINT_SOURCE_DIR "/examples", EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with(".cpp"))
      Files.push_back(It->path());
  std::sort(Files.begin(), Files.end());
  ASSERT_GE(Files.size(), 8u);
  for (const std::string &File : Files) {
    SCOPED_TRACE(File);
    llvm::Expected<CompileJob> Job = Resolver.jobFor(File);
    ASSERT_TRUE(static_cast<bool>(Job)) << llvm::toString(Job.takeError());
    expectFactsOfAWholeParse(*Job, {TUResult::Preamble::Built, TUResult::Preamble::Reused},
                             withoutPatternBodies);
  }
}

TEST(AnalyzerPreamble, ItsErrorsAreReportedOnEachReuse) {
  TempDir Dir;
  Dir.write("h.h", "int broken(;\n");
  std::string Main = Dir.write("m.cpp", "#include \"h.h\"\nint main() { return 0; }\n");
  PreambleStore Store;
  AnalyzeOptions Options;
  Options.preambles = &Store;
  for (TUResult::Preamble Expected : {TUResult::Preamble::Built, TUResult::Preamble::Reused}) {
    TUResult R = analyzeOne(jobFor(Main), Options);
    EXPECT_EQ(R.preamble, Expected);
    EXPECT_FALSE(R.ok);
    ASSERT_FALSE(R.errors.empty());
    EXPECT_NE(R.errors[0].find("h.h:1:"), std::string::npos) << R.errors[0];
  }
  // An error below the preamble is the parse's own.
  llvm::StringMap<std::string> Overlay;
  Overlay[Dir.path() + "/h.h"] = "int fine();\n";
  Overlay[Main] = "#include \"h.h\"\nint main() { return fine() }\n";
  Options.overlay = &Overlay;
  TUResult R = analyzeOne(jobFor(Main), Options);
  EXPECT_EQ(R.preamble, TUResult::Preamble::Built);
  EXPECT_FALSE(R.ok);
  ASSERT_EQ(R.errors.size(), 1u);
  EXPECT_NE(R.errors[0].find("m.cpp:2:"), std::string::npos) << R.errors[0];
  Overlay[Main] = "#include \"h.h\"\nint main() { return fine(); }\n";
  R = analyzeOne(jobFor(Main), Options);
  EXPECT_EQ(R.preamble, TUResult::Preamble::Reused);
  EXPECT_TRUE(R.ok) << (R.errors.empty() ? "" : R.errors[0]);
}

TEST(AnalyzerPreamble, ACancelledBuildKeepsNoPreamble) {
  TempDir Dir;
  std::string Main = Dir.write("m.cpp", std::string("#include <regex>\n#include <future>\n") +
                                            "int main() { return 0; }\n");
  PreambleStore Store;
  std::atomic<bool> Cancel{true};
  AnalyzeOptions Options{nullptr, &Cancel};
  Options.preambles = &Store;
  TUResult R = analyzeOne(jobFor(Main), Options);
  EXPECT_TRUE(R.cancelled);
  EXPECT_TRUE(R.facts.functions.empty());
  EXPECT_EQ(Store.size(), 0u);  // its function bodies were skipped: not a preamble to reuse
  Cancel = false;
  R = analyzeOne(jobFor(Main), Options);
  EXPECT_TRUE(R.ok);
  EXPECT_EQ(R.preamble, TUResult::Preamble::Built);
  EXPECT_EQ(Store.size(), 1u);
  Store.forget(Main);
  EXPECT_EQ(Store.size(), 0u);
}

}  // namespace
}  // namespace concurlint::lsp
