#include "tool/core/Facts.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

TUFacts sample() {
  TUFacts T;
  T.mainFile = "/src/a.cpp";
  T.files = {{"/src/a.cpp", "00ff"}, {"/src/a.h", "1234"}};
  FunctionFact F;
  F.usr = "c:@F@f#";
  F.name = "ns::f";
  F.span = {"/src/a.cpp", 3, 6, 3, 7, 40, 1};
  F.isCoroutine = true;
  F.coroutineType = "concur::Task";
  CallFact C;
  C.calleeUsr = "c:@F@sleep#i#";
  C.callee = "sleep";
  C.objectType = "";
  C.resultDiscarded = true;
  C.inHandler = true;
  C.span = {"/src/a.cpp", 4, 3, 4, 11, 52, 8};
  C.args = {"2"};
  F.calls.push_back(C);
  ThreadHandleFact H;
  H.name = "t";
  H.kind = "std::thread";
  H.decl = {"/src/a.cpp", 5, 15, 5, 16, 70, 1};
  H.leaks = {{{"/src/a.cpp", 9, 1, 9, 2, 120, 1}, "scope-end"}};
  H.jthreadFix = {{{"/src/a.cpp", 5, 3, 5, 14, 58, 11}, "std::jthread"}};
  F.threadHandles.push_back(H);
  ManualLockFact M;
  M.lock.id = "c:@m";
  M.lock.name = "m";
  M.api = "member";
  M.unlocks = {{"/src/a.cpp", 7, 3, 7, 14, 90, 11}};
  M.relocks = {{{"/src/a.cpp", 6, 5, 6, 13, 80, 8}, "continue"}};
  M.guardHeader = "<mutex>";
  F.manualLocks.push_back(M);
  AwaitFact A;
  A.span = {"/src/a.cpp", 5, 12, 5, 25, 70, 13};
  A.call = "g(x, &buf)";
  A.callee = "ns::g";
  A.calleeUsr = "c:@N@ns@F@g#I#*C#";
  A.follows = true;
  A.reads = {"c:a.cpp@60@F@f#@x", "this.name"};
  A.writes = {"c:a.cpp@64@F@f#@buf", "c:a.cpp@70@F@f#@r"};
  A.statement = {"/src/a.cpp", 5, 3, 5, 26, 61, 23};
  A.form = "declare";
  A.declared = "r";
  A.awaitedType = "concur::Task";
  A.resultVoid = false;
  F.awaits.push_back(A);
  F.loops.push_back({200, 260});  // a while loop: offsets only
  LoopFact L;
  L.begin = 300;
  L.end = 380;
  L.kind = "index";
  L.span = {"/src/a.cpp", 12, 3, 13, 30, 300, 80};
  L.body = {"/src/a.cpp", 13, 5, 13, 30, 350, 30};
  L.var = "i";
  L.varDecl = "std::size_t";
  L.first = "static_cast<std::size_t>(0)";
  L.last = "in.size()";
  L.firstIsZero = true;
  L.lastSizeOf = "c:a.cpp@10@F@f#@in";
  LoopAccessFact Out;
  Out.var = "c:a.cpp@20@F@f#@out";
  Out.name = "out";
  Out.how = "indexed";
  Out.written = true;
  Out.span = {"/src/a.cpp", 13, 5, 13, 8, 350, 3};
  LoopAccessFact Sum;
  Sum.var = "c:a.cpp@30@F@f#@sum";
  Sum.name = "sum";
  Sum.how = "reduction";
  Sum.written = true;
  Sum.op = "min";
  Sum.statement = {"/src/a.cpp", 14, 5, 14, 30, 360, 25};
  Sum.value = {"/src/a.cpp", 14, 20, 14, 29, 375, 9};
  L.accesses = {Out, Sum};
  L.exits = {{{"/src/a.cpp", 13, 9, 13, 15, 354, 6}, "break"}};
  L.continues = {{"/src/a.cpp", 13, 16, 13, 24, 361, 8}};
  L.calls = {{"c:@F@f#l#", "f", false, {"/src/a.cpp", 13, 11, 13, 16, 356, 5}}};
  L.awaits = true;
  L.mapFunction = "f";
  L.mapFunctionUsr = "c:@F@f#l#";
  L.mapInput = "in";
  L.mapCodec = true;
  L.awaitedType = "concur::Task<long>";
  F.loops.push_back(L);
  T.functions.push_back(F);
  return T;
}

TEST(Facts, RoundTripsThroughJson) {
  TUFacts Original = sample();
  std::string Text = llvm::formatv("{0}", toJSON(Original)).str();
  auto Parsed = llvm::json::parse(Text);
  ASSERT_TRUE(bool(Parsed));
  TUFacts Back;
  llvm::json::Path::Root Root;
  ASSERT_TRUE(fromJSON(*Parsed, Back, Root));
  EXPECT_EQ(Original, Back);
}

TEST(Facts, RejectsAnotherFormatVersion) {
  llvm::json::Value V = toJSON(sample());
  V.getAsObject()->operator[]("format") = TUFacts::FormatVersion + 1;
  TUFacts Back;
  llvm::json::Path::Root Root;
  EXPECT_FALSE(fromJSON(V, Back, Root));
}

TEST(Facts, RejectsNegativePositions) {
  llvm::json::Value V = toJSON(sample());
  (*V.getAsObject()->getArray("functions"))[0].getAsObject()->getObject("span")->operator[](
      "line") = -1;
  TUFacts Back;
  llvm::json::Path::Root Root;
  EXPECT_FALSE(fromJSON(V, Back, Root));
}

TEST(Facts, ContentHashIsStableAndSensitive) {
  EXPECT_EQ(contentHash("int x;\n"), contentHash("int x;\n"));
  EXPECT_NE(contentHash("int x;\n"), contentHash("int y;\n"));
  EXPECT_EQ(contentHash("").size(), 16u);
}

}  // namespace
}  // namespace concurlint
