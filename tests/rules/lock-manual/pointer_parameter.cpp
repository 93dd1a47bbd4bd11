#include <mutex>

struct Counter {
  std::mutex mu;
  long n = 0;
};

void bump(Counter *c) {
  c->mu.lock();  // expect-fixed: lock-manual(info)
  ++c->n;
  c->mu.unlock();
}

void bump_through(std::mutex *mu, long *n) {
  mu->lock();  // expect-fixed: lock-manual(info)
  ++*n;
  mu->unlock();
}
