// The racy twin of obj_cpp_named_value_class_locals.cpp: both threads store their result in
// one global Status (the assignment, and the field it writes in the operator, each a finding).
#include <iostream>
#include <thread>
#include <utility>

class Status {
public:
  Status() = default;
  explicit Status(int code) : code_(code) {}
  Status(Status &&other) noexcept { *this = std::move(other); }
  Status &operator=(Status &&other) noexcept {
    if (this != &other) {
      code_ = other.code_;  // expect: race-shared-global
      other.code_ = 0;
    }
    return *this;
  }
  bool ok() const { return code_ == 0; }

private:
  int code_ = 0;
};

Status last_error;

Status attempt(int n) { return n % 7 == 0 ? Status(5) : Status(); }

void work(int base) {
  for (int i = 0; i < 1000; ++i)
    last_error = attempt(base + i);  // expect: race-shared-global
}

int main() {
  std::thread t1(work, 0);
  std::thread t2(work, 3);
  t1.join();
  t2.join();
  std::cout << last_error.ok() << "\n";
}
