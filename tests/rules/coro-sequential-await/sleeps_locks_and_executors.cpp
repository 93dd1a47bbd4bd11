// No finding: sleeps, lock and semaphore acquires and moves to another executor keep their place.
#include <coroutine>

// A minimal lazy task, enough to co_await a call and co_return its value.
template <class T> struct Task {
  struct promise_type {
    Task get_return_object();
    std::suspend_always initial_suspend();
    std::suspend_always final_suspend() noexcept;
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready();
  void await_suspend(std::coroutine_handle<>);
  T await_resume();
};
#include <chrono>

struct AsyncMutex {
  Task<int> lock();
  void unlock();
};
struct Semaphore {
  Task<int> acquire();
};
struct Pool {
  Task<int> schedule();
};
Task<int> sleep_for(std::chrono::milliseconds d);
Task<int> g(int n);
AsyncMutex m1, m2;
Semaphore slots;

Task<int> paced() {
  co_await sleep_for(std::chrono::milliseconds(100));  // no finding: a pause is meant to be waited out
  co_await sleep_for(std::chrono::milliseconds(100));
  co_return 0;
}

Task<int> locked() {
  co_await m1.lock();  // no finding: locks are taken in order
  co_await m2.lock();
  co_await slots.acquire();
  co_await slots.acquire();
  m2.unlock();
  m1.unlock();
  co_return 0;
}

Task<int> moved_to_pool(Pool &pool) {
  co_await pool.schedule();  // no finding: g(1) must run on the pool
  int a = co_await g(1);     // no finding: alone after the move
  co_return a;
}
