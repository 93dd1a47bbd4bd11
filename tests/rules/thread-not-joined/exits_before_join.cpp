#include <cstdlib>
#include <thread>

void work() {}
bool fatal();

int main() {
  std::thread t(work);  // no finding: exit() ends the process without destroying t
  if (fatal())
    std::exit(1);
  t.join();
}
