#include "concur/queue/current_task.h"

namespace concur::queue {

namespace {
// The deadline of the task this thread is running (per thread, like errno; set only by
// SoftDeadlineScope).
thread_local std::optional<std::chrono::steady_clock::time_point> soft_deadline;
}  // namespace

bool soft_time_limit_exceeded() noexcept { return soft_deadline && std::chrono::steady_clock::now() >= *soft_deadline; }

void check_soft_time_limit() {
  if (soft_time_limit_exceeded()) throw SoftTimeLimitExceeded();
}

namespace detail {
SoftDeadlineScope::SoftDeadlineScope(std::optional<std::chrono::steady_clock::time_point> deadline) noexcept
    : saved_(soft_deadline) {
  soft_deadline = deadline;
}
SoftDeadlineScope::~SoftDeadlineScope() { soft_deadline = saved_; }
}  // namespace detail

}  // namespace concur::queue
