#include "facts/Facts.h"

#include "SampleFacts.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::sample;

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
