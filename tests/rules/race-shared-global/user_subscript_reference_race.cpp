// ring[i] = x through a user operator[] returning a reference writes the global object.
#include <thread>

struct Ring {
  int slots[8] = {};
  int &operator[](int i) { return slots[i & 7]; }
};

Ring ring;

void put(int v) {
  ring[0] = v;  // expect: race-shared-global
}

int main() {
  std::thread a(put, 1);
  std::thread b(put, 2);
  a.join();
  b.join();
  return ring[0] == 0;  // no finding: after both joins
}
