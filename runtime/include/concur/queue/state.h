// concur::queue::State: a task's state in the result backend (celery.states).
#pragma once

#include <string_view>

namespace concur::queue {

enum class State { pending, received, started, success, failure, retry, revoked };

// "PENDING", "RECEIVED", "STARTED", "SUCCESS", "FAILURE", "RETRY", "REVOKED".
std::string_view to_string(State state) noexcept;
// Unknown names (a custom state) read as pending.
State state_from_string(std::string_view name) noexcept;
// SUCCESS, FAILURE and REVOKED: the task will not change any more.
constexpr bool is_ready(State state) noexcept {
  return state == State::success || state == State::failure || state == State::revoked;
}

}  // namespace concur::queue
