// The loop facts (loop-parallelizable): induction and range variables, how the body uses the
// variables declared outside it, how it can be left, the calls it makes, the map shape.
#include "TestSupport.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::extract;

const char *Prelude = R"cpp(
#include <algorithm>
#include <map>
#include <string>
#include <vector>
long heavy(long x);
long pure(long x) { return x + 1; }
)cpp";

/// The for/range-for loops of function `Name`, in source order.
std::vector<LoopFact> loopsOf(const TUFacts &T, const std::string &Name) {
  std::vector<LoopFact> Out;
  for (const FunctionFact &F : T.functions)
    if (F.name == Name)
      for (const LoopFact &L : F.loops)
        if (L.kind != LoopKind::None)
          Out.push_back(L);
  std::sort(Out.begin(), Out.end(), [](auto &A, auto &B) { return A.begin < B.begin; });
  return Out;
}

/// "name:how[+written][/op]" for each access, in order.
std::vector<std::string> accesses(const LoopFact &L) {
  std::vector<std::string> Out;
  for (const LoopAccessFact &A : L.accesses)
    Out.push_back(A.name + ":" + nameOf(A.how).str() +
                  (A.how == LoopUse::Indexed && A.written ? "+written" : "") +
                  (A.op == ReductionOp::None ? "" : "/" + nameOf(A.op).str()));
  return Out;
}

TEST(LoopFacts, IndexLoopBoundsAndElements) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void f(std::vector<long> &out, const std::vector<long> &in) {
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = heavy(in[i]);
  for (int i = 1; i < 10; ++i)
    out[i] = out[i - 1] + 1;
}
)cpp");
  std::vector<LoopFact> L = loopsOf(T, "f");
  ASSERT_EQ(L.size(), 2u);
  EXPECT_EQ(nameOf(L[0].kind), "index");
  EXPECT_EQ(L[0].var, "i");
  EXPECT_EQ(L[0].varDecl, "std::size_t");
  EXPECT_EQ(L[0].first, "static_cast<std::size_t>(0)");
  EXPECT_EQ(L[0].last, "in.size()");
  EXPECT_TRUE(L[0].firstIsZero);
  EXPECT_EQ(L[0].mapFunction, "heavy");
  EXPECT_EQ(L[0].mapInput, "in");
  EXPECT_TRUE(L[0].mapCodec);
  EXPECT_EQ(accesses(L[0]), (std::vector<std::string>{"out:indexed+written", "in:indexed"}));
  // heavy, and the library's operator[] and operator= of std::vector.
  bool SawHeavy = false;
  for (const LoopCallFact &C : L[0].calls) {
    EXPECT_EQ(C.system, C.callee != "heavy") << C.callee;
    SawHeavy |= C.callee == "heavy";
  }
  EXPECT_TRUE(SawHeavy);
  // out[i - 1]: another iteration's element.
  EXPECT_EQ(accesses(L[1]), (std::vector<std::string>{"out:indexed+written", "out:read"}));
  EXPECT_EQ(L[1].last, "10");
}

TEST(LoopFacts, PushReductionsAndSharedWrites) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void g(const std::vector<long> &in, long *p, std::map<int, long> &m) {
  std::vector<long> out;
  long sum = 0, low = 99, last = 0;
  bool all = true;
  for (long x : in)
    out.push_back(heavy(x));
  for (long x : in) sum += heavy(x);
  for (long x : in) low = std::min(low, heavy(x));
  for (long x : in) all = all && x > 0;
  for (long x : in) last = x;
  for (int i = 0; i < 4; ++i) p[i] = heavy(i);
  for (int i = 0; i < 4; ++i) m[i] = heavy(i);
  for (long x : in) { long &r = sum; r += x; }
  for (long x : in) if (x) out.push_back(x);
}
)cpp");
  std::vector<LoopFact> L = loopsOf(T, "g");
  ASSERT_EQ(L.size(), 9u);
  EXPECT_EQ(nameOf(L[0].kind), "range");
  EXPECT_EQ(L[0].varDecl, "long x");
  EXPECT_EQ(L[0].first, "in");
  EXPECT_EQ(accesses(L[0]), (std::vector<std::string>{"out:push"}));
  EXPECT_EQ(L[0].mapFunction, "heavy");
  EXPECT_EQ(accesses(L[1]), (std::vector<std::string>{"sum:reduction/+"}));
  EXPECT_EQ(accesses(L[2]), (std::vector<std::string>{"low:reduction/min"}));
  EXPECT_EQ(accesses(L[3]), (std::vector<std::string>{"all:reduction/&&"}));
  EXPECT_EQ(accesses(L[4]), (std::vector<std::string>{"last:write"}));
  // p[i]: its own element through a pointer; loop-parallelizable decides what else may reach it.
  EXPECT_EQ(accesses(L[5]), (std::vector<std::string>{"p:indexed+written"}));
  EXPECT_TRUE(L[5].accesses[0].pointer);
  EXPECT_EQ(L[5].accesses[0].type, "long");
  EXPECT_EQ(nameOf(L[5].accesses[0].origin), "outer-alias");
  EXPECT_EQ(accesses(L[6]), (std::vector<std::string>{"m:write"}));
  EXPECT_EQ(accesses(L[7]), (std::vector<std::string>{"sum:write"}));
  // Under an if: not the body's own statement, so not an output the rewrite can return.
  EXPECT_EQ(accesses(L[8]), (std::vector<std::string>{"out:write"}));
}

TEST(LoopFacts, ExitsContinuesAndInductionWrites) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
int h(std::vector<long> &v) {
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 2; ++j)
      if (j) break;
    switch (i) { case 1: break; }
    if (i == 2) continue;
    v[i] = pure(i);
  }
  for (int i = 0; i < 8; ++i) {
    if (v[i] == 3) return i;
    if (v[i] == 4) throw 1;
  }
  for (int i = 0; i < 8; ++i) i += 1;
  for (std::size_t i = 0; i < v.size(); ++i) v.push_back(1);
  return 0;
}
)cpp");
  std::vector<LoopFact> L = loopsOf(T, "h");
  ASSERT_EQ(L.size(), 5u);  // the inner loop too
  EXPECT_TRUE(L[0].exits.empty());
  EXPECT_EQ(L[0].continues.size(), 1u);
  ASSERT_EQ(L[2].exits.size(), 2u);
  EXPECT_EQ(nameOf(L[2].exits[0].how), "return");
  EXPECT_EQ(nameOf(L[2].exits[1].how), "throw");
  EXPECT_EQ(nameOf(L[3].kind), "for");  // i changed in the body
  EXPECT_EQ(nameOf(L[4].kind), "for");  // the bound's vector grows in the body
}

TEST(LoopFacts, SystemCallsAndLambdas) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <cstdlib>
void k(std::vector<long> &v) {
  long total = 0;
  for (int i = 0; i < 3; ++i) {
    v[i] = std::rand();
    [&] { total += i; }();
  }
}
)cpp");
  std::vector<LoopFact> L = loopsOf(T, "k");
  ASSERT_EQ(L.size(), 1u);
  bool SawRand = false;
  for (const LoopCallFact &C : L[0].calls)
    if (C.callee == "rand") {
      SawRand = true;
      EXPECT_TRUE(C.system);
    }
  EXPECT_TRUE(SawRand);
  // total is written inside a lambda the body calls: shared.
  EXPECT_EQ(accesses(L[0]), (std::vector<std::string>{"v:indexed+written", "total:write"}));
}

TEST(LoopFacts, WritesThroughCallsNameTheirCallee) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
void put(std::string *dst, long v) { dst->append(std::to_string(v)); }
long peek(const std::string *s) { return static_cast<long>(s->size()); }
struct Acc {
  long n = 0;
  void add(long v) { n += v; }
  long get() const { return n; }
  void run(std::string *dst, const std::vector<long> &in) {
    for (long x : in) put(dst, x);
    for (long x : in) add(x);
    for (long x : in) peek(dst);
  }
};
)cpp");
  std::vector<LoopFact> L = loopsOf(T, "Acc::run");
  ASSERT_EQ(L.size(), 3u);
  ASSERT_EQ(accesses(L[0]), (std::vector<std::string>{"dst:alias"}));
  EXPECT_NE(L[0].accesses[0].viaCallee.find("put"), std::string::npos);
  EXPECT_EQ(L[0].accesses[0].viaParam, 0u);
  ASSERT_EQ(accesses(L[1]), (std::vector<std::string>{"*this:write"}));
  EXPECT_TRUE(L[1].accesses[0].viaObject);
  EXPECT_EQ(accesses(L[2]), (std::vector<std::string>{"dst:read"}));  // to a pointer to const
}

TEST(LoopFacts, BoundsOfEveryLoop) {
  TUFacts T = extract(std::string(Prelude) + R"cpp(
#include <array>
#include <cstdint>
int b(std::uint64_t v, int n, const std::vector<long> &in) {
  int s = 0;
  for (int k = 0; k < 4000; ++k) s += k;
  for (int k = 10; k > 0; k -= 2) s += k;
  for (int k = 0; k <= 9; ++k) s += k;
  while (v >= 128) { s += 1; v >>= 7; }
  do { s += 1; n /= 10; } while (n);
  for (int k = 0; k < n; ++k) s += k;
  for (long x : in) s += x;
  long fixed[16] = {};
  for (long x : fixed) s += x;
  std::array<int, 5> five{};
  for (int x : five) s += x;
  for (int k = 0; k < 100; ++k) k += 1;
  do { s += 1; } while (0);
  return s;
}
)cpp");
  std::vector<std::pair<std::string, unsigned>> Bounds;
  for (const FunctionFact &F : T.functions)
    if (F.name == "b") {
      std::vector<LoopFact> Loops = F.loops;
      std::sort(Loops.begin(), Loops.end(), [](auto &A, auto &B) { return A.begin < B.begin; });
      for (const LoopFact &Loop : Loops)
        Bounds.push_back({nameOf(Loop.bound).str(), Loop.trips});
    }
  EXPECT_EQ(Bounds, (std::vector<std::pair<std::string, unsigned>>{
                        {"constant", 4000}, {"constant", 5}, {"constant", 10}, {"bits", 64},
                        {"bits", 32}, {"unknown", 0}, {"unknown", 0}, {"constant", 16},
                        {"constant", 5}, {"unknown", 0}, {"constant", 1}}));
}

}  // namespace
}  // namespace concurlint
