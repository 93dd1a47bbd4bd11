// A C++ object made with new, handed to a std::thread by pointer, used again only after the
// join: handed over, never shared at once.
#include <iostream>
#include <thread>

struct Job {
  int n = 0;
  long sum = 0;
};

static void run(Job *job) {
  for (int i = 1; i <= job->n; ++i)
    job->sum += i;
}

int main() {
  Job *job = new Job;
  job->n = 100;
  std::thread t(run, job);
  t.join();
  std::cout << job->sum << "\n";
  delete job;
}
