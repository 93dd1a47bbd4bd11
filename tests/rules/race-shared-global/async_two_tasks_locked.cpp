// Two std::async(std::launch::async) tasks update one global under a shared mutex; main reads it
// once both futures have delivered their results.
#include <future>
#include <mutex>

std::mutex log_mutex;
long log_lines = 0;

static int write_log(int lines) {
  for (int i = 0; i < lines; ++i) {
    std::lock_guard<std::mutex> guard(log_mutex);
    ++log_lines;  // no finding: log_mutex is held
  }
  return lines;
}

int main() {
  auto first = std::async(std::launch::async, write_log, 40);
  auto second = std::async(std::launch::async, write_log, 60);
  int sum = first.get() + second.get();
  return log_lines == sum ? 0 : 1;  // no finding: after both get() calls
}
