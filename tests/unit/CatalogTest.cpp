#include "engine/Catalog.h"

#include <gtest/gtest.h>
#include <set>
#include <yaml-cpp/yaml.h>

namespace concurlint {
namespace {

TEST(Catalog, BuiltinRulesHaveEverythingTheReportsNeed) {
  const RuleCatalog &C = RuleCatalog::builtin();
  ASSERT_NE(C.find("coro-blocking-call"), nullptr);
  EXPECT_EQ(C.find("concur-coro-blocking-call"), C.find("coro-blocking-call"));
  for (const RuleInfo &R : C.rules()) {
    EXPECT_FALSE(R.summary.empty()) << R.id;
    EXPECT_FALSE(R.description.empty()) << R.id;
    EXPECT_FALSE(R.docs.empty()) << R.id;
  }
  EXPECT_EQ(C.suggest("coro-blockng-call"), "coro-blocking-call");
  EXPECT_EQ(C.suggest("completely-different"), "");
}

TEST(Catalog, BlockingCatalogCoversTheIssueList) {
  std::set<std::string> Names;
  for (const BlockingFunction &F : builtinBlockingCatalog().functions) {
    EXPECT_TRUE(Names.insert(F.name + "/" + (F.on.empty() ? "" : F.on.front())).second)
        << "listed twice: " << F.name;
  }
  for (const char *Required :
       {"std::this_thread::sleep_for/", "std::this_thread::sleep_until/", "sleep/", "usleep/",
        "nanosleep/", "thrd_sleep/", "std::future::get/", "std::future::wait/",
        "std::shared_future::get/", "std::thread::join/", "std::condition_variable::wait/",
        "std::latch::wait/", "std::barrier::wait/", "std::mutex::lock/", "pthread_join/",
        "pthread_mutex_lock/", "sem_wait/", "read/", "write/", "recv/", "send/", "accept/",
        "connect/", "poll/", "select/", "fread/", "fgets/",
        "std::getline/std::basic_ifstream", "system/", "popen/", "waitpid/"})
    EXPECT_TRUE(Names.count(Required)) << "missing from the catalog: " << Required;
  for (BlockingCategory Category : {BlockingCategory::Sleep, BlockingCategory::File,
                                    BlockingCategory::Network, BlockingCategory::Sync,
                                    BlockingCategory::Process})
    EXPECT_TRUE(builtinBlockingCatalog().categoryAdvice.count(Category)) << nameOf(Category).str();
}

TEST(Catalog, FrameworksOfferSleepFixes) {
  bool Concur = false, Asio = false;
  for (const Framework &F : builtinBlockingCatalog().frameworks) {
    if (F.name == "concur")
      Concur = F.fixes.count("std::this_thread::sleep_for") == 1;
    if (F.name == "asio")
      Asio = F.fixes.count("std::this_thread::sleep_for") == 1;
  }
  EXPECT_TRUE(Concur);
  EXPECT_TRUE(Asio);
}

TEST(Catalog, BlockingFunctionErrorsNameTheLine) {
  YAML::Node N = YAML::Load("\n{name: f, category: slep}");
  auto F = parseBlockingFunction(N, "cfg.yaml");
  ASSERT_FALSE(bool(F));
  std::string Message = llvm::toString(F.takeError());
  EXPECT_NE(Message.find("cfg.yaml:2:"), std::string::npos) << Message;
  EXPECT_NE(Message.find("must be one of"), std::string::npos) << Message;
}

TEST(Catalog, FrameworkIncludeMustBeBracketedOrQuoted) {
  YAML::Node N = YAML::Load("{name: x, coroutine-types: [x::Task], include: x.h}");
  auto F = parseFramework(N, "cfg.yaml");
  ASSERT_FALSE(bool(F));
  EXPECT_NE(llvm::toString(F.takeError()).find("'include'"), std::string::npos);
}

TEST(Catalog, ConcurOffloadsFileNetworkAndProcessCalls) {
  const Framework *Concur = nullptr;
  for (const Framework &F : builtinBlockingCatalog().frameworks)
    if (F.name == "concur")
      Concur = &F;
  ASSERT_NE(Concur, nullptr);
  EXPECT_EQ(Concur->offload.include, "<concur/to_thread.h>");
  EXPECT_NE(Concur->offload.replacement.find("{call}"), std::string::npos);
  EXPECT_EQ(Concur->offload.categories,
            (std::vector<BlockingCategory>{BlockingCategory::File, BlockingCategory::Network,
                                           BlockingCategory::Process}));
  EXPECT_EQ(Concur->offload.except, std::vector<std::string>{"fork"});
}

TEST(Catalog, OffloadErrorsSayWhatIsWrong) {
  auto Error = [](const char *Yaml) {
    auto F = parseFramework(YAML::Load(Yaml), "cfg.yaml");
    return F ? std::string() : llvm::toString(F.takeError());
  };
  EXPECT_NE(Error("{name: x, coroutine-types: [x::Task], offload: {replacement: 'run()', "
                  "categories: [file]}}")
                .find("must contain {call}"),
            std::string::npos);
  EXPECT_NE(Error("{name: x, coroutine-types: [x::Task], offload: {replacement: '{call}', "
                  "categories: [disk]}}")
                .find("offload category 'disk' must be one of"),
            std::string::npos);
  EXPECT_NE(Error("{name: x, coroutine-types: [x::Task], offload: {replacement: '{call}'}}")
                .find("needs 'categories'"),
            std::string::npos);
  EXPECT_NE(Error("{name: x, coroutine-types: [x::Task], offload: {replacement: '{call}', "
                  "categories: [file], include: x.h}}")
                .find("'include'"),
            std::string::npos);
  EXPECT_NE(Error("{name: x, coroutine-types: [x::Task], offload: {replacement: '{call}', "
                  "categories: [file], exept: [f]}}")
                .find("exept"),
            std::string::npos);
  EXPECT_EQ(Error("{name: x, coroutine-types: [x::Task], offload: {replacement: 'go({call})', "
                  "categories: [file, network], except: [accept]}}"),
            "");
}

}  // namespace
}  // namespace concurlint
