// Taking a mutex in a coroutine is normal code when the critical section is short: it is not a
// blocking call (the rule's option report-locks reports it anyway). What blocks inside the
// critical section is reported itself, and a suspension inside it is coro-lock-across-suspend's.
#include <coroutine>
#include <cstdio>
#include <mutex>
#include <pthread.h>
#include <thread>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

std::mutex print_mutex;
pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
int table[8];

void report(const char *what) {  // a test helper printing under a lock
  std::lock_guard<std::mutex> lock(print_mutex);
  std::printf("%s\n", what);
}

Task handle(int key) {
  {
    std::lock_guard<std::mutex> lock(print_mutex);  // no finding: a short critical section
    std::printf("key %d\n", key);
  }
  std::scoped_lock both(print_mutex);  // no finding
  pthread_mutex_lock(&table_lock);  // no finding
  table[key % 8] += 1;
  pthread_mutex_unlock(&table_lock);
  report("done");  // no finding: the helper only takes a lock
  co_return;
}

Task slow(int key) {
  std::lock_guard<std::mutex> lock(print_mutex);
  std::this_thread::sleep_for(std::chrono::milliseconds(key));  // expect: coro-blocking-call
  co_return;
}

int main() {
  handle(1);
  slow(1);
}
