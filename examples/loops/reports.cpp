// The seeds' central lesson: a loop of slow, independent calls runs them one after another.
// concur-lint finds the loops whose iterations do not depend on each other and are worth a
// thread, says which executor fits and why, and `concur-lint --fix` rewrites them onto the
// runtime (concur::for_each_index, concur::map, concur::map_reduce over a concur::ThreadPool).
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

// Stands for a database query: the thread waits, the processor idles.
std::string load_report(int customer) {
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  return "report-" + std::to_string(customer);
}

// CPU-bound work: with no GIL in C++, threads run it on every core at once.
long checksum(const std::string& text) {
  long sum = 0;
  for (int round = 0; round < 200000; ++round)
    for (char c : text) sum = (sum * 31 + c + round) % 1000003;
  return sum;
}

int main() {
  std::vector<int> customers{101, 102, 103, 104, 105, 106};

  std::vector<std::string> reports;
  for (int customer : customers)  // reported: six waits of 200 ms, one after another
    reports.push_back(load_report(customer));

  long total = 0;
  for (const std::string& report : reports)  // reported: a reduction of CPU-heavy calls
    total += checksum(report);

  std::vector<long> running(reports.size());
  running[0] = checksum(reports[0]);
  for (std::size_t i = 1; i < reports.size(); ++i)  // not reported: each step needs the previous
    running[i] = running[i - 1] + checksum(reports[i]);

  for (const std::string& report : reports)  // not reported: printing only, far too cheap
    std::printf("%s\n", report.c_str());
  std::printf("total %ld, running %ld\n", total, running.back());
}
