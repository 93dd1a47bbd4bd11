// No finding: each call uses what the await before it produced.
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
#include <string>

struct User {
  int id;
  std::string name;
};
Task<User> find_user(const std::string &name);
Task<int> orders_of(int user_id);
Task<std::string> token();
Task<int> call_api(const std::string &token, int n);

Task<int> chain() {
  User u = co_await find_user("ana");  // no finding: orders_of needs u
  int n = co_await orders_of(u.id);
  co_return n;
}

Task<int> assigned_then_used() {
  std::string t;
  t = co_await token();  // no finding: call_api reads t
  int r = co_await call_api(t, 1);
  co_return r;
}
