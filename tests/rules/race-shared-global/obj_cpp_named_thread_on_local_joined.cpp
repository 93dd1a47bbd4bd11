// The race-free twin of obj_cpp_named_thread_on_local_race.cpp: main resets the worker after
// the join; a second Worker of main's own is used meanwhile.
#include <iostream>
#include <thread>

class Worker {
public:
  void run() {
    for (int i = 0; i < 1000; ++i)
      done_ += 1;  // no finding: `spare` is another object, `w` is reset after the join
  }
  void reset() { done_ = 0; }
  int done() const { return done_; }

private:
  int done_ = 0;
};

int main() {
  Worker w;
  Worker spare;
  std::thread t(&Worker::run, &w);
  spare.reset();
  spare.run();
  t.join();
  int total = w.done() + spare.done();
  w.reset();
  std::cout << total << "\n";
}
