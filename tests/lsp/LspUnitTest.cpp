// The pieces of concur-lsp that are plain functions: URIs, UTF-16 positions, content changes,
// and the analyzer's overlay and cancellation that the server relies on.
#include "tests/unit/TestSupport.h"
#include "driver/Analyzer.h"
#include "tool/lsp/Protocol.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace concurlint::lsp
