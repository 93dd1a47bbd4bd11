// Three independent awaits in a row are one finding, at the first co_await.
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

Task<std::string> fetch(const std::string &url);

Task<int> page_sizes() {
  std::string home = co_await fetch("https://example.org/");  // expect: coro-sequential-await
  std::string news = co_await fetch("https://example.org/news");
  std::string blog = co_await fetch("https://example.org/blog");
  co_return static_cast<int>(home.size() + news.size() + blog.size());
}
