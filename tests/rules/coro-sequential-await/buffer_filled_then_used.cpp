// No finding: an earlier call changes (through a reference or a pointer) what a later one uses.
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
#include <vector>

Task<int> read_into(std::vector<char> &buf);
Task<int> parse(const std::vector<char> &buf);
Task<int> read_raw(char *data, int size);
Task<int> send(const std::string &text);
Task<int> receive(std::string *into);

Task<int> by_reference() {
  std::vector<char> buf(4096);
  co_await read_into(buf);  // no finding: parse reads what read_into wrote
  int n = co_await parse(buf);
  co_return n;
}

Task<int> by_pointer_into_data() {
  std::vector<char> buf(4096);
  co_await read_raw(buf.data(), 4096);  // no finding: buf's bytes are written through data()
  int n = co_await parse(buf);
  co_return n;
}

Task<int> written_after_read() {
  std::string message = "hello";
  co_await send(message);  // no finding: receive overwrites message that send reads
  co_await receive(&message);
  co_return 0;
}
