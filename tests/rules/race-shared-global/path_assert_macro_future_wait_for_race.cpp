// Twin of path_assert_macro_future_wait_for.cpp: the count is printed before the CHECK that waits for the task.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <future>

#define CHECK(c) ((c) ? (void)0 : (crash(#c, __FILE__, __LINE__), __builtin_unreachable()))

static void crash(const char *what, const char *file, int line) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  std::raise(SIGABRT);
}

long compiled_rules = 0;

void compile_rules() {
  for (int i = 0; i < 64; i++)
    compiled_rules++;  // expect: race-shared-global
}

int main() {
  std::future<void> done = std::async(std::launch::async, compile_rules);
  std::printf("%ld rules\n", compiled_rules);  // no finding: racy read, but the finding goes on the write
  CHECK(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return 0;
}
