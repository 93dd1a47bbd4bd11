// Every rule that createAllRules() registers has what a rule must have: its catalog entry (a rule
// missing from the catalog would be silently disabled), its doc page, its folder of test cases
// and its row in the README's rules table; and every rule of the catalog is registered.
// scripts/new-rule.sh creates all of them.
#include "engine/Catalog.h"
#include "rules/AllRules.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <set>
#include <string>

namespace concurlint {
namespace {

std::string sourcePath(llvm::StringRef Relative) {
  llvm::SmallString<256> Path(CONCUR_SOURCE_DIR);
  llvm::sys::path::append(Path, Relative);
  return Path.str().str();
}

std::set<std::string> registeredIds() {
  std::set<std::string> Ids;
  for (const std::unique_ptr<Rule> &R : createAllRules())
    Ids.insert(R->id().str());
  return Ids;
}

TEST(RuleRegistry, EveryRuleHasItsCatalogEntryPageCasesAndReadmeRow) {
  auto Readme = llvm::MemoryBuffer::getFile(sourcePath("README.md"));
  ASSERT_TRUE(Readme) << "README.md";
  std::set<std::string> Ids = registeredIds();
  ASSERT_FALSE(Ids.empty());
  for (const std::string &Id : Ids) {
    SCOPED_TRACE(Id);
    const RuleInfo *Info = RuleCatalog::builtin().find(Id);
    ASSERT_NE(Info, nullptr) << "no entry in engine/catalogs/rules.yaml";
    EXPECT_EQ(Info->docs, "rules/" + Id + ".md");
    EXPECT_TRUE(llvm::sys::fs::is_regular_file(sourcePath("docs/" + Info->docs)))
        << "no page docs/" << Info->docs;
    std::error_code EC;
    unsigned Cases = 0;
    for (llvm::sys::fs::directory_iterator It(sourcePath("tests/rules/" + Id), EC), End;
         !EC && It != End; It.increment(EC)) {
      llvm::StringRef Ext = llvm::sys::path::extension(It->path());
      if (Ext == ".c" || Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" ||
          llvm::sys::fs::is_directory(It->path()))
        ++Cases;
    }
    EXPECT_GT(Cases, 0u) << "no cases in tests/rules/" << Id;
    std::string Row = "| [" + Id + "](docs/rules/" + Id + ".md) |";
    EXPECT_NE((*Readme)->getBuffer().find(Row), llvm::StringRef::npos)
        << "no row in README.md's rules table";
  }
}

TEST(RuleRegistry, EveryCatalogRuleIsRegistered) {
  std::set<std::string> Ids = registeredIds();
  for (const RuleInfo &Info : RuleCatalog::builtin().rules()) {
    // The engine's own diagnostics (nolint) have no rule class; their page is elsewhere.
    if (!llvm::StringRef(Info.docs).starts_with("rules/"))
      continue;
    EXPECT_TRUE(Ids.count(Info.id)) << Info.id << " is in the catalog but not in createAllRules()";
  }
}

}  // namespace
}  // namespace concurlint
