// FunctionFact::paramWrites (facts/WriteEffects.cpp) and their closure over the program
// (engine/WriteSummaries.cpp): which pointer and reference parameters, and which object, a
// function writes through, directly or handed on.
#include "TestSupport.h"

#include "engine/WriteSummaries.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::extract;

const FunctionFact *named(const TUFacts &T, const std::string &Name) {
  for (const FunctionFact &F : T.functions)
    if (F.name == Name)
      return &F;
  return nullptr;
}

class WriteEffects : public ::testing::Test {
protected:
  void SetUp() override {
    Units.push_back(extract(R"cpp(
#include <string>
#include <vector>
void put_varint(std::string *dst, unsigned long v) { dst->push_back(static_cast<char>(v)); }
void put_fixed(std::string *dst, long v) { put_varint(dst, static_cast<unsigned long>(v)); }
long length(std::string *s) { return static_cast<long>(s->size()); }
long first(std::vector<long> &v) { return v[0]; }
void bump(long &x) { ++x; }
void move_only(long *p) { ++p; }
long *same(long *p) { return p; }
void keep(long *p);  // no body anywhere
void hands_to_unknown(long *p) { keep(p); }
void recurse(long *p, int n) { if (n) recurse(p, n - 1); }
void recurse_and_write(long *p, int n) { if (n) recurse_and_write(p, n - 1); else *p = 1; }
struct Box {
  long n = 0;
  long *hits = nullptr;
  mutable long cache = 0;
  void set(long v) { n = v; }
  long get() const { return n; }
  void set_through() { set(1); }
  long count() const { ++*hits; return n; }
  long remember() const { cache = n; return cache; }
  long read_only() { return n + get(); }
};
struct Holder {
  explicit Holder(std::string *d) : dst(d) {}
  std::string *dst;
};
void lambdas() {
  long total = 0;
  auto add = [&](long v) { total += v; };
  auto read = [&](long v) { return total + v; };
  auto own = [n = 0L]() mutable { return ++n; };
  add(1);
  read(2);
  own();
}
)cpp"));
    Prog = std::make_unique<Program>(Units);
    Summaries = std::make_unique<WriteSummaries>(*Prog);
  }

  bool writes(const std::string &Name, unsigned Param, bool Object = false) {
    const FunctionFact *F = named(Prog->units()[0], Name);
    EXPECT_NE(F, nullptr) << Name;
    return F && Summaries->writes(F->usr, Param, Object);
  }

  bool lambdaWrites(unsigned Index) {
    std::vector<const FunctionFact *> Lambdas;
    for (const FunctionFact &F : Prog->units()[0].functions)
      if (llvm::StringRef(F.name).starts_with("lambda at"))
        Lambdas.push_back(&F);
    EXPECT_EQ(Lambdas.size(), 3u);
    return Index < Lambdas.size() && Summaries->writes(Lambdas[Index]->usr, 0, true);
  }

  std::vector<TUFacts> Units;
  std::unique_ptr<Program> Prog;
  std::unique_ptr<WriteSummaries> Summaries;
};

TEST_F(WriteEffects, DirectAndHandedOn) {
  EXPECT_TRUE(writes("put_varint", 0));
  EXPECT_TRUE(writes("put_fixed", 0));  // handed to put_varint
  EXPECT_FALSE(writes("length", 0));    // non-const, and only read
  EXPECT_FALSE(writes("first", 0));
  EXPECT_TRUE(writes("bump", 0));
  EXPECT_FALSE(writes("move_only", 0));  // its own copy of the pointer moves
  EXPECT_TRUE(writes("same", 0));        // handed back to the caller
  EXPECT_TRUE(writes("hands_to_unknown", 0));
  EXPECT_FALSE(writes("recurse", 0));  // a cycle with no write in it
  EXPECT_TRUE(writes("recurse_and_write", 0));
}

TEST_F(WriteEffects, Objects) {
  EXPECT_TRUE(writes("Box::set", 0, true));
  EXPECT_FALSE(writes("Box::get", 0, true));
  EXPECT_TRUE(writes("Box::set_through", 0, true));
  EXPECT_TRUE(writes("Box::count", 0, true));     // const, through a pointer field
  EXPECT_TRUE(writes("Box::remember", 0, true));  // const, a mutable field
  EXPECT_FALSE(writes("Box::read_only", 0, true));
  EXPECT_TRUE(writes("Holder::Holder", 0));  // kept in a field
}

TEST_F(WriteEffects, LambdaCaptures) {
  EXPECT_TRUE(lambdaWrites(0));   // total += v, by reference
  EXPECT_FALSE(lambdaWrites(1));  // reads total
  EXPECT_TRUE(lambdaWrites(2));   // its own copy, mutable
}

}  // namespace
}  // namespace concurlint
