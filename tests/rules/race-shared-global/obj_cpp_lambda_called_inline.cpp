// A lambda capturing locals by reference, called on main's own thread; the one thread started
// only reads a different local, by copy.
#include <iostream>
#include <thread>

int main() {
  int count = 0;
  auto bump = [&] { count += 2; };
  bump();
  bump();
  int limit = 5;
  std::thread t([limit] { std::cout << limit << "\n"; });
  bump();
  t.join();
  std::cout << count << "\n";
}
