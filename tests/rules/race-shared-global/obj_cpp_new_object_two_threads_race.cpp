// The twin of obj_cpp_new_object_thread_arg: two threads get the same object.
#include <iostream>
#include <thread>

struct Job {
  int n = 0;
  long sum = 0;
};

static void run(Job *job) {
  for (int i = 1; i <= job->n; ++i)
    job->sum += i;  // expect: race-shared-global
}

int main() {
  Job *job = new Job;
  job->n = 100;
  std::thread a(run, job), b(run, job);
  a.join();
  b.join();
  std::cout << job->sum << "\n";
  delete job;
}
