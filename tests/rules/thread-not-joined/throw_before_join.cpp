#include <stdexcept>
#include <thread>

void work() {}

void run(int items) {
  std::thread worker(work);  // expect: thread-not-joined
  if (items < 0)
    throw std::invalid_argument("items");  // unwinding destroys a joinable thread
  worker.join();
}

void run_caught(int items) {
  std::thread worker(work);  // no finding: the handler runs inside worker's scope and joins
  try {
    if (items < 0)
      throw std::invalid_argument("items");
  } catch (const std::exception &) {
  }
  worker.join();
}
