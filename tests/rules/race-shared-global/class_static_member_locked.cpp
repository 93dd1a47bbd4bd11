// Inline static members: a static mutex protects a static counter in every access.
#include <mutex>
#include <thread>

struct Registry {
  static inline std::mutex mutex;
  static inline int size = 0;

  static void add() {
    std::lock_guard<std::mutex> lock(mutex);
    ++size;  // no finding: every access holds Registry::mutex
  }
};

int main() {
  std::thread a(&Registry::add);
  std::thread b(&Registry::add);
  a.join();
  b.join();
  return Registry::size == 2 ? 0 : 1;
}
