// A function-local static initialised by its declaration is initialised thread-safely ("magic statics").
#include <thread>

int expensive() { return 42; }

int cached() {
  static int value = expensive();  // no finding: the compiler synchronises the initialisation
  return value;  // no finding: only read after the initialisation
}

int main() {
  std::thread a(cached);
  std::thread b(cached);
  a.join();
  b.join();
  return cached() == 42 ? 0 : 1;
}
