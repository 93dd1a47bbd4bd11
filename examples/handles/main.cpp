// Two lessons of the threading tutorials, in C++ where they crash or hang instead of printing
// in the wrong order: a thread the program does not wait for ("Depois de T1 e T2" printed
// before the threads end), and L.acquire() / L.release() by hand.
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

std::mutex log_mutex;
std::vector<std::string> log_lines;

// Returns false once the log is full... and leaves log_mutex locked: the next call hangs.
bool log_line(const std::string &line, std::size_t limit) {
  log_mutex.lock();
  if (log_lines.size() >= limit)
    return false;
  log_lines.push_back(line);
  log_mutex.unlock();
  return true;
}

void worker(int id) {
  for (int i = 0; i < 3; ++i)
    if (!log_line("worker " + std::to_string(id) + " step " + std::to_string(i), 4))
      return;
}

int main(int argc, char **argv) {
  std::thread t1(worker, 1);
  std::thread t2(worker, 2);
  t1.join();
  if (argc > 1 && std::string(argv[1]) == "--quick")
    return 0;  // t2 is still joinable: std::terminate
  t2.join();
  std::printf("%zu lines\n", log_lines.size());
}
