// No finding: two calls on the same object in order (reading a stream twice) depend on each other.
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

struct Stream {
  Task<std::string> read_line();
  Task<int> write(const std::string &text);
  Task<int> size() const;
};

Task<int> header_then_body(Stream &in) {
  std::string header = co_await in.read_line();  // no finding: the second line comes after the first
  std::string body = co_await in.read_line();
  co_return static_cast<int>(header.size() + body.size());
}

Task<int> const_then_mutating(Stream &out) {
  int before = co_await out.size();  // no finding: write changes what size reads
  co_await out.write("x");
  co_return before;
}

struct HttpClient {
  Task<std::string> get(const std::string &url);  // a request, not an accessor
};

Task<int> one_client(HttpClient &client) {
  std::string a = co_await client.get("https://example.org/a");  // no finding: same client, in order
  std::string b = co_await client.get("https://example.org/b");
  co_return static_cast<int>(a.size() + b.size());
}
