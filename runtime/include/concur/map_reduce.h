// concur::map_reduce: fn over a range's items on an executor, the results combined in order.
//
//   concur::ThreadPool pool;
//   double total = concur::map_reduce(pool, std::views::iota(0, n), 0.0, [&](int i) { return cpu_heavy(i); });
//   std::string joined = concur::map_reduce(pool, words, std::string(), upper, std::plus<>());
//
// fn(item) runs on the executor (any callable on a ThreadPool; a plain function on a ProcessPool,
// as for concur::map). The results are combined on the calling thread strictly left to right,
//   reduce(...reduce(reduce(init, fn(x0)), fn(x1))..., fn(xn)),
// so a floating-point sum, or a non-commutative reduction, equals the serial loop's result bit for
// bit. This is what the `loop-parallelizable` rule rewrites a reduction loop into.
#pragma once

#include <concepts>
#include <functional>
#include <ranges>
#include <type_traits>
#include <utility>

#include "concur/map.h"
#include "concur/map_options.h"

namespace concur {

template <class Executor, std::ranges::input_range Range, class T, class Fn, class Reduce = std::plus<>>
T map_reduce(Executor& ex, Range&& items, T init, Fn&& fn, Reduce reduce = {}, MapOptions options = {}) {
  using R = std::invoke_result_t<Fn&, std::ranges::range_reference_t<Range>>;
  if constexpr (std::is_void_v<R>) {
    static_assert(!std::is_void_v<R>, "concur::map_reduce needs a function that returns a value");
    return init;
  } else if constexpr (!std::is_invocable_v<Reduce&, T, R>) {
    static_assert(std::is_invocable_v<Reduce&, T, R>,
                  "concur::map_reduce: reduce(accumulator, fn(item)) must be callable");
    return init;
  } else if constexpr (!std::is_assignable_v<T&, std::invoke_result_t<Reduce&, T, R>>) {
    static_assert(std::is_assignable_v<T&, std::invoke_result_t<Reduce&, T, R>>,
                  "concur::map_reduce: the result of reduce must be assignable to the accumulator's type T");
    return init;
  } else {
    // The results are all kept and combined only after the map: combining them as they arrive
    // would need them in order anyway, and this keeps the reduction on one thread, with no lock.
    auto results = concur::map(ex, std::forward<Range>(items), std::forward<Fn>(fn), options);
    T accumulator = std::move(init);
    // auto&&: a std::vector<bool> (fn returning bool) hands out proxies, not references.
    for (auto&& result : results) accumulator = std::invoke(reduce, std::move(accumulator), std::move(result));
    return accumulator;
  }
}

}  // namespace concur
