// The unique_ptr is moved into the thread: main has no handle on the object any more.
#include <cstdio>
#include <memory>
#include <thread>

struct Job {
  long done = 0;
};

void run(std::unique_ptr<Job> job) {
  job->done++;  // no finding: the thread owns the Job
  std::printf("%ld\n", job->done);
}

int main() {
  auto job = std::make_unique<Job>();
  job->done = 1;
  std::thread worker(run, std::move(job));
  worker.join();
  return 0;
}
