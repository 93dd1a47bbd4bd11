// A TUFacts with every kind of fact and most fields set, for the encoding tests (JSON in
// FactsTest.cpp, binary in FactsCodecTest.cpp).
#pragma once

#include "facts/Facts.h"

namespace concurlint::test {

inline TUFacts sample() {
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
  H.kind = ThreadHandleKind::StdThread;
  H.decl = {"/src/a.cpp", 5, 15, 5, 16, 70, 1};
  H.leaks = {{{"/src/a.cpp", 9, 1, 9, 2, 120, 1}, ExitKind::ScopeEnd}};
  H.jthreadFix = {{{"/src/a.cpp", 5, 3, 5, 14, 58, 11}, "std::jthread"}};
  F.threadHandles.push_back(H);
  ManualLockFact M;
  M.lock.id = "c:@m";
  M.lock.name = "m";
  M.api = LockApiKind::Member;
  M.unlocks = {{"/src/a.cpp", 7, 3, 7, 14, 90, 11}};
  M.relocks = {{{"/src/a.cpp", 6, 5, 6, 13, 80, 8}, ExitKind::Continue}};
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
  A.form = AwaitForm::Declare;
  A.declared = "r";
  A.awaitedType = "concur::Task";
  A.resultVoid = false;
  F.awaits.push_back(A);
  F.loops.push_back({200, 260});  // a while loop: offsets only
  LoopFact L;
  L.begin = 300;
  L.end = 380;
  L.kind = LoopKind::Index;
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
  Out.how = LoopUse::Indexed;
  Out.written = true;
  Out.span = {"/src/a.cpp", 13, 5, 13, 8, 350, 3};
  LoopAccessFact Sum;
  Sum.var = "c:a.cpp@30@F@f#@sum";
  Sum.name = "sum";
  Sum.how = LoopUse::Reduction;
  Sum.written = true;
  Sum.op = ReductionOp::Min;
  Sum.statement = {"/src/a.cpp", 14, 5, 14, 30, 360, 25};
  Sum.value = {"/src/a.cpp", 14, 20, 14, 29, 375, 9};
  L.accesses = {Out, Sum};
  L.exits = {{{"/src/a.cpp", 13, 9, 13, 15, 354, 6}, ExitKind::Break}};
  L.continues = {{"/src/a.cpp", 13, 16, 13, 24, 361, 8}};
  L.calls = {{"c:@F@f#l#", "f", false, {"/src/a.cpp", 13, 11, 13, 16, 356, 5}}};
  L.awaits = true;
  L.mapFunction = "f";
  L.mapFunctionUsr = "c:@F@f#l#";
  L.mapInput = "in";
  L.mapCodec = true;
  L.awaitedType = "concur::Task<long>";
  F.loops.push_back(L);
  AccessFact Access;
  Access.var = "c:@total";
  Access.location = "c:@total";
  Access.path = "total";
  Access.write = true;
  Access.atomic = true;
  Access.form = AccessForm::Compound;
  Access.locks = {{"c:@m", "m", true, {"/src/a.cpp", 20, 3, 20, 30, 400, 27}, "guard"}};
  Access.span = {"/src/a.cpp", 21, 3, 21, 8, 431, 5};
  Access.statement = {"/src/a.cpp", 21, 3, 21, 14, 431, 11};
  Access.inMacro = true;
  Access.rewrite = {"/src/a.cpp", 21, 3, 21, 13, 431, 10};
  Access.rewriteText = "total += 2";
  Access.chain = 2;
  F.accesses.push_back(Access);
  F.scopeExits.push_back({"c:a.cpp@500@F@f#@pool", "concur::ThreadPool", 520});
  F.suspends.push_back({{"/src/a.cpp", 22, 3, 22, 11, 450, 8}, SuspendKeyword::CoYield, Access.locks});
  F.forks.push_back({{"/src/a.cpp", 23, 7, 23, 13, 470, 6}, 480, 490, 495});
  F.callChain = {{"c:@F@stats_lock#", 0}, {"c:@F@g#", 1}};
  F.exitChain = 2;
  F.exitLocks = Access.locks;
  F.releases = {"c:@other"};
  F.bodyEnd = 600;
  T.functions.push_back(F);
  GlobalFact G;
  G.usr = "c:@total";
  G.name = "total";
  G.spelling = "total";
  G.type = "long";
  G.typeSpelling = "long";
  G.integral = true;
  G.atomicType = true;
  G.threadLocal = true;
  G.constant = true;
  G.functionLocal = true;
  G.member = true;
  G.c = true;
  G.decls = {{{"/src/a.h", 2, 8, 2, 12, 20, 4}, {"/src/a.h", 2, 1, 2, 19, 13, 18}, true, false,
              true}};
  T.globals.push_back(G);
  return T;
}

}  // namespace concurlint::test
