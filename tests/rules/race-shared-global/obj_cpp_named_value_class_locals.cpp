// A value class (a status, as database code returns from every call) used as locals and
// return values by two threads: every Status is an object of its caller's, no race.
#include <iostream>
#include <string>
#include <thread>
#include <utility>

class Status {
public:
  Status() = default;
  explicit Status(int code) : code_(code) {}
  Status(Status &&other) noexcept { *this = std::move(other); }
  Status &operator=(Status &&other) noexcept {
    if (this != &other) {
      code_ = other.code_;  // no finding: each thread's own Status objects
      other.code_ = 0;
    }
    return *this;
  }
  bool ok() const { return code_ == 0; }

private:
  int code_ = 0;
};

class Writer {
public:
  Status flush(int n) { return n % 7 == 0 ? Status(5) : Status(); }
  Status close(int n) {
    Status s;
    Status interim = flush(n);
    if (!interim.ok() && s.ok())
      s = std::move(interim);
    return s;
  }
};

int work(int base) {
  int failures = 0;
  for (int i = 0; i < 1000; ++i) {
    Writer w;
    if (!w.close(base + i).ok())
      ++failures;
  }
  return failures;
}

int main() {
  int a = 0, b = 0;
  std::thread t1([&a] { a = work(0); });
  std::thread t2([&b] { b = work(3); });
  t1.join();
  t2.join();
  std::cout << a + b << "\n";
}
