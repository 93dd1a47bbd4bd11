// Loops in concur::Task coroutines that await each call before starting the next: rewritten
// into one concur::gather over a vector of tasks, results appended in order.
#include <concur/run.h>
#include <concur/sleep.h>
#include <concur/task.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

concur::Task<std::string> fetch(std::string url) {
  co_await concur::sleep(std::chrono::milliseconds(5));
  co_return "page:" + url;
}

concur::Task<int> doubled(int n) {
  co_await concur::sleep(std::chrono::milliseconds(3));
  co_return n * 2;
}

concur::Task<int> main_task() {
  std::vector<std::string> urls{"a.example", "b.example", "c.example"};
  std::vector<std::string> pages;
  for (const auto& url : urls)  // expect-fixed: loop-parallelizable
    pages.push_back(co_await fetch(url));

  std::vector<int> values;
  for (int i = 0; i < 5; ++i) {  // expect-fixed: loop-parallelizable
    values.push_back(co_await doubled(i));
  }

  std::vector<int> more;
  for (int v : values)  // expect-fixed: loop-parallelizable
    more.emplace_back(co_await doubled(v));

  int total = 0;
  for (int i = 0; i < 3; ++i)  // an awaited reduction: not rewritten, not reported
    total += co_await doubled(i);

  int ticks = 0;
  for (int i = 0; i < 3; ++i) {  // waits in order on purpose and counts: not reported
    co_await concur::sleep(std::chrono::milliseconds(1));
    ++ticks;
  }

  std::vector<int> chained;
  for (int i = 0; i < 3; ++i)  // each await uses the previous result: not reported
    chained.push_back(co_await doubled(chained.empty() ? i : chained.back()));

  for (const auto& p : pages) std::printf("%s\n", p.c_str());
  for (int v : values) std::printf("%d ", v);
  for (int v : more) std::printf("%d ", v);
  std::printf("%d %d %d\n", total, ticks, chained.back());
  co_return 0;
}

int main() { return concur::run(main_task()); }
