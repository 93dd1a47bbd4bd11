#include "TestSupport.h"

#include "transforms/ExportFixes.h"
#include "transforms/FixApplier.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace concurlint {
namespace {

using clang::tooling::Replacement;
using test::TempDir;

Finding withFix(const std::string &File, unsigned Offset, unsigned Length,
                const std::string &Text, unsigned Line = 1) {
  Finding F;
  F.rule = "coro-blocking-call";
  F.message = "m";
  F.where.file = File;
  F.where.line = Line;
  F.where.column = 1;
  llvm::cantFail(F.fixes[File].add(Replacement(File, Offset, Length, Text)));
  return F;
}

std::string read(const std::string &Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  return B ? (*B)->getBuffer().str() : std::string("<unreadable>");
}

Program programFor(const std::string &Path, const std::string &Content) {
  TUFacts T;
  T.mainFile = Path;
  T.files.push_back({Path, contentHash(Content)});
  std::vector<TUFacts> Units;
  Units.push_back(std::move(T));
  return Program(std::move(Units));
}

TEST(Fixes, OverlappingFixesAreRefusedAndNamed) {
  std::vector<Finding> Findings = {withFix("/p/a.cpp", 0, 5, "AAAAA"),
                                   withFix("/p/a.cpp", 3, 4, "BB", 7),
                                   withFix("/p/a.cpp", 10, 2, "CC")};
  std::vector<AnalysisError> Refused;
  unsigned Selected = 0;
  auto Chosen = selectFixes(Findings, Refused, Selected);
  EXPECT_EQ(Selected, 2u);
  ASSERT_EQ(Refused.size(), 1u);
  EXPECT_NE(Refused[0].message.find("/p/a.cpp:7:1"), std::string::npos) << Refused[0].message;
  EXPECT_EQ(Chosen["/p/a.cpp"].size(), 2u);
}

TEST(Fixes, IdenticalEditsFromTwoFindingsAreMadeOnce) {
  Finding A = withFix("/p/a.cpp", 0, 0, "#include <x.h>\n");
  Finding B = withFix("/p/a.cpp", 0, 0, "#include <x.h>\n");
  llvm::cantFail(B.fixes["/p/a.cpp"].add(Replacement("/p/a.cpp", 20, 1, "y")));
  std::vector<AnalysisError> Refused;
  unsigned Selected = 0;
  auto Chosen = selectFixes({A, B}, Refused, Selected);
  EXPECT_TRUE(Refused.empty());
  EXPECT_EQ(Selected, 2u);
  EXPECT_EQ(Chosen["/p/a.cpp"].size(), 2u);
}

TEST(Fixes, TwoInsertionsAtOnePlaceAreBothMade) {
  // Two findings each add an include at the same place: both are wanted, in report order.
  Finding A = withFix("/p/a.cpp", 0, 0, "#include <atomic>\n");
  Finding B = withFix("/p/a.cpp", 0, 0, "#include <mutex>\n", 2);
  std::vector<AnalysisError> Refused;
  unsigned Selected = 0;
  auto Chosen = selectFixes({A, B}, Refused, Selected);
  EXPECT_TRUE(Refused.empty());
  EXPECT_EQ(Selected, 2u);
  ASSERT_EQ(Chosen["/p/a.cpp"].size(), 1u);
  EXPECT_EQ(Chosen["/p/a.cpp"].begin()->getReplacementText(),
            "#include <atomic>\n#include <mutex>\n");
}

TEST(Fixes, AppliesAtomicallyAndKeepsPermissions) {
  TempDir D;
  std::string Content = "int main() { return 0; }\n";
  std::string Path = D.write("a.cpp", Content);
  ::chmod(Path.c_str(), 0640);
  Program P = programFor(Path, Content);
  FixOutcome Out = applyFixes({withFix(Path, 20, 1, "42")}, P, D.path());
  EXPECT_TRUE(Out.refused.empty());
  EXPECT_EQ(Out.appliedFindings, 1u);
  EXPECT_EQ(read(Path), "int main() { return 42; }\n");
  EXPECT_EQ(*llvm::sys::fs::getPermissions(Path), llvm::sys::fs::perms(0640));
  // No temporary file is left behind.
  std::error_code EC;
  int Entries = 0;
  for (llvm::sys::fs::directory_iterator It(D.path(), EC), End; It != End && !EC;
       It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1);
}

TEST(Fixes, FileChangedSinceAnalysisIsLeftAlone) {
  TempDir D;
  std::string Path = D.write("a.cpp", "int main() { return 1; }\n");
  Program P = programFor(Path, "int main() { return 0; }\n");  // what was analysed
  FixOutcome Out = applyFixes({withFix(Path, 20, 1, "42")}, P, D.path());
  ASSERT_EQ(Out.refused.size(), 1u);
  EXPECT_NE(Out.refused[0].message.find("changed on disk"), std::string::npos);
  EXPECT_EQ(Out.appliedFindings, 0u);
  EXPECT_EQ(read(Path), "int main() { return 1; }\n");
}

TEST(Fixes, ReadOnlyFileIsLeftAlone) {
  // Also as root, who may write anything: a file without write permission is not ours to change.
  TempDir D;
  std::string Content = "int main() { return 0; }\n";
  std::string Path = D.write("a.cpp", Content);
  ::chmod(Path.c_str(), 0444);
  Program P = programFor(Path, Content);
  FixOutcome Out = applyFixes({withFix(Path, 20, 1, "42")}, P, D.path());
  ASSERT_EQ(Out.refused.size(), 1u);
  EXPECT_NE(Out.refused[0].message.find("not writable"), std::string::npos);
  EXPECT_EQ(read(Path), Content);
}

TEST(Fixes, NothingOutsideTheProjectOrUnreadByTheAnalysis) {
  TempDir D;
  std::string Content = "int x = 0;\n";
  std::string Inside = D.write("proj/a.cpp", Content);
  std::string Outside = D.write("other/b.cpp", Content);
  std::string Unknown = D.write("proj/c.cpp", Content);
  TUFacts T;
  T.files = {{Inside, contentHash(Content)}, {Outside, contentHash(Content)}};
  std::vector<TUFacts> Units;
  Units.push_back(T);
  Program P(std::move(Units));
  FixOutcome Out = applyFixes(
      {withFix(Inside, 8, 1, "1"), withFix(Outside, 8, 1, "1"), withFix(Unknown, 8, 1, "1")}, P,
      D.path() + "/proj");
  EXPECT_EQ(read(Inside), "int x = 1;\n");
  EXPECT_EQ(read(Outside), Content);
  EXPECT_EQ(read(Unknown), Content);
  ASSERT_EQ(Out.refused.size(), 2u);
  EXPECT_EQ(Out.appliedFindings, 1u);
}

TEST(Fixes, ExportFixesUsesClangTidysSchema) {
  Finding F = withFix("/p/a.cpp", 4, 2, "co_await x()");
  F.where.offset = 4;
  F.notes.push_back({Span{"/p/b.cpp", 2, 1, 2, 2, 10, 1}, "called here"});
  std::string Yaml = exportFixesYaml({F}, "/p/a.cpp", "/p");
  for (const char *Expected :
       {"MainSourceFile:  '/p/a.cpp'", "DiagnosticName:  concur-coro-blocking-call",
        "FilePath:        '/p/a.cpp'", "FileOffset:      4", "Offset:          4",
        "Length:          2", "ReplacementText: 'co_await x()'", "Notes:", "BuildDirectory:  '/p'",
        "Level:           Warning"})
    EXPECT_NE(Yaml.find(Expected), std::string::npos) << Expected << "\n" << Yaml;
}

}  // namespace
}  // namespace concurlint
