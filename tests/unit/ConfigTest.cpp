#include "TestSupport.h"

#include "engine/Config.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::TempDir;

std::string errorOf(llvm::Expected<ConfigLayer> L) {
  EXPECT_FALSE(bool(L));
  return L ? std::string() : llvm::toString(L.takeError());
}

TEST(Glob, Matching) {
  EXPECT_TRUE(globMatch("*", "anything"));
  EXPECT_TRUE(globMatch("coro-*", "coro-blocking-call"));
  EXPECT_TRUE(globMatch("*-call", "coro-blocking-call"));
  EXPECT_TRUE(globMatch("c*o*", "coro"));
  EXPECT_FALSE(globMatch("race-*", "coro-blocking-call"));
  EXPECT_FALSE(globMatch("coro", "coro-blocking-call"));
  EXPECT_TRUE(ruleMatches("concur-coro-*", "coro-blocking-call"));
  EXPECT_TRUE(ruleMatches("coro-blocking-call", "coro-blocking-call"));
}

TEST(Config, DefaultsComeFromTheCatalog) {
  Config C({});
  EXPECT_TRUE(C.enabled("coro-blocking-call"));
  EXPECT_EQ(C.severity("coro-blocking-call"), Severity::Warning);
  EXPECT_TRUE(C.boolOption("coro-blocking-call", "follow-calls"));
  EXPECT_EQ(C.option("coro-blocking-call", "max-depth"), "8");
  EXPECT_FALSE(C.enabled("no-such-rule"));
}

TEST(Config, LayersApplyInOrder) {
  auto Parent = parseConfigText("rules:\n  '*': false\n", "/p/.concur-lint.yaml");
  auto Child = parseConfigText("inherit: true\nrules:\n  coro-blocking-call:\n"
                               "    severity: error\n    options: {follow-calls: false}\n",
                               "/p/c/.concur-lint.yaml");
  ASSERT_TRUE(bool(Parent));
  ASSERT_TRUE(bool(Child));
  EXPECT_TRUE(Child->inherit);
  Config C({std::make_shared<ConfigLayer>(*Parent), std::make_shared<ConfigLayer>(*Child)});
  EXPECT_FALSE(C.enabled("coro-blocking-call"));  // severity alone does not re-enable
  EXPECT_EQ(C.severity("coro-blocking-call"), Severity::Error);
  EXPECT_FALSE(C.boolOption("coro-blocking-call", "follow-calls"));
  auto Cli = parseRulesFlag("coro-*");
  ASSERT_TRUE(bool(Cli));
  Config WithCli({std::make_shared<ConfigLayer>(*Parent), std::make_shared<ConfigLayer>(*Cli)});
  EXPECT_TRUE(WithCli.enabled("coro-blocking-call"));
}

TEST(Config, UnknownTopLevelKeySuggests) {
  std::string E = errorOf(parseConfigText("inherit: true\nrulez: {}\n", "/x/.concur-lint.yaml"));
  EXPECT_NE(E.find("/x/.concur-lint.yaml:2:1: error: unknown key 'rulez'"), std::string::npos) << E;
  EXPECT_NE(E.find("did you mean 'rules'?"), std::string::npos) << E;
}

TEST(Config, UnknownRuleSuggests) {
  std::string E = errorOf(parseConfigText("rules:\n  coro-blockng-call: false\n", "c.yaml"));
  EXPECT_NE(E.find("c.yaml:2:3: error: unknown rule 'coro-blockng-call'"), std::string::npos) << E;
  EXPECT_NE(E.find("did you mean 'coro-blocking-call'?"), std::string::npos) << E;
}

TEST(Config, UnknownSettingAndOptionSuggest) {
  std::string E = errorOf(
      parseConfigText("rules:\n  coro-blocking-call:\n    severty: error\n", "c.yaml"));
  EXPECT_NE(E.find("c.yaml:3:5:"), std::string::npos) << E;
  EXPECT_NE(E.find("did you mean 'severity'?"), std::string::npos) << E;
  E = errorOf(parseConfigText(
      "rules:\n  coro-blocking-call:\n    options:\n      follow-call: false\n", "c.yaml"));
  EXPECT_NE(E.find("c.yaml:4:7:"), std::string::npos) << E;
  EXPECT_NE(E.find("did you mean 'follow-calls'?"), std::string::npos) << E;
}

TEST(Config, BadValuesAreErrors) {
  EXPECT_NE(errorOf(parseConfigText("rules:\n  coro-blocking-call: {severity: loud}\n", "c"))
                .find("'severity' must be info, warning or error"),
            std::string::npos);
  EXPECT_NE(errorOf(parseConfigText("inherit: maybe\n", "c")).find("'inherit' must be"),
            std::string::npos);
  EXPECT_NE(errorOf(parseConfigText("- a\n- b\n", "c")).find("must be a mapping"),
            std::string::npos);
}

TEST(Config, InvalidYamlNamesLineAndColumn) {
  std::string E = errorOf(parseConfigText("rules:\n  a: [1, 2\n", "c.yaml"));
  EXPECT_NE(E.find("c.yaml:"), std::string::npos) << E;
  EXPECT_NE(E.find("invalid YAML"), std::string::npos) << E;
}

TEST(Config, EmptyFileConfiguresNothing) {
  auto L = parseConfigText("", "c.yaml");
  ASSERT_TRUE(bool(L));
  EXPECT_TRUE(L->rules.empty());
}

TEST(Config, RulesFlagRejectsUnknownIds) {
  auto L = parseRulesFlag("-*,coro-blockng-call");
  ASSERT_FALSE(bool(L));
  EXPECT_NE(llvm::toString(L.takeError()).find("did you mean 'coro-blocking-call'"),
            std::string::npos);
  auto Ok = parseRulesFlag("-*,concur-coro-blocking-call");
  ASSERT_TRUE(bool(Ok));
  ASSERT_EQ(Ok->rules.size(), 2u);
  EXPECT_FALSE(*Ok->rules[0].enabled);
}

TEST(Config, CatalogExtensionsAndRemovals) {
  auto L = parseConfigText("blocking-functions:\n"
                           "  - {name: mylib::fetch, category: network, instead: use fetch_async}\n"
                           "remove-blocking-functions: [std::mutex::lock]\n"
                           "frameworks:\n"
                           "  - name: myco\n    coroutine-types: [myco::Task]\n"
                           "    fixes: {sleep: 'co_await myco::sleep({0})'}\n",
                           "c.yaml");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  Config C({std::make_shared<ConfigLayer>(*L)});
  bool Added = false, Removed = true;
  for (const BlockingFunction &F : C.blocking().functions) {
    Added |= F.name == "mylib::fetch" && F.category == BlockingCategory::Network;
    Removed &= F.name != "std::mutex::lock";
  }
  EXPECT_TRUE(Added);
  EXPECT_TRUE(Removed);
  ASSERT_FALSE(C.blocking().frameworks.empty());
  EXPECT_EQ(C.blocking().frameworks.front().name, "myco");  // the nearest config is tried first
}

TEST(ConfigResolver, NearestWinsAndInheritMerges) {
  TempDir D;
  D.write(".concur-lint.yaml", "rules:\n  coro-blocking-call: {severity: error}\n");
  D.write("a/.concur-lint.yaml", "rules:\n  coro-blocking-call: {options: {max-depth: 3}}\n");
  D.write("b/.concur-lint.yaml",
          "inherit: true\nrules:\n  coro-blocking-call: {options: {max-depth: 3}}\n");
  ConfigResolver R("", std::nullopt);
  auto InA = R.forFile(D.path() + "/a/x.cpp");
  auto InB = R.forFile(D.path() + "/b/deeper/x.cpp");
  auto AtTop = R.forFile(D.path() + "/x.cpp");
  ASSERT_TRUE(InA && InB && AtTop);
  EXPECT_EQ((*InA)->severity("coro-blocking-call"), Severity::Warning);  // no inherit
  EXPECT_EQ((*InA)->option("coro-blocking-call", "max-depth"), "3");
  EXPECT_EQ((*InB)->severity("coro-blocking-call"), Severity::Error);  // inherited
  EXPECT_EQ((*InB)->option("coro-blocking-call", "max-depth"), "3");
  EXPECT_EQ((*AtTop)->severity("coro-blocking-call"), Severity::Error);
}

TEST(ConfigResolver, BrokenFileIsAnError) {
  TempDir D;
  D.write(".concur-lint.yaml", "rules: [\n");
  ConfigResolver R("", std::nullopt);
  auto C = R.forFile(D.path() + "/x.cpp");
  ASSERT_FALSE(bool(C));
  EXPECT_NE(llvm::toString(C.takeError()).find(D.path() + "/.concur-lint.yaml:"),
            std::string::npos);
}

TEST(Config, ThreadCatalogIsExtended) {
  auto L = parseConfigText(R"yaml(
thread-spawners:
  - {name: mylib::spawn, entry: 1, args: 2, handle: object, many: true}
thread-joiners:
  - {name: mylib::Handle::wait}
thread-safe-types: [mylib::Queue]
)yaml",
                           "/p/.concur-lint.yaml");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  Config C({std::make_shared<const ConfigLayer>(std::move(*L))});
  CallFact Spawn;
  Spawn.callee = "mylib::spawn";
  const ThreadSpawner *S = C.threads().spawner(Spawn);
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(S->entry, 1);
  EXPECT_EQ(S->args, 2u);
  EXPECT_EQ(S->handle, "object");
  EXPECT_TRUE(S->many);
  CallFact Wait;
  Wait.callee = "mylib::Handle::wait";
  ASSERT_NE(C.threads().joiner(Wait), nullptr);
  EXPECT_EQ(C.threads().joiner(Wait)->handle, "object");
  EXPECT_TRUE(C.threads().threadSafe("mylib::Queue"));
  EXPECT_TRUE(C.threads().threadSafe("std::mutex"));  // the built-in entries stay
  CallFact Thread;
  Thread.callee = "std::thread::thread";
  Thread.isConstruction = true;
  EXPECT_NE(C.threads().spawner(Thread), nullptr);
}

TEST(Config, BadThreadSpawnerNamesTheLine) {
  std::string E = errorOf(parseConfigText("thread-spawners:\n  - {name: f, handel: result}\n",
                                          "/p/.concur-lint.yaml"));
  EXPECT_NE(E.find("/p/.concur-lint.yaml:2:"), std::string::npos) << E;
  EXPECT_NE(E.find("did you mean 'handle'"), std::string::npos) << E;
  E = errorOf(parseConfigText("thread-spawners:\n  - {name: f, handle: returned}\n",
                              "/p/.concur-lint.yaml"));
  EXPECT_NE(E.find("'handle' must be result, object, none or argN"), std::string::npos) << E;
  // Any argument may hold the handle (a wrapper's `pthread_t *out` is not always the first).
  llvm::Expected<ConfigLayer> Arg2 =
      parseConfigText("thread-spawners:\n  - {name: f, entry: 1, handle: arg2}\n", "/p/x.yaml");
  ASSERT_TRUE(static_cast<bool>(Arg2)) << llvm::toString(Arg2.takeError());
  ASSERT_EQ(Arg2->addSpawners.size(), 1u);
  EXPECT_EQ(Arg2->addSpawners[0].handle, "arg2");
  E = errorOf(parseConfigText("thread-spawners:\n  - {name: f, handle: argX}\n",
                              "/p/.concur-lint.yaml"));
  EXPECT_NE(E.find("'handle' must be"), std::string::npos) << E;
  // A join that may give up says what it returns when it joined.
  llvm::Expected<ConfigLayer> Try = parseConfigText(
      "thread-joiners:\n  - {name: h::try_wait, handle: object, joined-when: 0}\n", "/p/x.yaml");
  ASSERT_TRUE(static_cast<bool>(Try)) << llvm::toString(Try.takeError());
  ASSERT_EQ(Try->addJoiners.size(), 1u);
  EXPECT_EQ(Try->addJoiners[0].joinedWhen, "0");
  E = errorOf(parseConfigText("thread-joiners:\n  - {name: h::try_wait, joined-when: yes}\n",
                              "/p/.concur-lint.yaml"));
  EXPECT_NE(E.find("/p/.concur-lint.yaml:2:"), std::string::npos) << E;
  EXPECT_NE(E.find("'joined-when' must be an integer"), std::string::npos) << E;
  E = errorOf(parseConfigText("thread-safe-types: {a: b}\n", "/p/.concur-lint.yaml"));
  EXPECT_NE(E.find("'thread-safe-types' must be a list"), std::string::npos) << E;
}

}  // namespace
}  // namespace concurlint
