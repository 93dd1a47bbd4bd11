// future::get() on a std::async future orders the task before the caller's later accesses.
#include <future>

int total = 0;

int sum_to(int n) {
  for (int i = 1; i <= n; ++i)
    total += i;  // no finding: main touches total only before the start and after get()
  return total;
}

int main() {
  total = 0;  // no finding: before the task starts
  std::future<int> f = std::async(std::launch::async, sum_to, 10);
  int r = f.get();
  total -= r;  // no finding: after get()
  return total;
}
