// Hand-written for `run.py --self-test` only (see cpu_heavy_loop.hand_rewritten.cpp): NOT the
// output of concur-lint.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <concur/algorithms.h>

#ifndef BENCH_ITEMS
#define BENCH_ITEMS 24
#endif
#ifndef BENCH_WAIT_MS
#define BENCH_WAIT_MS 50
#endif

std::string download(const std::string& url) {
  std::this_thread::sleep_for(std::chrono::milliseconds(BENCH_WAIT_MS));
  return "<html>" + url + "</html>";
}

int main() {
  std::vector<std::string> urls;
  for (int i = 0; i < BENCH_ITEMS; ++i) urls.push_back("https://example.org/page/" + std::to_string(i));

  std::vector<std::string> pages;
  concur::ThreadPool pool;
  pages = concur::map(pool, urls, [&](const auto& url) { return download(url); });

  std::printf("%zu pages\n", pages.size());
  for (const auto& page : pages) std::printf("%s\n", page.c_str());
}
