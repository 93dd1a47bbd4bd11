// concur::gather and concur::gather_settled: run tasks concurrently, collect every result in order
// (asyncio.gather).
//
//   auto [a, b] = co_await concur::gather(g(1), g(2));          // std::tuple<int, int>
//   std::vector<int> all = co_await concur::gather(std::move(tasks));   // std::vector<Task<int>>
//   auto outcomes = co_await concur::gather_settled(std::move(tasks));  // every value or exception
//
// Each argument (a Task<T>, or a TaskHandle<T> from create_task) runs as a task of its own,
// concurrently with the others; the await finishes when all of them have ended, so the total time
// is that of the slowest, not the sum. Results come back in argument order, whatever the order in
// which the tasks finished: a std::tuple for separate arguments (std::monostate for a Task<void>),
// a std::vector for a vector of tasks (gather of Task<void>s returns nothing).
//
// gather fails fast: the first task to fail (an exception, or CancelledError) gets the others
// cancelled; once they have all ended, that first exception is re-thrown. (asyncio.gather leaves
// the others running; here nothing started by the await outlives it, like asyncio.TaskGroup.)
// gather_settled never cancels: it waits for every task and returns, for each, an Outcome<T>
// holding its value or its exception (asyncio.gather(..., return_exceptions=True)).
//
// Cancelling the task that awaits either one cancels every task it runs, waits for them to end,
// and then throws CancelledError.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "concur/detail/child_task.h"
#include "concur/detail/loop_core.h"
#include "concur/outcome.h"
#include "concur/task.h"
#include "concur/task_handle.h"

namespace concur {

// The element type gather returns for a Task<T>: T, or std::monostate for void.
template <class T>
using gather_value_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

namespace detail {

// The awaiter gather and gather_settled suspend in: starts the children, counts their ends,
// cancels the rest on the first failure (fail_fast), and cancels them all if its task is cancelled.
class GatherGroup : public Waiter, public ChildOwner {
 public:
  explicit GatherGroup(bool fail_fast) noexcept : fail_fast_(fail_fast) {}

  bool await_ready() const noexcept { return children_.empty(); }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
    if (!this->bind(handle)) return false;  // cancelled already: nothing starts
    remaining_ = children_.size();
    for (ChildBase* child : children_) child->launch(this->loop(), *this);
    this->suspend_here();
    return true;
  }
  // Throws CancelledError if the awaiting task was cancelled, else (fail_fast) the first failure.
  void await_resume() {
    this->throw_if_cancelled();
    if (failed_) std::rethrow_exception(failed_->error());
  }

  std::coroutine_handle<> child_finished(ChildBase& child) noexcept override {
    --remaining_;
    if (fail_fast_ && child.error() && !failed_) {
      failed_ = &child;
      cancel_unfinished();
    }
    if (remaining_ > 0) return nullptr;
    this->task().resumed_from(this);
    return awaiting();  // the last child hands over to the awaiting task directly
  }
  void interrupt() noexcept override { cancel_unfinished(); }

 protected:
  ~GatherGroup() = default;
  std::vector<ChildBase*> children_;

 private:
  void cancel_unfinished() noexcept {
    for (ChildBase* child : children_)
      if (!child->finished()) child->request_cancel();
  }

  std::size_t remaining_ = 0;
  ChildBase* failed_ = nullptr;
  bool fail_fast_;
};

template <class T>
class GatherRange final : public GatherGroup {
 public:
  GatherRange(std::vector<Task<T>> tasks, bool fail_fast)
      : GatherGroup(fail_fast), count_(tasks.size()), storage_(std::make_unique<Child<T>[]>(tasks.size())) {
    children_.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i) {
      storage_[i].set(std::move(tasks[i]));
      children_.push_back(&storage_[i]);
    }
  }
  ~GatherRange() { storage_.reset(); }

  std::vector<T> values()
    requires(!std::is_void_v<T>)
  {
    std::vector<T> values;
    values.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i) values.push_back(storage_[i].take());
    return values;
  }
  std::vector<Outcome<T>> outcomes() {
    std::vector<Outcome<T>> outcomes;
    outcomes.reserve(count_);
    for (std::size_t i = 0; i < count_; ++i) outcomes.push_back(storage_[i].take_outcome());
    return outcomes;
  }

 private:
  std::size_t count_;
  std::unique_ptr<Child<T>[]> storage_;
};

template <class... T>
class GatherTuple final : public GatherGroup {
 public:
  GatherTuple(bool fail_fast, Task<T>... tasks) : GatherGroup(fail_fast), storage_(std::move(tasks)...) {
    children_.reserve(sizeof...(T));
    std::apply([this](auto&... child) { (children_.push_back(&child), ...); }, storage_);
  }

  std::tuple<gather_value_t<T>...> values() {
    return std::apply([](auto&... child) { return std::tuple<gather_value_t<T>...>{value_of(child)...}; }, storage_);
  }
  std::tuple<Outcome<T>...> outcomes() {
    return std::apply([](auto&... child) { return std::tuple<Outcome<T>...>{child.take_outcome()...}; }, storage_);
  }

 private:
  template <class U>
  static gather_value_t<U> value_of(Child<U>& child) {
    if constexpr (std::is_void_v<U>) {
      return std::monostate{};
    } else {
      return child.take();
    }
  }

  std::tuple<Child<T>...> storage_;
};

template <class T>
Task<T> as_task(Task<T>&& task) noexcept {
  return std::move(task);
}
template <class T>
Task<T> as_task(const TaskHandle<T>& handle) {
  return await_handle(handle);
}

template <class A>
struct GatherArgTraits : std::false_type {};
template <class T>
struct GatherArgTraits<Task<T>> : std::true_type {
  using value_type = T;
};
template <class T>
struct GatherArgTraits<TaskHandle<T>> : std::true_type {
  using value_type = T;
};
// A Task (passed as an rvalue: it is consumed) or a TaskHandle.
template <class A>
concept GatherArg = GatherArgTraits<std::remove_cvref_t<A>>::value &&
                    (!std::is_lvalue_reference_v<A> || !std::is_same_v<std::remove_cvref_t<A>,
                                                                       Task<typename GatherArgTraits<std::remove_cvref_t<A>>::value_type>>);
template <class A>
using gather_arg_value_t = typename GatherArgTraits<std::remove_cvref_t<A>>::value_type;

template <class... T>
Task<std::tuple<gather_value_t<T>...>> gather_tuple(Task<T>... tasks) {
  GatherTuple<T...> group(true, std::move(tasks)...);
  co_await group;
  co_return group.values();
}

template <class... T>
Task<std::tuple<Outcome<T>...>> gather_settled_tuple(Task<T>... tasks) {
  GatherTuple<T...> group(false, std::move(tasks)...);
  co_await group;
  co_return group.outcomes();
}

template <class T>
std::vector<Task<T>> tasks_of(std::vector<TaskHandle<T>> handles) {
  std::vector<Task<T>> tasks;
  tasks.reserve(handles.size());
  for (auto& handle : handles) tasks.push_back(await_handle(std::move(handle)));
  return tasks;
}

}  // namespace detail

// ---- gather: fail fast -----------------------------------------------------------------------

template <class T>
  requires(!std::is_void_v<T>)
Task<std::vector<T>> gather(std::vector<Task<T>> tasks) {
  detail::GatherRange<T> group(std::move(tasks), true);
  co_await group;
  co_return group.values();
}

inline Task<void> gather(std::vector<Task<void>> tasks) {
  detail::GatherRange<void> group(std::move(tasks), true);
  co_await group;
}

template <class T>
auto gather(std::vector<TaskHandle<T>> handles) {
  return gather(detail::tasks_of(std::move(handles)));
}

template <class... A>
  requires(sizeof...(A) > 0 && (detail::GatherArg<A> && ...))
Task<std::tuple<gather_value_t<detail::gather_arg_value_t<A>>...>> gather(A&&... tasks) {
  return detail::gather_tuple<detail::gather_arg_value_t<A>...>(detail::as_task(std::forward<A>(tasks))...);
}

// ---- gather_settled: every outcome ------------------------------------------------------------

template <class T>
Task<std::vector<Outcome<T>>> gather_settled(std::vector<Task<T>> tasks) {
  detail::GatherRange<T> group(std::move(tasks), false);
  co_await group;
  co_return group.outcomes();
}

template <class T>
Task<std::vector<Outcome<T>>> gather_settled(std::vector<TaskHandle<T>> handles) {
  return gather_settled(detail::tasks_of(std::move(handles)));
}

template <class... A>
  requires(sizeof...(A) > 0 && (detail::GatherArg<A> && ...))
Task<std::tuple<Outcome<detail::gather_arg_value_t<A>>...>> gather_settled(A&&... tasks) {
  return detail::gather_settled_tuple<detail::gather_arg_value_t<A>...>(detail::as_task(std::forward<A>(tasks))...);
}

}  // namespace concur
