// Every family of the blocking-function catalog, called directly in a coroutine, and the calls
// that look alike but do not block (or do not run on the coroutine's thread).
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <latch>
#include <mutex>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

std::mutex m;
std::condition_variable cv;

Task sleeps() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));  // expect: coro-blocking-call
  std::this_thread::sleep_until(std::chrono::steady_clock::now());  // expect: coro-blocking-call
  ::usleep(10);  // expect: coro-blocking-call
  timespec ts{0, 1};
  nanosleep(&ts, nullptr);  // expect: coro-blocking-call
  co_return;
}

Task synchronises(std::future<int> f, std::shared_future<int> sf, std::thread &t, std::latch &l) {
  f.wait();  // expect: coro-blocking-call
  int v = f.get();  // expect: coro-blocking-call
  v += sf.get();  // expect: coro-blocking-call
  t.join();  // expect: coro-blocking-call
  l.wait();  // expect: coro-blocking-call
  m.lock();  // no finding: taking a mutex is not reported (report-locks), held across a suspension it is coro-lock-across-suspend
  m.unlock();
  bool got = m.try_lock();  // no finding: try_lock does not wait
  if (got) m.unlock();
  std::unique_lock<std::mutex> lk(m);  // no finding: as m.lock()
  cv.wait(lk);  // expect: coro-blocking-call
  (void)v;
  co_return;
}

Task does_io(int fd, FILE *file, std::ifstream &in, std::istringstream &text) {
  char buf[64];
  ::read(fd, buf, sizeof buf);  // expect: coro-blocking-call
  fgets(buf, sizeof buf, file);  // expect: coro-blocking-call
  std::string line;
  std::getline(in, line);  // expect: coro-blocking-call
  std::getline(text, line);  // no finding: a string stream reads memory
  int n = 0;
  in >> n;  // expect: coro-blocking-call
  text >> n;  // no finding: a string stream reads memory
  std::printf("%s %d\n", line.c_str(), n);  // no finding: console output is not in the catalog
  std::snprintf(buf, sizeof buf, "%d", n);  // no finding: formats into memory
  co_return;
}

Task talks(int sock, sockaddr *addr, socklen_t len) {
  char buf[64];
  connect(sock, addr, len);  // expect: coro-blocking-call
  send(sock, "hi", 2, 0);  // expect: coro-blocking-call
  recv(sock, buf, sizeof buf, 0);  // expect: coro-blocking-call
  int c = accept(sock, nullptr, nullptr);  // expect: coro-blocking-call
  pollfd p{c, POLLIN, 0};
  poll(&p, 1, -1);  // expect: coro-blocking-call
  co_return;
}

Task runs_processes() {
  std::system("true");  // expect: coro-blocking-call
  FILE *p = popen("true", "r");  // expect: coro-blocking-call
  pclose(p);  // expect: coro-blocking-call
  waitpid(-1, nullptr, 0);  // expect: coro-blocking-call
  co_return;
}

Task hands_work_elsewhere() {  // no finding: the blocking calls run on other threads
  std::thread([] { ::sleep(1); }).detach();
  std::packaged_task<int()> job([] { ::usleep(5); return 1; });
  std::thread(std::move(job)).detach();
  co_return;
}

void plain_function(std::future<int> f) {  // no finding: not a coroutine
  ::sleep(1);
  f.get();
}

int main() {}
