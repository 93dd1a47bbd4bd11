// A std::packaged_task is moved into a std::thread; main reads the global the task writes before
// waiting on the task's future.
#include <future>
#include <thread>

long parsed_tokens = 0;

static int tokenize(int words) {
  for (int i = 0; i < words; ++i)
    parsed_tokens += 2;  // expect: race-shared-global
  return words;
}

int main() {
  std::packaged_task<int(int)> task(tokenize);
  std::future<int> result = task.get_future();
  std::thread worker(std::move(task), 100);
  long early = parsed_tokens;  // no finding: the read of the pair; the task's write is primary
  int words = result.get();
  worker.join();
  return early > words * 2;
}
