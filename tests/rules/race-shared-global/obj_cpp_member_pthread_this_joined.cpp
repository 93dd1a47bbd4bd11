// The twin of obj_cpp_member_pthread_this_race.cpp: the count is read after the join.
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
      polls_++;
  }
  pthread_t tid_{};
  int polls_ = 0;
};

int main() {
  Poller p;
  p.start();
  p.wait();
  std::cout << p.polls() << "\n";
}
