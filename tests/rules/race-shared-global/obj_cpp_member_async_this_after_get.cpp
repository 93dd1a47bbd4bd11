// The twin of obj_cpp_member_async_this_race.cpp: the caller waits for the result first.
#include <future>
#include <iostream>

class Index {
public:
  int build() {
    auto f = std::async(std::launch::async, &Index::scan, this);
    int scanned = f.get();
    entries_ += 1;
    return scanned + entries_;
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
