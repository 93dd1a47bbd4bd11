// callee-loops: false — a loop is worth a thread only for blocking calls and worth-it-callees.
#include <string>
#include <unistd.h>
#include <vector>

long cpu_heavy(long x) {
  long count = 0;
  for (long i = 0; i < x * x; ++i) count += i * i;
  return count;
}

std::string render_page(int n) { return std::string(static_cast<std::size_t>(n), 'x'); }

void pause_a_little(int) { usleep(1000); }

int main() {
  std::vector<long> numbers(250, 7);
  std::vector<long> results(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i)  // no finding: cpu_heavy only loops
    results[i] = cpu_heavy(numbers[i]);

  std::vector<std::string> pages(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i)  // expect: loop-parallelizable
    pages[i] = render_page(static_cast<int>(numbers[i]));

  for (std::size_t i = 0; i < numbers.size(); ++i)  // expect: loop-parallelizable
    pause_a_little(static_cast<int>(i));
  return static_cast<int>(results[0] + static_cast<long>(pages[0].size()));
}
