#include "TestSupport.h"

#include "driver/Inputs.h"

#include <gtest/gtest.h>

namespace concurlint {
namespace {

using test::TempDir;

std::string commandLine(const CompileJob &J) {
  std::string Out;
  for (const std::string &A : J.command.CommandLine)
    Out += A + " ";
  return Out;
}

TEST(Inputs, FallbackFlagsWithoutDatabase) {
  TempDir D;
  D.write("src/a.cpp", "");
  D.write("src/b.c", "");
  D.write("src/.hidden/c.cpp", "");
  D.write("src/notes.txt", "");
  InputResolver R({"", {"-DX=1"}});
  ASSERT_FALSE(bool(R.init()));
  auto Res = R.resolve({D.path() + "/src"});
  ASSERT_TRUE(bool(Res));
  ASSERT_EQ(Res->jobs.size(), 2u);
  EXPECT_EQ(Res->jobs[0].file, D.path() + "/src/a.cpp");
  EXPECT_EQ(commandLine(Res->jobs[0]), "clang++ -std=c++20 -pthread -DX=1 " + D.path() +
                                           "/src/a.cpp ");
  EXPECT_EQ(commandLine(Res->jobs[1]), "clang -std=c11 -pthread -DX=1 " + D.path() +
                                           "/src/b.c ");
}

TEST(Inputs, FallbackFlagsAddOpenMPWhereTheFileUsesIt) {
  TempDir D;
  D.write("a.c", "int f(void) {\n  #  pragma omp parallel\n  {}\n  return 0;\n}\n");
  D.write("b.cpp", "#include <omp.h>\nint f() { return omp_get_max_threads(); }\n");
  D.write("c.cpp", "#pragma once\n#pragma ompx\n// #pragma omp parallel\n");
  InputResolver R({"", {}});
  ASSERT_FALSE(bool(R.init()));
  auto Res = R.resolve({D.path()});
  ASSERT_TRUE(bool(Res));
  ASSERT_EQ(Res->jobs.size(), 3u);
  EXPECT_EQ(commandLine(Res->jobs[0]), "clang -std=c11 -pthread -fopenmp " + D.path() + "/a.c ");
  EXPECT_EQ(commandLine(Res->jobs[1]),
            "clang++ -std=c++20 -pthread -fopenmp " + D.path() + "/b.cpp ");
  EXPECT_EQ(commandLine(Res->jobs[2]), "clang++ -std=c++20 -pthread " + D.path() + "/c.cpp ");
}

TEST(Inputs, DatabaseInAParentsBuildDirectory) {
  TempDir D;
  D.write("proj/src/a.cpp", "");
  D.write("proj/src/extra.cpp", "");  // not in the database
  D.write("proj/build/compile_commands.json",
          "[{\"directory\": \"" + D.path() + "/proj/build\", \"file\": \"../src/a.cpp\", "
          "\"command\": \"c++ -DFROM_DB -c ../src/a.cpp -o a.o\"}]");
  InputResolver R({"", {}});
  auto Res = R.resolve({D.path() + "/proj/src"});
  ASSERT_TRUE(bool(Res)) << llvm::toString(Res.takeError());
  // Through the database: only the TU it lists under the directory.
  ASSERT_EQ(Res->jobs.size(), 1u);
  EXPECT_NE(commandLine(Res->jobs[0]).find("-DFROM_DB"), std::string::npos);
  // A file given explicitly but missing from the database gets its neighbour's flags.
  auto Job = R.jobFor(D.path() + "/proj/src/extra.cpp");
  ASSERT_TRUE(bool(Job));
  EXPECT_NE(commandLine(*Job).find("-DFROM_DB"), std::string::npos);
}

TEST(Inputs, CompileFlagsTxt) {
  TempDir D;
  D.write("compile_flags.txt", "-DFLAGS_FILE\n-std=c++17\n");
  std::string File = D.write("x/a.cpp", "");
  InputResolver R({"", {}});
  auto Job = R.jobFor(File);
  ASSERT_TRUE(bool(Job));
  EXPECT_NE(commandLine(*Job).find("-DFLAGS_FILE"), std::string::npos);
}

TEST(Inputs, MalformedDatabaseNamesFileLineAndColumn) {
  TempDir D;
  D.write("compile_commands.json", "[\n  {\"directory\": \"/\",\n  \"file\": }\n]");
  std::string File = D.write("a.cpp", "");
  InputResolver R({"", {}});
  auto Job = R.jobFor(File);
  ASSERT_FALSE(bool(Job));
  std::string E = llvm::toString(Job.takeError());
  EXPECT_NE(E.find(D.path() + "/compile_commands.json:3:"), std::string::npos) << E;
  EXPECT_NE(E.find("malformed compile database"), std::string::npos) << E;
}

TEST(Inputs, EntryMissingFieldsIsAnError) {
  TempDir D;
  D.write("compile_commands.json", "[{\"directory\": \"/\"}]");
  InputResolver R({D.path(), {}});
  llvm::Error E = R.init();
  ASSERT_TRUE(bool(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("entry 1 needs"), std::string::npos);
}

TEST(Inputs, MissingInputsAreReportedNotFatal) {
  TempDir D;
  std::string File = D.write("a.cpp", "");
  InputResolver R({"", {}});
  auto Res = R.resolve({File, D.path() + "/missing.cpp", D.path()});
  ASSERT_TRUE(bool(Res));
  EXPECT_EQ(Res->jobs.size(), 1u);  // a.cpp once, though named twice
  ASSERT_EQ(Res->errors.size(), 1u);
  EXPECT_EQ(Res->errors[0].file, D.path() + "/missing.cpp");
}

TEST(Inputs, ExplicitPathMustExist) {
  InputResolver R({"/no/such/dir", {}});
  llvm::Error E = R.init();
  ASSERT_TRUE(bool(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("/no/such/dir"), std::string::npos);
}

}  // namespace
}  // namespace concurlint
