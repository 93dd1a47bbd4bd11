#include <thread>

void work() {}
bool config_missing();

int run() {
  std::thread worker(work);  // no finding: joined before each return
  if (config_missing()) {
    worker.join();
    return 1;
  }
  worker.join();
  return 0;
}
