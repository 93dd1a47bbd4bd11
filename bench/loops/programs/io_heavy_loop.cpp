// bench/loops: the shape of shared/examples/08_io_heavy_loop.cpp: blocking downloads one by one,
// their pages pushed into a vector. The rewrite overlaps the waits and must keep the pages' order.
// BENCH_ITEMS sets the number of URLs, BENCH_WAIT_MS the time each download blocks.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#ifndef BENCH_ITEMS
#define BENCH_ITEMS 24
#endif
#ifndef BENCH_WAIT_MS
#define BENCH_WAIT_MS 50
#endif

// Stands for a blocking HTTP GET.
std::string download(const std::string& url) {
  std::this_thread::sleep_for(std::chrono::milliseconds(BENCH_WAIT_MS));
  return "<html>" + url + "</html>";
}

int main() {
  std::vector<std::string> urls;
  for (int i = 0; i < BENCH_ITEMS; ++i) urls.push_back("https://example.org/page/" + std::to_string(i));

  std::vector<std::string> pages;
  for (const auto& url : urls)
    pages.push_back(download(url));

  std::printf("%zu pages\n", pages.size());
  for (const auto& page : pages) std::printf("%s\n", page.c_str());
}
