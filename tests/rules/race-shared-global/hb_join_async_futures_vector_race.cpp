// Twin of hb_join_async_futures_vector.cpp: the line count is printed before the loop that waits on the futures.
#include <cstdio>
#include <future>
#include <vector>

int lines = 0;
int words = 0;

void count_lines() {
  for (int i = 0; i < 40; i++)
    ++lines;  // expect: race-shared-global
}

void count_words() {
  for (int i = 0; i < 40; i++)
    words += 7;  // no finding: main reads it after waiting on every future
}

int main() {
  std::vector<std::future<void>> pending;
  pending.push_back(std::async(std::launch::async, count_lines));
  pending.push_back(std::async(std::launch::async, count_words));
  std::printf("%d lines so far\n", lines);  // no finding: racy read, but the finding goes on the write
  for (auto &f : pending)
    f.wait();
  std::printf("%d lines, %d words\n", lines, words);  // no finding: after the waits
  return 0;
}
