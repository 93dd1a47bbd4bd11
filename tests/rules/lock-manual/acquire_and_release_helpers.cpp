#include <mutex>

class Account {
public:
  void acquire() { m_.lock(); }  // no finding: locks for its caller
  void release() { m_.unlock(); }  // no finding
  bool try_enter() {
    m_.lock();  // no finding: returns with the lock held on purpose when not busy
    if (busy_) {
      m_.unlock();
      return false;
    }
    return true;
  }
  void wait_outside() {
    m_.unlock();  // no finding: called with m_ held, returns with it held
    ++waits_;
    m_.lock();
  }

private:
  std::mutex m_;
  bool busy_ = false;
  int waits_ = 0;
};

// As in memcached's crawler: the lock is the caller's; the loop lets go of it for a while.
extern "C" int usleep(unsigned);
std::mutex crawler_lock;
int crawled = 0;

void crawl(int n) {  // runs with crawler_lock held
  for (int i = 0; i < n; ++i) {
    if (i % 100 == 0) {
      crawler_lock.unlock();  // no finding
      usleep(10);
      crawler_lock.lock();  // no finding: locks again what it released
      continue;
    }
    ++crawled;
  }
}
