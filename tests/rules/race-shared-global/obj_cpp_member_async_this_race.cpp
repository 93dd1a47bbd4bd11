// std::async runs a method on `this`; the caller updates the same member before get().
#include <future>
#include <iostream>

class Index {
public:
  int build() {
    auto f = std::async(std::launch::async, &Index::scan, this);
    entries_ += 1;  // expect: race-shared-global
    return f.get() + entries_;
  }

private:
  int scan() {
    for (int i = 0; i < 100; ++i)
      entries_ += 1;
    return entries_;
  }
  int entries_ = 0;
};

int main() {
  Index i;
  std::cout << i.build() << "\n";
}
