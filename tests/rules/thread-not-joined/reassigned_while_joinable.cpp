#include <thread>

void first() {}
void second() {}

int main() {
  std::thread t(first);  // expect: thread-not-joined
  t = std::thread(second);  // the first thread is still joinable: std::terminate
  t.join();
}
