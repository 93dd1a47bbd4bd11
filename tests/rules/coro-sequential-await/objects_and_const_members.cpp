// Calls on different objects, or const members of the same object, do not depend on each other.
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

struct Connection {
  Task<std::string> query(const std::string &sql);
  Task<int> ping() const;
  Task<std::string> describe() const;
};

Task<int> two_connections(Connection &users, Connection &orders) {
  std::string u = co_await users.query("select * from users");  // expect: coro-sequential-await
  std::string o = co_await orders.query("select * from orders");
  co_return static_cast<int>(u.size() + o.size());
}

Task<int> const_members(const Connection &db) {
  int latency = co_await db.ping();  // expect: coro-sequential-await
  std::string info = co_await db.describe();
  co_return latency + static_cast<int>(info.size());
}
