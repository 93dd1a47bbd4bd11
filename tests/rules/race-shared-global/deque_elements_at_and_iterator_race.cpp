// d.at(i) = x and *it = x write the same deque element from two threads; begin() only reads the object.
#include <deque>
#include <thread>

std::deque<int> d = {0, 0, 0};

void set_with_at() { d.at(0) = 1; }  // expect: race-shared-global

void set_with_iterator() { *d.begin() = 2; }  // no finding: the pair's other unprotected element write; the earlier line is primary

int main() {
  std::thread a(set_with_at);
  std::thread b(set_with_iterator);
  a.join();
  b.join();
  return d.front() == 0;  // no finding: after both joins
}
