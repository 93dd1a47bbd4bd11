// concur::detail::TaskRoot<T>: the Task that a task run on its own owns — a gather child
// (child_task.h) or a create_task (task_handle.h) — with the value it produced once finished.
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "concur/detail/loop_core.h"
#include "concur/task.h"

namespace concur::detail {

template <class T>
class TaskRoot {
 public:
  // Owns `task`; its promise reports to `state` (which must outlive the coroutine).
  void set(Task<T> task, TaskState& state) {
    handle_ = TaskAccess::handle(task);
    task_ = std::move(task);
    handle_.promise().bind(state, nullptr);
  }
  std::coroutine_handle<> handle() const noexcept { return handle_; }

  // After the coroutine finished: moves its value in, destroys its frame (touch nothing of it
  // afterwards), and returns its exception, or the one moving the value threw.
  std::exception_ptr harvest() noexcept {
    std::exception_ptr error = handle_.promise().exception();
    if constexpr (!std::is_void_v<T>) {
      if (!error) {
        try {
          value_.emplace(handle_.promise().take_result());
        } catch (...) {
          error = std::current_exception();
        }
      }
    }
    destroy();
    return error;
  }
  // Destroys the coroutine now (its frame's destructors may still use the owning state, so the
  // owner calls this first in its own destructor).
  void destroy() noexcept { task_ = Task<T>(); }

  // The value harvested: whether it is still there, a look at it, or moved out.
  bool has_value() const noexcept {
    if constexpr (std::is_void_v<T>) {
      return true;
    } else {
      return value_.has_value();
    }
  }
  const auto& peek_value() const { return *value_; }
  T take_value() {
    if constexpr (!std::is_void_v<T>) {
      T value = std::move(*value_);
      value_.reset();
      return value;
    }
  }

 private:
  Task<T> task_;
  std::coroutine_handle<TaskPromise<T>> handle_;
  std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value_{};
};

}  // namespace concur::detail
