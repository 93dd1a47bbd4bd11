#include "engine/Nolint.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

TEST(Nolint, SameLineSuppressesEveryRule) {
  NolintIndex I("f.cpp", "a();\nb();  // NOLINT\nc();\n");
  EXPECT_FALSE(I.suppresses(1, "coro-blocking-call"));
  EXPECT_TRUE(I.suppresses(2, "coro-blocking-call"));
  EXPECT_FALSE(I.suppresses(3, "coro-blocking-call"));
  EXPECT_TRUE(I.problems().empty());
}

TEST(Nolint, ListedRulesOnlyInBothSpellings) {
  NolintIndex I("f.cpp", "a(); // NOLINT(coro-blocking-call)\n"
                         "b(); // NOLINT(concur-coro-*)\n"
                         "c(); // NOLINT(other-rule)\n"
                         "d(); // NOLINT(concur-*, -coro-blocking-call)\n");
  EXPECT_TRUE(I.suppresses(1, "coro-blocking-call"));
  EXPECT_TRUE(I.suppresses(2, "coro-blocking-call"));
  EXPECT_FALSE(I.suppresses(3, "coro-blocking-call"));
  EXPECT_FALSE(I.suppresses(4, "coro-blocking-call"));
  EXPECT_TRUE(I.suppresses(4, "race-shared-global"));
}

TEST(Nolint, NextLine) {
  NolintIndex I("f.cpp", "// NOLINTNEXTLINE(coro-blocking-call)\nb();\nc();\n");
  EXPECT_FALSE(I.suppresses(1, "coro-blocking-call"));
  EXPECT_TRUE(I.suppresses(2, "coro-blocking-call"));
  EXPECT_FALSE(I.suppresses(3, "coro-blocking-call"));
}

TEST(Nolint, NolintFooIsNotADirective) {
  NolintIndex I("f.cpp", "b(); // NOLINTED\n");
  EXPECT_FALSE(I.suppresses(1, "coro-blocking-call"));
}

TEST(Nolint, BeginEndRange) {
  NolintIndex I("f.cpp", "a();\n// NOLINTBEGIN(coro-*)\nb();\nc();\n// NOLINTEND(coro-*)\nd();\n");
  EXPECT_FALSE(I.suppresses(1, "coro-blocking-call"));
  EXPECT_TRUE(I.suppresses(3, "coro-blocking-call"));
  EXPECT_TRUE(I.suppresses(4, "coro-blocking-call"));
  EXPECT_FALSE(I.suppresses(6, "coro-blocking-call"));
  EXPECT_FALSE(I.suppresses(3, "race-shared-global"));
  EXPECT_TRUE(I.problems().empty());
}

TEST(Nolint, UnmatchedBeginAndEndAreErrors) {
  NolintIndex I("f.cpp", "// NOLINTBEGIN(a)\nx();\n// NOLINTEND(b)\n");
  ASSERT_EQ(I.problems().size(), 2u);
  // The END(b) has no BEGIN(b); the BEGIN(a) has no END(a) and suppresses nothing.
  EXPECT_EQ(I.problems()[0].where.line, 3u);
  EXPECT_EQ(I.problems()[1].where.line, 1u);
  EXPECT_EQ(I.problems()[1].rule, "nolint");
  EXPECT_EQ(I.problems()[1].severity, Severity::Error);
  EXPECT_NE(I.problems()[1].message.find("NOLINTBEGIN"), std::string::npos);
  EXPECT_FALSE(I.suppresses(2, "a"));
}

}  // namespace
}  // namespace concurlint
