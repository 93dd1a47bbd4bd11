// The soft time limit, seen from inside a task (Celery's SoftTimeLimitExceeded).
//
//   std::string crawl(std::string url) {
//     for (auto& page : pages(url)) {
//       concur::queue::check_soft_time_limit();   // throws once the soft limit has passed
//       fetch(page);
//     }
//   }
//
// Celery raises the exception asynchronously inside the task (billiard signals the child); C++
// cannot interrupt a function at an arbitrary point, so the task asks, and may catch the
// exception to clean up (or return something else), as a Celery task may. The limit is known to
// every task of a worker: on its threads (lambdas, run_in_thread, a PoolKind::threads worker) and
// in its process pool's children, which receive the deadline with the call. Outside a task the
// checks never fire. A task that never checks runs on until its hard limit (process pool) or end.
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
// Set around a task's call, on the worker's thread or in the process pool child (the deadline of
// the task this thread runs).
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
