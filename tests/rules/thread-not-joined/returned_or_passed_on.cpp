#include <thread>

void work() {}
void adopt(std::thread &t);

std::thread start() {
  std::thread t(work);  // no finding: the caller owns it
  return t;
}

void hand_over() {
  std::thread t(work);  // no finding: adopt() takes it by reference and may join it
  adopt(t);
}

int main() {
  std::thread t = start();  // no finding: joined
  t.join();
  hand_over();
}
