// The worker's side, in its own file: concur-lint links it with main.cpp to see the threads.
#include "counters.h"

#include <sstream>

long words_seen = 0;
std::vector<std::string> log_lines;
std::mutex log_mutex;

void count_words(const std::string &text) {
  std::istringstream in(text);
  std::string word;
  while (in >> word)
    ++words_seen;  // race: every worker thread increments it without a lock
  note("counted a chunk");
}

void note(const std::string &line) {
  std::lock_guard<std::mutex> lock(log_mutex);
  log_lines.push_back(line);  // no finding: every access holds log_mutex
}
