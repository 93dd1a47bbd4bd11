// Tasks that gather and wait_for run on behalf of the awaiting task: each child is a task of its own
// (its own cancellation), owned by the awaiter that started it, which waits for all of them to end
// before it resumes its task (structured concurrency: no child outlives the await).
#pragma once

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "concur/detail/loop_core.h"
#include "concur/detail/task_root.h"
#include "concur/outcome.h"
#include "concur/task.h"

namespace concur::detail {

class ChildBase;

// The awaiter that owns children and is told when each ends.
class ChildOwner {
 public:
  // Returns the coroutine to continue with (the awaiting task, once it may resume), or null.
  virtual std::coroutine_handle<> child_finished(ChildBase& child) noexcept = 0;

 protected:
  ~ChildOwner() = default;
};

class ChildBase : public TaskState {
 public:
  ChildBase() noexcept {
    start_node_.owner = this;
    start_node_.callback = &ChildBase::start;
  }

  // Queues the child's start on `loop`; `owner` hears of its end.
  void launch(LoopCore& loop, ChildOwner& owner) noexcept {
    attach(loop);
    owner_ = &owner;
    loop.schedule(start_node_);
  }
  bool finished() const noexcept { return finished_; }
  // The exception it ended with (CancelledError if cancelled), or null.
  const std::exception_ptr& error() const noexcept { return error_; }

  // Takes the result and destroys the finished coroutine's frame at once (its parameters and
  // locals are released now, not when the whole group ends), then tells the owner.
  std::coroutine_handle<> on_root_finished() noexcept override {
    std::exception_ptr error = harvest();  // touch nothing of the frame after this
    if (!error && take_cancel()) error = std::make_exception_ptr(CancelledError("concur: the task was cancelled"));
    return finish(std::move(error));
  }

 protected:
  ~ChildBase() = default;
  virtual std::coroutine_handle<> root() noexcept = 0;
  // Moves the finished root's value into the child, destroys the root's frame, and returns the
  // root's exception (or the one moving the value threw).
  virtual std::exception_ptr harvest() noexcept = 0;
  virtual void destroy_root() noexcept = 0;

 private:
  struct StartNode : ReadyNode {
    ChildBase* owner = nullptr;
  };

  static void start(ReadyNode& node) noexcept {
    ChildBase& child = *static_cast<StartNode&>(node).owner;
    LoopCore& loop = child.loop();
    if (child.take_cancel()) {
      // Cancelled before it started: its coroutine never runs.
      child.destroy_root();
      std::coroutine_handle<> next =
          child.finish(std::make_exception_ptr(CancelledError("concur: the task was cancelled")));
      if (next) loop.resume(next);
      return;
    }
    loop.resume(child.root());
  }

  std::coroutine_handle<> finish(std::exception_ptr error) noexcept {
    finished_ = true;
    error_ = std::move(error);
    return owner_->child_finished(*this);
  }

  ChildOwner* owner_ = nullptr;
  StartNode start_node_;
  std::exception_ptr error_;
  bool finished_ = false;
};

template <class T>
class Child final : public ChildBase {
 public:
  Child() noexcept = default;
  explicit Child(Task<T> task) { set(std::move(task)); }
  ~Child() { root_.destroy(); }  // the coroutine first: it refers to this state

  void set(Task<T> task) { root_.set(std::move(task), *this); }
  // After the child finished without an exception: its value, moved out.
  T take() { return root_.take_value(); }
  Outcome<T> take_outcome() {
    if (error()) return Outcome<T>::failure(error());
    if constexpr (std::is_void_v<T>) {
      return Outcome<T>::success();
    } else {
      return Outcome<T>::success(take());
    }
  }

 protected:
  std::coroutine_handle<> root() noexcept override { return root_.handle(); }
  std::exception_ptr harvest() noexcept override { return root_.harvest(); }
  void destroy_root() noexcept override { root_.destroy(); }

 private:
  TaskRoot<T> root_;
};

}  // namespace concur::detail
