// thread_local variables (namespace scope and function-local static thread_local) are per thread: no race.
#include <thread>

thread_local int tls_count = 0;

int work() {
  static thread_local int calls = 0;
  for (int i = 0; i < 100; ++i) {
    ++tls_count;  // no finding: each thread has its own tls_count
    ++calls;  // no finding: each thread has its own calls
  }
  return tls_count + calls;
}

int main() {
  std::thread a(work);
  std::thread b(work);
  work();
  a.join();
  b.join();
  return tls_count == 100 ? 0 : 1;
}
