// Locals and parameters that shadow a global's name are not the global.
#include <thread>

int count = 0;

void work(int total) {
  int count = 0;
  for (int i = 0; i < total; ++i)
    count += i;  // no finding: the local count, not ::count
  total = count;  // no finding: a parameter
}

int main() {
  std::thread a(work, 10);
  std::thread b(work, 20);
  a.join();
  b.join();
  return count;
}
