#include <mutex>
#include <stdexcept>
#include <vector>

std::vector<int> queue;
std::mutex queue_mutex;

int pop() {
  queue_mutex.lock();  // expect: lock-manual(warning)
  if (queue.empty())
    throw std::runtime_error("empty");  // leaves queue_mutex locked
  int v = queue.back();
  queue.pop_back();
  queue_mutex.unlock();
  return v;
}
