// std::async(std::launch::async, f) runs f on another thread, concurrently with the caller until get().
#include <future>

int cache = 0;

int fill() {
  cache = 7;  // expect: race-shared-global
  return 1;
}

int main() {
  std::future<int> f = std::async(std::launch::async, fill);
  cache = 1;  // no finding: the pair's other unprotected write; the earlier line (in fill) is primary
  int r = f.get();
  return cache + r > 100;  // no finding: after get()
}
