#include "TestSupport.h"

#include "rules/AllRules.h"
#include "engine/Config.h"
#include "engine/Engine.h"
#include "facts/FactsExtractor.h"
#include "engine/Program.h"

#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace concurlint::test {

TUFacts extract(const std::string &Code, const std::string &Name) {
  TUFacts Facts;
  bool C = llvm::StringRef(Name).ends_with(".c");
  std::vector<std::string> Args = {C ? "-std=gnu17" : "-std=c++20", "-pthread",
                                   "-resource-dir=" CONCUR_CLANG_RESOURCE_DIR};
  bool Ok = clang::tooling::runToolOnCodeWithArgs(createFactsAction(Facts), Code, Args, Name);
  EXPECT_TRUE(Ok) << "the test code does not compile:\n" << Code;
  return Facts;
}

std::vector<Finding> lint(const std::vector<std::pair<std::string, std::string>> &TUs) {
  std::vector<TUFacts> Units;
  for (const auto &[Name, Code] : TUs)
    Units.push_back(extract(Code, Name));
  return lint(std::move(Units));
}

std::vector<Finding> lint(std::vector<TUFacts> Units) {
  std::vector<std::string> Files;
  for (const TUFacts &U : Units)
    Files.push_back(U.mainFile);
  Program P(std::move(Units));
  ConfigResolver Configs("", std::nullopt);
  EngineResult R = runRules(P, createAllRules(), Configs, Files);
  EXPECT_TRUE(R.configErrors.empty());
  return R.findings;
}

TempDir::TempDir() {
  llvm::SmallString<128> Dir;
  if (llvm::sys::fs::createUniqueDirectory("concur-lint-test", Dir))
    ADD_FAILURE() << "cannot create a temporary directory";
  Path = Dir.str().str();
  llvm::SmallString<128> Real;
  if (!llvm::sys::fs::real_path(Path, Real))
    Path = Real.str().str();
}

TempDir::~TempDir() { llvm::sys::fs::remove_directories(Path); }

std::string TempDir::write(const std::string &Relative, const std::string &Content) const {
  llvm::SmallString<256> File(Path);
  llvm::sys::path::append(File, Relative);
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(File));
  std::error_code EC;
  llvm::raw_fd_ostream OS(File, EC);
  EXPECT_FALSE(EC) << EC.message();
  OS << Content;
  return File.str().str();
}

const FunctionFact &fn(const TUFacts &T, llvm::StringRef Name) {
  for (const FunctionFact &F : T.functions)
    if (F.name == Name)
      return F;
  ADD_FAILURE() << "no function " << Name.str();
  static const FunctionFact None;
  return None;
}

unsigned lineOf(const std::string &Code, const std::string &Needle) {
  size_t Pos = Code.find(Needle);
  EXPECT_NE(Pos, std::string::npos) << Needle;
  if (Pos == std::string::npos)
    return 0;
  return 1 + static_cast<unsigned>(std::count(Code.begin(), Code.begin() + Pos, '\n'));
}

}  // namespace concurlint::test
