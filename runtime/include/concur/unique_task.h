// concur::UniqueTask: a move-only `void()` callable with inline storage.
//
// Pool queues store tasks by value in this type: callables up to kInlineSize bytes (a lambda with a
// few captures, or a pointer to a future's shared state) need no allocation of their own, which is
// what makes fire-and-forget tasks cheap. Larger callables are boxed on the heap.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace concur {

class UniqueTask {
 public:
  static constexpr std::size_t kInlineSize = 48;

  // User-provided on purpose: value-initialization (std::vector<UniqueTask>(n)) would otherwise
  // zero the whole inline buffer of every slot first.
  UniqueTask() noexcept {}  // NOLINT(modernize-use-equals-default)

  template <class F>
    requires(!std::is_same_v<std::decay_t<F>, UniqueTask> && std::is_invocable_v<std::decay_t<F>&>)
  UniqueTask(F&& f) {  // NOLINT(google-explicit-constructor): a task is built from any callable
    using Fn = std::decay_t<F>;
    if constexpr (fits_inline<Fn>()) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      ops_ = &kOpsFor<Fn>;
    } else {
      ::new (static_cast<void*>(storage_)) Boxed<Fn>{std::make_unique<Fn>(std::forward<F>(f))};
      ops_ = &kOpsFor<Boxed<Fn>>;
    }
  }

  UniqueTask(UniqueTask&& other) noexcept { take(other); }
  UniqueTask& operator=(UniqueTask&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  UniqueTask(const UniqueTask&) = delete;
  UniqueTask& operator=(const UniqueTask&) = delete;
  ~UniqueTask() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  void operator()() { ops_->invoke(storage_); }
  void reset() noexcept {
    if (ops_) {
      ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void* self);
    void (*relocate)(void* from, void* to) noexcept;  // move-construct into `to`, destroy `from`
    void (*destroy)(void* self) noexcept;
  };

  template <class Fn>
  struct Boxed {
    std::unique_ptr<Fn> callable;
    void operator()() { (*callable)(); }
  };

  template <class Fn>
  static constexpr bool fits_inline() {
    return sizeof(Fn) <= kInlineSize && alignof(Fn) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<Fn>;
  }

  template <class Fn>
  static constexpr Ops kOpsFor{
      [](void* self) { (*std::launder(static_cast<Fn*>(self)))(); },
      [](void* from, void* to) noexcept {
        Fn* source = std::launder(static_cast<Fn*>(from));
        ::new (to) Fn(std::move(*source));
        source->~Fn();
      },
      [](void* self) noexcept { std::launder(static_cast<Fn*>(self))->~Fn(); },
  };

  void take(UniqueTask& other) noexcept {
    if (other.ops_) {
      other.ops_->relocate(other.storage_, storage_);
      ops_ = std::exchange(other.ops_, nullptr);
    }
  }

  alignas(std::max_align_t) std::byte storage_[kInlineSize];
  const Ops* ops_ = nullptr;
};

}  // namespace concur
