#include "driver/ShardFile.h"

#include "facts/FactsCodec.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>

namespace concurlint {
namespace {

ShardData sample() {
  ShardData D;
  D.shard = {2, 3};
  D.totalJobs = 5;
  D.analysedFiles = {{1, "/src/b.cpp"}, {4, "/src/e.cpp"}, {4, "/src/e.h"}};
  TUFacts T;
  T.mainFile = "/src/b.cpp";
  T.files = {{"/src/b.cpp", "00ff"}};
  FunctionFact F;
  F.usr = "c:@F@f#";
  F.name = "f";
  T.functions.push_back(F);
  D.units.push_back({1, T});
  D.errors.push_back({4, false, {"/src/e.cpp", "/src/e.cpp: cannot be analysed"}});
  D.errors.push_back({0, true, {"/src/x.cpp", "/src/x.cpp: no such file"}});
  return D;
}

TEST(ShardFile, RoundTrips) {
  ShardData D = sample();
  llvm::Expected<ShardData> Back = parseShard(writeShard(D), "s.json");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->shard.index, 2u);
  EXPECT_EQ(Back->shard.count, 3u);
  EXPECT_EQ(Back->totalJobs, 5u);
  EXPECT_EQ(Back->analysedFiles, D.analysedFiles);
  ASSERT_EQ(Back->units.size(), 1u);
  EXPECT_EQ(Back->units[0].index, 1u);
  EXPECT_EQ(Back->units[0].facts, D.units[0].facts);
  ASSERT_EQ(Back->errors.size(), 2u);
  EXPECT_FALSE(Back->errors[0].input);
  EXPECT_TRUE(Back->errors[1].input);
  EXPECT_EQ(Back->errors[1].error.message, "/src/x.cpp: no such file");
}

std::string errorOf(llvm::StringRef Text) {
  llvm::Expected<ShardData> D = parseShard(Text, "bad.json");
  if (D)
    return "";
  return llvm::toString(D.takeError());
}

/// The good file's first line (its JSON header) and the rest (the facts).
std::pair<std::string, std::string> headerAndFacts() {
  std::string Text = writeShard(sample());
  size_t Newline = Text.find('\n');
  return {Text.substr(0, Newline), Text.substr(Newline + 1)};
}

TEST(ShardFile, IsAJsonLineThenTheFactsInTheCacheEncoding) {
  auto [Header, Facts] = headerAndFacts();
  llvm::Expected<llvm::json::Value> Json = llvm::json::parse(Header);
  ASSERT_TRUE(bool(Json)) << llvm::toString(Json.takeError());
  const llvm::json::Object *O = Json->getAsObject();
  EXPECT_EQ(O->getString("kind"), "concur-lint facts shard");
  EXPECT_EQ(O->getInteger("layout"), 2);
  EXPECT_EQ(O->getString("checksum"), contentHash(Facts));
  std::string Encoded;
  encodeFacts(sample().units[0].facts, Encoded);
  EXPECT_EQ(Facts, Encoded);
  EXPECT_EQ((*O->getArray("units"))[0].getAsObject()->getInteger("size"),
            static_cast<int64_t>(Encoded.size()));
}

TEST(ShardFile, RefusesWhatIsNotAShardNamingTheFile) {
  EXPECT_EQ(errorOf("").rfind("bad.json: error: not a concur-lint shard file", 0), 0u);
  EXPECT_EQ(errorOf("[1, 2]").rfind("bad.json: error: not a concur-lint shard file", 0), 0u);
  EXPECT_EQ(errorOf(R"({"kind": "other"})").rfind("bad.json: error: not a concur-lint", 0), 0u);
  EXPECT_EQ(errorOf("\x01\x02\n{}").rfind("bad.json: error: not a concur-lint shard file", 0),
            0u);

  // The good file with one change made through its header, and the facts as they are (or as
  // `Facts` makes them, with a checksum that matches).
  auto Mutated = [](llvm::function_ref<void(llvm::json::Object &)> Change,
                    std::optional<std::string> Facts = std::nullopt) {
    auto [HeaderText, Good] = headerAndFacts();
    llvm::Expected<llvm::json::Value> Json = llvm::json::parse(HeaderText);
    EXPECT_TRUE(bool(Json));
    if (Facts)
      (*Json->getAsObject())["checksum"] = contentHash(*Facts);
    Change(*Json->getAsObject());
    std::string Text;
    llvm::raw_string_ostream(Text) << *Json << "\n" << (Facts ? *Facts : Good);
    return errorOf(Text);
  };
  EXPECT_EQ(Mutated([](llvm::json::Object &) {}), "");
  std::string Foreign = Mutated([](llvm::json::Object &O) { O["format"] = 999; });
  EXPECT_NE(Foreign.find("bad.json: error: written by concur-lint"), std::string::npos) << Foreign;
  EXPECT_NE(Foreign.find("facts format 999"), std::string::npos) << Foreign;
  // A shard file of the first layout (the facts as JSON in the header).
  std::string OldLayout = Mutated([](llvm::json::Object &O) { O.erase("layout"); });
  EXPECT_NE(OldLayout.find("shard layout 1"), std::string::npos) << OldLayout;
  EXPECT_NE(OldLayout.find("run the shards again"), std::string::npos) << OldLayout;
  EXPECT_NE(Mutated([](llvm::json::Object &O) { O["shard"] = "4/3"; }).find("bad \"shard\""),
            std::string::npos);
  // A unit whose position is outside the run.
  std::string Outside = Mutated([](llvm::json::Object &O) {
    (*(*O.getArray("units"))[0].getAsObject())["index"] = 9;
  });
  EXPECT_NE(Outside.find("units[0] has no valid \"index\""), std::string::npos) << Outside;
  std::string TooBig = Mutated([](llvm::json::Object &O) {
    (*(*O.getArray("units"))[0].getAsObject())["size"] = 1 << 20;
  });
  EXPECT_NE(TooBig.find("units[0] has no valid \"size\""), std::string::npos) << TooBig;
  // Truncated or damaged facts: the checksum says so before anything is decoded.
  std::string Good = headerAndFacts().second;
  std::string Truncated = writeShard(sample());
  Truncated.resize(Truncated.size() - 3);
  EXPECT_NE(errorOf(Truncated).find("truncated or damaged"), std::string::npos);
  // Facts that do not decode, under a checksum that matches: the error says which unit.
  std::string BadFacts = Mutated([](llvm::json::Object &) {}, std::string(Good.size(), '\xff'));
  EXPECT_NE(BadFacts.find("the facts of units[0]"), std::string::npos) << BadFacts;
  EXPECT_EQ(BadFacts.rfind("bad.json: error: malformed shard file", 0), 0u) << BadFacts;
  // Bytes after the last unit.
  std::string Trailing = Mutated([](llvm::json::Object &) {}, Good + "x");
  EXPECT_NE(Trailing.find("1 byte(s) after the last unit"), std::string::npos) << Trailing;
}

TEST(ShardFile, SpecIsOneBased) {
  llvm::Expected<ShardSpec> S = parseShardSpec("1/4");
  ASSERT_TRUE(bool(S));
  EXPECT_EQ(S->index, 1u);
  EXPECT_EQ(S->count, 4u);
  for (const char *Bad : {"0/4", "5/4", "1/0", "1", "a/b", "1/4/2", "-1/4", ""}) {
    llvm::Expected<ShardSpec> B = parseShardSpec(Bad);
    EXPECT_FALSE(bool(B)) << Bad;
    if (!B)
      llvm::consumeError(B.takeError());
  }
}

TEST(ShardFile, SlicesPartitionTheFilesWhateverTheirOrder) {
  std::vector<std::string> Files = {"/p/d.cpp", "/p/a.cpp", "/p/c.cpp", "/p/b.cpp", "/p/e.cpp"};
  std::vector<std::string> Shuffled = {"/p/e.cpp", "/p/c.cpp", "/p/a.cpp", "/p/d.cpp", "/p/b.cpp"};
  std::set<std::string> Seen;
  for (unsigned I = 1; I <= 3; ++I) {
    std::set<std::string> Mine, MineShuffled;
    for (size_t K : shardSlice(Files, {I, 3}))
      Mine.insert(Files[K]);
    for (size_t K : shardSlice(Shuffled, {I, 3}))
      MineShuffled.insert(Shuffled[K]);
    EXPECT_EQ(Mine, MineShuffled) << "shard " << I;  // by path, not by position
    for (const std::string &F : Mine)
      EXPECT_TRUE(Seen.insert(F).second) << F << " in two shards";
  }
  EXPECT_EQ(Seen.size(), Files.size());
  // Sorted paths dealt round-robin: a, d to shard 1; b, e to 2; c to 3.
  std::vector<size_t> First = shardSlice(Files, {1, 3});
  ASSERT_EQ(First.size(), 2u);
  EXPECT_EQ(Files[First[0]], "/p/d.cpp");
  EXPECT_EQ(Files[First[1]], "/p/a.cpp");
}

}  // namespace
}  // namespace concurlint
