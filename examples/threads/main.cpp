// The seed lesson "Recursos compartilhados" in C++: threads adding to one global total.
#include "counters.h"

#include <cstdio>
#include <thread>
#include <vector>

int main() {
  const std::vector<std::string> chunks = {"a b c", "d e", "f g h i", "j"};
  words_seen = 0;  // no finding: written before any worker starts

  std::vector<std::thread> workers;
  for (const std::string &chunk : chunks)
    workers.emplace_back(count_words, chunk);
  for (std::thread &w : workers)
    w.join();

  // No finding: every worker has been joined.
  std::printf("%ld words, %zu log lines\n", words_seen, log_lines.size());
}
