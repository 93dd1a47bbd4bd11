// concur::map: results of fn over a range's items, computed on an executor, in the items' order.
//
//   concur::ThreadPool threads;
//   std::vector<double> a = concur::map(threads, inputs, [&](const Input& in) { return cpu_heavy(in); });
//   concur::ProcessPool processes;
//   std::vector<int> b = concur::map(processes, std::views::iota(0, n), square);  // int square(int)
//
// On a ThreadPool fn is any callable (ThreadPool::map). On a ProcessPool it must be a plain
// function, or a captureless lambda, taking one argument; its parameter and result types must be
// ones concur::codec carries (ProcessPool::map). Every item runs even when some throw; then the
// exception of the lowest failing index is re-thrown. This is what the `loop-parallelizable` rule
// rewrites a loop that fills a container into. See docs/runtime.md.
#pragma once

#include <functional>
#include <ranges>
#include <type_traits>
#include <utility>
#include <vector>

#include "concur/codec.h"
#include "concur/map_options.h"
#include "concur/process_pool.h"
#include "concur/thread_pool.h"

namespace concur {

namespace detail {

template <class F>
struct FunctionPointerTraits {
  static constexpr bool one_argument = false;
};
template <class R, class P>
struct FunctionPointerTraits<R (*)(P)> {
  static constexpr bool one_argument = true;
  using Result = R;
  using Parameter = std::decay_t<P>;
};
template <class R, class P>
struct FunctionPointerTraits<R (*)(P) noexcept> : FunctionPointerTraits<R (*)(P)> {};

// The function pointer a ProcessPool task is called through: fn itself, a function's address, or
// a captureless lambda's conversion (unary + picks it; generic lambdas have none).
template <class Fn>
auto as_function_pointer(Fn&& fn) {
  if constexpr (std::is_pointer_v<std::decay_t<Fn>> && std::is_function_v<std::remove_pointer_t<std::decay_t<Fn>>>) {
    return static_cast<std::decay_t<Fn>>(fn);
  } else if constexpr (requires { +fn; }) {
    return +fn;
  } else {
    return nullptr;  // not a plain function: rejected by the caller's static_assert
  }
}

}  // namespace detail

// Returns std::vector<std::invoke_result_t<Fn&, std::ranges::range_reference_t<Range>>>. The
// return type is deduced so that a misuse stops at one static_assert with its explanation, rather
// than at errors about std::vector<void> before it.
template <class Executor, std::ranges::input_range Range, class Fn>
auto map(Executor& ex, Range&& items, Fn&& fn, MapOptions options = {}) {
  using R = std::invoke_result_t<Fn&, std::ranges::range_reference_t<Range>>;
  using Pool = std::remove_cv_t<Executor>;
  if constexpr (std::is_void_v<R>) {
    static_assert(!std::is_void_v<R>,
                  "concur::map needs a function that returns a value; for a function returning void "
                  "use ThreadPool::for_each or concur::for_each_index");
  } else if constexpr (std::is_same_v<Pool, ProcessPool>) {
    using Pointer = decltype(detail::as_function_pointer(fn));
    using Traits = detail::FunctionPointerTraits<Pointer>;
    if constexpr (!Traits::one_argument) {
      static_assert(Traits::one_argument,
                    "concur::map on a ProcessPool needs a plain function (or a captureless, non-generic "
                    "lambda) of one argument: a closure's captured state cannot follow it into a worker "
                    "process");
      return std::vector<R>{};
    } else if constexpr (!(Encodable<typename Traits::Parameter> && Encodable<typename Traits::Result>)) {
      static_assert(Encodable<typename Traits::Parameter> && Encodable<typename Traits::Result>,
                    "concur::map on a ProcessPool: the function's parameter and result types must be "
                    "carried by concur::codec (see concur/codec.h)");
      return std::vector<R>{};
    } else {
      return ex.map(detail::as_function_pointer(fn), std::forward<Range>(items), options);
    }
  } else if constexpr (!std::is_same_v<Pool, ThreadPool>) {
    static_assert(std::is_same_v<Pool, ThreadPool>, "concur::map needs a concur::ThreadPool or a concur::ProcessPool");
    return std::vector<R>{};
  } else {
    return ex.map(fn, std::forward<Range>(items), options);
  }
}

}  // namespace concur
