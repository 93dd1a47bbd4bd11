// A worker runs a queue of polymorphic tasks through Task::run(); main only reads the global that
// the overriders write after joining the worker.
#include <memory>
#include <thread>
#include <vector>

long rows_written = 0;

struct Task {
  virtual ~Task() = default;
  virtual void run() = 0;
};

struct InsertTask : Task {
  void run() override { rows_written += 10; }  // no finding: main reads after the join
};

struct DeleteTask : Task {
  void run() override { rows_written -= 3; }  // no finding: main reads after the join
};

int main() {
  std::vector<std::unique_ptr<Task>> queue;
  queue.push_back(std::make_unique<InsertTask>());
  queue.push_back(std::make_unique<DeleteTask>());
  std::thread worker([&queue] {
    for (auto &task : queue)
      task->run();
  });
  worker.join();
  return rows_written == 7 ? 0 : 1;  // no finding: after the join
}
