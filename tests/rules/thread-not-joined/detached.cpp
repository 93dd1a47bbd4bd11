#include <thread>

void work() {}

int main() {
  std::thread t(work);  // no finding: detached
  t.detach();
}
