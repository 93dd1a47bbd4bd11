// The fix-its in concur::Task coroutines, against the real runtime: sleeps become
// concur::sleep; file, network and process calls move to a thread with concur::to_thread (the
// lambda borrows the coroutine's locals: to_thread resumes only when the call has returned).
#include <concur/task.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <unistd.h>

std::mutex table_mutex;

concur::Task<int> handle(int fd) {
  char buffer[256];
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // expect-fixed: coro-blocking-call
  read(fd, buffer, sizeof buffer);  // expect-fixed: coro-blocking-call
  std::system("true");  // expect-fixed: coro-blocking-call
  ssize_t n = read(fd, buffer, sizeof buffer);  // expect: coro-blocking-call
  table_mutex.lock();  // no finding: a short critical section (report-locks)
  table_mutex.unlock();
  try {
    co_return static_cast<int>(n);
  } catch (...) {
    std::system("logger failed");  // expect: coro-blocking-call
  }
  fork();  // expect: coro-blocking-call
  co_return 0;
}
