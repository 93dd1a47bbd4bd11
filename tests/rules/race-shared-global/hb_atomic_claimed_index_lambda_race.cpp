// Twin of hb_atomic_claimed_index_lambda.cpp: two consecutive files share a status
// (`index / 2`), so two threads may assign one element at once (the element, and the fields
// its assignment operator writes).
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
    code = other.code;  // expect: race-shared-global
    message = std::move(other.message);  // expect: race-shared-global
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
      statuses[index / 2] = open_file(files[index]);  // expect: race-shared-global
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
