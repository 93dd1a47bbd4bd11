// A C-style start: pthread_create with a static trampoline and `this` as its argument.
#include <pthread.h>
#include <iostream>

class Poller {
public:
  void start() { pthread_create(&tid_, nullptr, &Poller::trampoline, this); }
  void wait() { pthread_join(tid_, nullptr); }
  int polls() const { return polls_; }

private:
  static void *trampoline(void *self) {
    static_cast<Poller *>(self)->poll();
    return nullptr;
  }
  void poll() {
    for (int i = 0; i < 1000; ++i)
      polls_++;  // expect: race-shared-global
  }
  pthread_t tid_{};
  int polls_ = 0;
};

int main() {
  Poller p;
  p.start();
  std::cout << p.polls() << "\n";
  p.wait();
}
