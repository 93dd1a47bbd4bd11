// C++: entries sit in a struct field of a job table; a loop starts one std::thread per row, and
// both rows name the same function, which bumps a global with no lock.
#include <thread>
#include <vector>

struct Job {
  const char *name;
  void (*entry)(int);
  int arg;
};

long cache_hits = 0;

static void warm(int n) {
  for (int i = 0; i < n; ++i)
    cache_hits += 1;  // expect: race-shared-global
}

static const Job jobs[] = {{"warm-a", warm, 100}, {"warm-b", warm, 200}};

int main() {
  std::vector<std::thread> running;
  for (const Job &job : jobs)
    running.emplace_back(job.entry, job.arg);
  for (std::thread &t : running)
    t.join();
  return cache_hits == 300 ? 0 : 1;  // no finding: after the joins
}
