// A C++ spawner takes the entry as a plain function pointer and move-assigns the std::thread into
// an out parameter; the caller joins it before touching the global again.
#include <thread>

long checksum = 0;

static void start_worker(void (*entry)(int), int seed, std::thread *out) {
  *out = std::thread(entry, seed);
}

static void compute_checksum(int seed) {
  for (int i = 0; i < 1000; ++i)
    checksum = checksum * 31 + seed + i;  // no finding: main waits for the join before using it
}

int main() {
  checksum = 7;  // no finding: before the worker starts
  std::thread worker;
  start_worker(compute_checksum, 3, &worker);
  worker.join();
  checksum ^= 1;  // no finding: after the join
  return checksum == 0;
}
