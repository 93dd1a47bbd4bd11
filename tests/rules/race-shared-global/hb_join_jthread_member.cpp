// A std::jthread data member is joined when the object owning it is destroyed: main reads after the owner's scope has ended.
#include <cstdio>
#include <thread>

int bytes_flushed = 0;

struct Flusher {
  std::jthread thread{[] {
    for (int i = 0; i < 8; i++)
      bytes_flushed += 512;  // no finding: main reads it only after the Flusher is destroyed
  }};
};

int main() {
  {
    Flusher flusher;
  }
  std::printf("%d bytes\n", bytes_flushed);  // no finding: the Flusher's destructor joined its jthread
  return 0;
}
