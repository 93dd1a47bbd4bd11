#pragma once
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

// Defined in services.cpp.
Task<int> fetch_user(int id);
Task<int> fetch_prices(int id);
Task<int> record_visit(int id);
Task<int> visits_today();
Task<int> bump_and_read(int id);
// Defined nowhere in the analysed files: independent by their arguments only.
Task<int> remote_a(int id);
Task<int> remote_b(int id);
