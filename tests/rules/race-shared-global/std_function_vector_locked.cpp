// Jobs kept in a vector of std::function are each started on a thread; every job takes the same
// mutex before touching the global, and main reads it after joining.
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

std::mutex ledger_mutex;
long ledger = 0;

static void deposit() {
  std::lock_guard<std::mutex> guard(ledger_mutex);
  ledger += 50;  // no finding: ledger_mutex is held
}

int main() {
  std::vector<std::function<void()>> jobs;
  jobs.push_back(deposit);
  jobs.push_back([] {
    std::lock_guard<std::mutex> guard(ledger_mutex);
    ledger -= 20;  // no finding: ledger_mutex is held
  });
  std::vector<std::thread> threads;
  for (const auto &job : jobs)
    threads.emplace_back(job);
  for (auto &t : threads)
    t.join();
  return ledger == 30 ? 0 : 1;  // no finding: after the joins
}
