#include <thread>

void work() {}

int main() {
  std::thread t(work);  // NOLINT(concur-thread-not-joined): the process is meant to abort
}
