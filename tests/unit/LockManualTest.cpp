// lock-manual's guard advice across the program: the project's own RAII guard classes are facts
// of the TUs that define them, and a manual lock in a TU that does not see one is told of it.
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace concurlint;
using namespace concurlint::test;

namespace {

const char *MutexClass = R"cpp(
namespace port {
class Mutex {
public:
  void Lock() {}
  void Unlock() {}
};
}  // namespace port
)cpp";

const char *GuardClasses = R"cpp(
namespace db {
class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }
private:
  port::Mutex *mu_;
};
// Locks, but its destructor does not unlock: not a guard.
class Locker {
public:
  explicit Locker(port::Mutex &mu) { mu.Lock(); }
  ~Locker() {}
};
template <class M> class Generic {
public:
  explicit Generic(M &m) : m_(m) { m_.Lock(); }
  ~Generic() { m_.Unlock(); }
private:
  M &m_;
};
}  // namespace db
)cpp";

const char *ManualUse = R"cpp(
port::Mutex table_mu;
int rows;
void add_row() {
  table_mu.Lock();
  ++rows;
  table_mu.Unlock();
}
)cpp";

}  // namespace

TEST(LockManualGuards, GuardClassesAreFactsOfTheirTU) {
  std::string Code = std::string(MutexClass) + GuardClasses;
  TUFacts T = extract(Code);
  ASSERT_EQ(T.guardClasses.size(), 1u) << "Locker does not unlock; a template has no one type";
  const GuardClassFact &G = T.guardClasses[0];
  EXPECT_EQ(G.name, "db::MutexLock");
  EXPECT_TRUE(G.byPointer);
  EXPECT_FALSE(G.shared);
  EXPECT_FALSE(G.mutexClass.empty());
  EXPECT_EQ(G.where.line, lineOf(Code, "class MutexLock"));
}

TEST(LockManualGuards, TheTUsOwnGuardIsTheFix) {
  TUFacts T = extract(std::string(MutexClass) + GuardClasses + ManualUse);
  const FunctionFact &F = fn(T, "add_row");
  ASSERT_EQ(F.manualLocks.size(), 1u);
  EXPECT_EQ(F.manualLocks[0].guardType, "db::MutexLock");
  ASSERT_FALSE(F.manualLocks[0].guardFix.empty());
  EXPECT_EQ(F.manualLocks[0].guardFix[0].text, "db::MutexLock guard(&table_mu);");
  EXPECT_EQ(F.manualLocks[0].guardHeader, "");
}

TEST(LockManualGuards, AGuardOfAnotherTUIsNamedWithoutAFix) {
  std::vector<Finding> Found =
      lint({{"guards.cpp", std::string(MutexClass) + GuardClasses + "void unused() {}\n"},
            {"table.cpp", std::string(MutexClass) + ManualUse}});
  std::vector<const Finding *> Manual;
  for (const Finding &F : Found)
    if (F.rule == "lock-manual")
      Manual.push_back(&F);
  ASSERT_EQ(Manual.size(), 1u);
  EXPECT_EQ(Manual[0]->severity, Severity::Info) << "every path unlocks: style";
  EXPECT_NE(Manual[0]->message.find("hold it with db::MutexLock (declared at guards.cpp:"),
            std::string::npos)
      << Manual[0]->message;
  EXPECT_FALSE(Manual[0]->hasFixes()) << "table.cpp does not include the guard's header";
}

TEST(LockManualGuards, NoGuardAnywhereSaysWhatOneWouldBe) {
  std::vector<Finding> Found = lint({{"table.cpp", std::string(MutexClass) + ManualUse}});
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].severity, Severity::Info);
  EXPECT_NE(Found[0].message.find("no guard class for this mutex type is in view"),
            std::string::npos)
      << Found[0].message;
  EXPECT_EQ(Found[0].message.find("std::lock_guard"), std::string::npos)
      << "std::lock_guard cannot call Lock()/Unlock()";
}

TEST(LockManualGuards, ALeakStaysAWarning) {
  std::vector<Finding> Found = lint({{"table.cpp", std::string(MutexClass) + R"cpp(
port::Mutex table_mu;
int rows;
bool add_row(int limit) {
  table_mu.Lock();
  if (rows > limit)
    return false;
  ++rows;
  table_mu.Unlock();
  return true;
}
)cpp"}});
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].severity, Severity::Warning);
}
