// Futures of std::async kept in a vector: waiting on each of them orders every task before the reads after the loop.
#include <cstdio>
#include <future>
#include <vector>

int lines = 0;
int words = 0;

void count_lines() {
  for (int i = 0; i < 40; i++)
    ++lines;  // no finding: main reads it after waiting on every future
}

void count_words() {
  for (int i = 0; i < 40; i++)
    words += 7;  // no finding: main reads it after waiting on every future
}

int main() {
  std::vector<std::future<void>> pending;
  pending.push_back(std::async(std::launch::async, count_lines));
  pending.push_back(std::async(std::launch::async, count_words));
  for (auto &f : pending)
    f.wait();
  std::printf("%d lines, %d words\n", lines, words);  // no finding: after the waits
  return 0;
}
