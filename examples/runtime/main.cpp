// Sums the squares of 1..10 on a thread pool and on a process pool.
#include <concur/process_pool.h>
#include <concur/thread_pool.h>

#include <cstdio>
#include <numeric>
#include <ranges>

namespace {
int square(int x) { return x * x; }
}  // namespace

int main() {
  auto numbers = std::views::iota(1, 11);
  concur::ThreadPool threads(2);
  auto by_threads = threads.map(square, numbers, {.chunksize = 2});
  concur::ProcessPool processes(2);
  auto by_processes = processes.map(square, numbers, {.chunksize = 5});
  std::printf("thread pool: %d\n", std::accumulate(by_threads.begin(), by_threads.end(), 0));
  std::printf("process pool: %d\n", std::accumulate(by_processes.begin(), by_processes.end(), 0));
}
