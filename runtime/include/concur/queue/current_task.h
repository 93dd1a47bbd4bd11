// The soft time limit, seen from inside a task (Celery's SoftTimeLimitExceeded).
//
//   std::string crawl(std::string url) {
//     for (auto& page : pages(url)) {
//       concur::queue::check_soft_time_limit();   // throws once the soft limit has passed
//       fetch(page);
//     }
//   }
//
// Celery raises the exception asynchronously inside the task; C++ cannot interrupt a function,
// so the task asks. The limit is known to tasks that run on the worker's threads (lambdas, tasks
// registered with run_in_thread, or any task of a PoolKind::threads worker); in a process pool
// child, and outside a task, the checks never fire (there the hard limit applies).
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>

namespace concur::queue {

class SoftTimeLimitExceeded : public std::runtime_error {
 public:
  SoftTimeLimitExceeded() : std::runtime_error("SoftTimeLimitExceeded()") {}
};

// True once the running task's soft limit has passed.
bool soft_time_limit_exceeded() noexcept;
// Throws SoftTimeLimitExceeded once it has.
void check_soft_time_limit();

namespace detail {
// Set by the worker around a task run on its threads (the deadline of the task this thread runs).
class SoftDeadlineScope {
 public:
  explicit SoftDeadlineScope(std::optional<std::chrono::steady_clock::time_point> deadline) noexcept;
  ~SoftDeadlineScope();
  SoftDeadlineScope(const SoftDeadlineScope&) = delete;
  SoftDeadlineScope& operator=(const SoftDeadlineScope&) = delete;

 private:
  std::optional<std::chrono::steady_clock::time_point> saved_;
};
}  // namespace detail

}  // namespace concur::queue
