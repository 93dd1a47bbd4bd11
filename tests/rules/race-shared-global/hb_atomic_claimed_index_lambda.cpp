// A loader run by several threads and by the starter itself claims file indexes from a local
// std::atomic counter (`next.fetch_add(1)`) and stores each file's status in its own element
// of a vector it captured by reference. Race-free.
// Racy twin: hb_atomic_claimed_index_lambda_race.cpp (two files share a status).
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

struct Status {
  int code = 0;
  std::string message;
  Status() = default;
  Status(const Status &) = default;
  Status &operator=(Status &&other) noexcept {
    code = other.code;
    message = std::move(other.message);
    return *this;
  }
};

static Status open_file(const std::string &name) {
  Status s;
  s.code = name.size() % 3 == 0 ? 1 : 0;
  s.message = s.code ? "missing: " + name : "ok";
  return s;
}

int main() {
  std::vector<std::string> files;
  for (int i = 0; i < 20000; ++i)
    files.push_back("table-" + std::to_string(i) + ".sst");
  std::vector<Status> statuses(files.size());
  std::atomic<size_t> next(0);
  auto load = [&]() {
    while (true) {
      size_t index = next.fetch_add(1);
      if (index >= files.size())
        break;
      statuses[index] = open_file(files[index]);
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < 4; ++i)
    threads.emplace_back(load);
  load();
  for (auto &t : threads)
    t.join();
  int failed = 0;
  for (const Status &s : statuses)
    failed += s.code;
  std::printf("%d failed\n", failed);
  return 0;
}
