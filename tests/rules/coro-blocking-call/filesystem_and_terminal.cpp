// File-system queries and terminal input block too (flake8-async's ASYNC240 and ASYNC250);
// computing with paths in memory does not.
#include <coroutine>
#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task inspects(const std::filesystem::path &dir) {
  bool there = std::filesystem::exists(dir);  // expect: coro-blocking-call
  for (const auto &entry : std::filesystem::directory_iterator(dir))  // expect: coro-blocking-call
    (void)entry;
  struct stat st;
  stat("/tmp", &st);  // expect: coro-blocking-call
  int c = getchar();  // expect: coro-blocking-call
  std::filesystem::path name = dir / "x.txt";  // no finding: paths are computed in memory
  auto ext = name.extension();  // no finding
  (void)there; (void)c; (void)ext;
  co_return;
}

int main() {}
