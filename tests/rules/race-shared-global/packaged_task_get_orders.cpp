// A std::packaged_task moved into a thread: main touches the global only after the future's get()
// has returned, which orders it after everything the task did.
#include <future>
#include <thread>

long parsed_tokens = 0;

static int tokenize(int words) {
  for (int i = 0; i < words; ++i)
    parsed_tokens += 2;  // no finding: main reads after get()
  return words;
}

int main() {
  std::packaged_task<int(int)> task(tokenize);
  std::future<int> result = task.get_future();
  std::thread worker(std::move(task), 100);
  int words = result.get();
  long seen = parsed_tokens;  // no finding: after get()
  worker.join();
  return seen == words * 2 ? 0 : 1;
}
