// The seeds' loops (shared/examples 01, 07 and 08), with shorter waits and less work so that the
// rewritten program runs fast; the loops that must stay as they are stay beside them.
#include <chrono>
#include <cstdio>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

std::string consulta_dados(int id) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // stands for a database query
  return "dados-" + std::to_string(id);
}

long cpu_heavy(long x) {
  long count = 0;
  for (long i = 0; i < x * x; ++i) count += i * i;
  return count;
}

// Stands for a blocking HTTP GET.
std::string download(const std::string& url) {
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  return "<html>" + url + "</html>";
}

int main() {
  std::vector<int> ids{1, 2, 3, 4};
  std::vector<std::string> rows(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i)  // expect-fixed: loop-parallelizable
    rows[i] = consulta_dados(ids[i]);
  for (const auto& r : rows) std::printf("%s\n", r.c_str());  // too cheap, and it prints in order

  std::vector<long> numbers(60);
  std::iota(numbers.begin(), numbers.end(), 0);
  std::vector<long> results(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i)  // expect-fixed: loop-parallelizable
    results[i] = cpu_heavy(numbers[i]);
  std::vector<long> prefix(numbers.size());
  prefix[0] = cpu_heavy(numbers[0]);
  for (std::size_t i = 1; i < numbers.size(); ++i)  // each iteration needs the previous one
    prefix[i] = prefix[i - 1] + cpu_heavy(numbers[i]);
  long total = 0;
  for (long r : results) total += r;  // far too cheap to be worth a thread
  std::printf("%ld %ld\n", total, prefix.back());

  std::vector<std::string> urls{"https://docs.python.org/3/", "https://ufrn.br/", "http://learnyouahaskell.com/"};
  std::vector<std::string> pages;
  for (const auto& url : urls)  // expect-fixed: loop-parallelizable
    pages.push_back(download(url));
  for (const auto& page : pages) std::printf("%s\n", page.c_str());
}
