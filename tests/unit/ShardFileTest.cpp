#include "tool/core/ShardFile.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

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

TEST(ShardFile, RefusesWhatIsNotAShardNamingTheFile) {
  EXPECT_EQ(errorOf("").rfind("bad.json: error: not a concur-lint shard file", 0), 0u);
  EXPECT_EQ(errorOf("[1, 2]").rfind("bad.json: error: not a concur-lint shard file", 0), 0u);
  EXPECT_EQ(errorOf(R"({"kind": "other"})").rfind("bad.json: error: not a concur-lint", 0), 0u);

  // The good file with one change made through its JSON.
  auto Mutated = [](llvm::function_ref<void(llvm::json::Object &)> Change) {
    llvm::Expected<llvm::json::Value> Json = llvm::json::parse(writeShard(sample()));
    EXPECT_TRUE(bool(Json));
    Change(*Json->getAsObject());
    std::string Text;
    llvm::raw_string_ostream(Text) << *Json;
    return errorOf(Text);
  };
  EXPECT_EQ(Mutated([](llvm::json::Object &) {}), "");
  std::string Foreign = Mutated([](llvm::json::Object &O) { O["format"] = 999; });
  EXPECT_NE(Foreign.find("bad.json: error: written by concur-lint"), std::string::npos) << Foreign;
  EXPECT_NE(Foreign.find("facts format 999"), std::string::npos) << Foreign;
  EXPECT_NE(Mutated([](llvm::json::Object &O) { O["shard"] = "4/3"; }).find("bad \"shard\""),
            std::string::npos);
  // A unit whose position is outside the run.
  std::string Outside = Mutated([](llvm::json::Object &O) {
    (*(*O.getArray("units"))[0].getAsObject())["index"] = 9;
  });
  EXPECT_NE(Outside.find("units[0] has no valid \"index\""), std::string::npos) << Outside;
  // Facts that do not decode: the error says where.
  std::string BadFacts = Mutated([](llvm::json::Object &O) {
    (*(*O.getArray("units"))[0].getAsObject()->getObject("facts"))["main_file"] = 7;
  });
  EXPECT_NE(BadFacts.find("units[0].facts"), std::string::npos) << BadFacts;
  EXPECT_EQ(BadFacts.rfind("bad.json: error: malformed shard file", 0), 0u) << BadFacts;
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
