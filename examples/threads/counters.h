// Shared state of the word counter: declared here, defined in stats.cpp.
#pragma once

#include <mutex>
#include <string>
#include <vector>

extern long words_seen;              // every worker adds to it
extern std::vector<std::string> log_lines;
extern std::mutex log_mutex;         // guards log_lines

void count_words(const std::string &text);
void note(const std::string &line);
