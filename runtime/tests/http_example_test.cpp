// examples/runtime/page_downloader.cpp (the seeds' aiohttp lesson) against HttpTestServer: every
// page saved to its file, a missing page reported, the exit status saying so.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "http_test_server.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string output;
};

Outcome run_command(const std::string& command) {
  Outcome outcome;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return outcome;
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) outcome.output.append(buffer, got);
  int status = ::pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(HttpExample, PageDownloaderSavesEveryPage) {
  concur_test::HttpTestServer server;
  fs::path dir = fs::temp_directory_path() / ("concur-page-downloader-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string command = std::string(CONCUR_PAGE_DOWNLOADER) + " " + dir.string();
  for (int i = 0; i < 30; ++i) command += " " + server.url("/bytes/" + std::to_string(2000 + i));
  Outcome all = run_command(command);
  EXPECT_EQ(all.status, 0) << all.output;
  EXPECT_NE(all.output.find("Tempo async:"), std::string::npos) << all.output;
  EXPECT_NE(all.output.find("(30 pages saved, 0 failed)"), std::string::npos) << all.output;
  for (int i = 0; i < 30; ++i) {
    std::string name = std::to_string(2000 + i);
    ASSERT_TRUE(fs::exists(dir / name)) << name;
    EXPECT_EQ(fs::file_size(dir / name), static_cast<std::uintmax_t>(2000 + i));
  }
  EXPECT_EQ(slurp(dir / "2000").substr(0, 5), "abcde");

  Outcome missing = run_command(std::string(CONCUR_PAGE_DOWNLOADER) + " " + dir.string() + " " +
                                server.url("/bytes/10") + " " + server.url("/nowhere"));
  EXPECT_EQ(missing.status, 1) << missing.output;
  EXPECT_NE(missing.output.find("/nowhere: HTTP 404"), std::string::npos) << missing.output;
  EXPECT_NE(missing.output.find("(1 pages saved, 1 failed)"), std::string::npos) << missing.output;
  fs::remove_all(dir);
}

}  // namespace
