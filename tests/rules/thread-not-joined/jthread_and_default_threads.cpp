#include <thread>

void work() {}

int main() {
  std::jthread j(work);  // no finding: joins in its destructor
  std::thread never_started;  // no finding: holds no thread
  std::thread moved_from(work);  // no finding: moved into other, which is joined
  std::thread other(std::move(moved_from));
  other.join();
}
