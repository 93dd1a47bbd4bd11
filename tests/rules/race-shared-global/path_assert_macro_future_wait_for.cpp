// An assert-like CHECK macro (crash() and then __builtin_unreachable()) on future::wait_for being ready: past the CHECK, the task has finished.
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
    compiled_rules++;  // no finding: main reads it only past the CHECK that the future is ready
}

int main() {
  std::future<void> done = std::async(std::launch::async, compile_rules);
  CHECK(done.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  std::printf("%ld rules\n", compiled_rules);  // no finding: the task finished
  return 0;
}
