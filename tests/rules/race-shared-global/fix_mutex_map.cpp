// Fix case: a std::map global filled by two threads while main reads its size. Not integral, so
// the fix declares `std::mutex word_count_mutex;` after it and guards each racing statement,
// main's read as well.
#include <cstddef>
#include <map>
#include <string>
#include <thread>

std::map<std::string, int> word_count;

void count(const char *word) {
  for (int i = 0; i < 500; ++i)
    word_count[word] += 1;  // expect-fixed: race-shared-global
}

int main() {
  std::thread a(count, "alpha");
  std::thread b(count, "beta");
  std::size_t seen = 0;
  seen = word_count.size();
  a.join();
  b.join();
  if (seen > 2)
    return 2;
  return word_count["alpha"] == 500 && word_count["beta"] == 500 ? 0 : 1;  // no finding: joined
}
