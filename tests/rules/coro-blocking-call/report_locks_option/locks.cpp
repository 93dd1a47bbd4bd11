// report-locks: true — taking a mutex in a coroutine is reported too, directly and through calls.
#include <coroutine>
#include <mutex>
#include <pthread.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

std::mutex m;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int counter;

void bump() {
  std::lock_guard<std::mutex> guard(m);
  ++counter;
}

Task work() {
  {
    std::lock_guard<std::mutex> guard(m);  // expect: coro-blocking-call
    ++counter;
  }
  m.lock();  // expect: coro-blocking-call
  m.unlock();
  bool got = m.try_lock();  // no finding: try_lock does not wait
  if (got) m.unlock();
  pthread_mutex_lock(&pm);  // expect: coro-blocking-call
  pthread_mutex_unlock(&pm);
  bump();  // expect: coro-blocking-call
  co_return;
}

int main() { work(); }
