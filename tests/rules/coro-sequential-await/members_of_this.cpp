// No finding: non-const member functions of the same object; a finding for its const ones.
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

Task<int> upload(const std::string &what);

class Cache {
public:
  Task<int> refresh();
  Task<int> save();
  Task<int> checksum() const;
  Task<int> version() const;

  Task<int> sync() {
    co_await refresh();  // no finding: both may change *this
    co_await save();
    co_return 0;
  }

  Task<int> refresh_then_upload() {
    co_await refresh();  // no finding: upload reads name_, which refresh may change
    co_await upload(name_);
    co_return 0;
  }

  Task<int> inspect() {
    int c = co_await checksum();  // expect: coro-sequential-await
    int v = co_await version();
    co_return c + v;
  }

private:
  std::string name_;
};
