// The report must be the same on every run: it may not depend on where in memory the facts
// were allocated (which -j changes from run to run), nor on the order the TUs come in (shards
// linked in any order). A rule that orders by address picks a different witness each time.
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>

namespace concurlint {
namespace {

// The shape memcached showed: the conflicting read is reached through two thread starts, in
// two files; which start the report names must not change.
const char *MainTU = R"cpp(
#include <mutex>
#include <thread>
int shared_value;
std::mutex lock_a;
void start_a();
void start_b();
void writer() { shared_value = 1; }
int main() {
  std::thread w(writer);
  start_a();
  start_b();
  w.join();
}
)cpp";

const char *StartA = R"cpp(
#include <mutex>
#include <thread>
extern int shared_value;
extern std::mutex lock_a;
int reader() { std::lock_guard<std::mutex> g(lock_a); return shared_value; }
void start_a() { std::thread(reader).detach(); }
)cpp";

const char *StartB = R"cpp(
#include <thread>
int reader();
void start_b() { std::thread(reader).detach(); }
)cpp";

std::string render(const std::vector<Finding> &Findings) {
  std::string Out;
  for (const Finding &F : Findings) {
    Out += F.where.file + ":" + std::to_string(F.where.line) + ": " + F.message + " [" + F.rule +
           "]\n";
    for (const Note &N : F.notes)
      Out += "  " + N.where.file + ":" + std::to_string(N.where.line) + ": " + N.message + "\n";
  }
  return Out;
}

std::string lintUnits(std::vector<TUFacts> Units) { return render(test::lint(std::move(Units))); }

class Determinism : public ::testing::Test {
protected:
  void SetUp() override {
    Main = test::extract(MainTU, "main.cpp");
    A = test::extract(StartA, "a.cpp");
    B = test::extract(StartB, "b.cpp");
  }
  TUFacts Main, A, B;
};

/// Where the first call in the function `Name` of `U` lives.
const void *firstCallIn(const TUFacts &U, llvm::StringRef Name) {
  for (const FunctionFact &F : U.functions)
    if (F.name == Name && !F.calls.empty())
      return &F.calls.front();
  ADD_FAILURE() << "no call in " << Name.str();
  return nullptr;
}

TEST_F(Determinism, ReportDoesNotDependOnWhereFactsAreAllocated) {
  // Copies of the same facts, made until start_a's thread start has been laid out in memory
  // both below and above start_b's; the program sees the TUs in the same order every time.
  std::optional<std::string> ABelowB, AAboveB;
  for (int Try = 0; Try < 64 && !(ABelowB && AAboveB); ++Try) {
    std::optional<TUFacts> CopyA, CopyB;
    if (Try % 2 == 0) {
      CopyA = A;
      CopyB = B;
    } else {
      CopyB = B;
      CopyA = A;
    }
    bool Below = std::less<const void *>()(firstCallIn(*CopyA, "start_a"),
                                          firstCallIn(*CopyB, "start_b"));
    std::vector<TUFacts> Units;
    Units.push_back(Main);
    Units.push_back(std::move(*CopyA));  // a move keeps the vectors' buffers where they are
    Units.push_back(std::move(*CopyB));
    (Below ? ABelowB : AAboveB) = lintUnits(std::move(Units));
  }
  ASSERT_TRUE(ABelowB && AAboveB) << "the allocator never laid the copies out both ways";
  EXPECT_NE(ABelowB->find("data race on 'shared_value'"), std::string::npos) << *ABelowB;
  EXPECT_EQ(*ABelowB, *AAboveB);
}

TEST_F(Determinism, ReportDoesNotDependOnTheOrderOfTheUnits) {
  std::string Expected = lintUnits({Main, A, B});
  EXPECT_EQ(Expected, lintUnits({B, A, Main}));
  EXPECT_EQ(Expected, lintUnits({A, Main, B}));
}

TEST_F(Determinism, AThreadStartDownAChainIsNamedAsOne) {
  std::string Report = lintUnits({Main, A, B});
  // The reader runs on a thread that start_a (or start_b) starts: not a call.
  EXPECT_NE(Report.find("the other thread started here, running 'reader'"), std::string::npos)
      << Report;
  EXPECT_EQ(Report.find("calls 'reader' here"), std::string::npos) << Report;
}

}  // namespace
}  // namespace concurlint
