// Two threads run task->run() through an abstract base pointer; the program's only overrider adds
// to a global without a lock.
#include <thread>

long bytes_flushed = 0;

struct Task {
  virtual ~Task() = default;
  virtual void run() = 0;
};

struct FlushTask : Task {
  void run() override {
    for (int i = 0; i < 10; ++i)
      bytes_flushed += 4096;  // expect: race-shared-global
  }
};

static void execute(Task *task) { task->run(); }

int main() {
  FlushTask flush;
  Task *task = &flush;
  std::thread a(execute, task);
  std::thread b([task] { task->run(); });
  a.join();
  b.join();
  return bytes_flushed == 81920 ? 0 : 1;  // no finding: after the joins
}
