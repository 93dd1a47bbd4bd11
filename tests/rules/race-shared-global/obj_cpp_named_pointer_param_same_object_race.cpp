// The racy twin of obj_cpp_named_pointer_param_two_objects.cpp: both threads fill `even`.
#include <iostream>
#include <thread>

class Histogram {
public:
  void add(int v) { buckets_[v % 8] += 1; }  // expect: race-shared-global
  long count(int b) const { return buckets_[b]; }

private:
  long buckets_[8] = {};
};

void fill(Histogram *h, int n) {
  for (int i = 0; i < n; ++i)
    h->add(i);
}

int main() {
  Histogram even, odd;
  std::thread a(fill, &even, 1000);
  std::thread b(fill, &even, 500);
  a.join();
  b.join();
  std::cout << even.count(0) + odd.count(1) << "\n";
}
