// Logical reductions (`x = x && e`, `x = x || e`): rewritten onto concur::map_reduce with
// std::logical_and / std::logical_or; the note says that every iteration's e is now computed.
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

bool probe(int port) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return port % 7 != 3;
}

int main() {
  bool allUp = true;
  for (int port = 1; port < 6; ++port)  // expect-fixed: loop-parallelizable
    allUp = allUp && probe(port);

  bool anyDown = false;
  std::vector<int> ports{10, 11, 12, 13};
  for (int port : ports) {  // expect-fixed: loop-parallelizable
    bool up = probe(port);
    anyDown = anyDown || !up;
  }

  bool cheapAll = true;
  for (int port : ports) cheapAll = cheapAll && port > 0;  // no call: far too cheap

  std::printf("%d %d %d\n", allUp, anyDown, cheapAll);
}
