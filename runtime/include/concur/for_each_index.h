// concur::for_each_index: a parallel `for (I i = first; i < last; ++i) body(i);` on a ThreadPool.
//
//   concur::ThreadPool pool;
//   std::vector<double> out(n);
//   concur::for_each_index(pool, 0, n, [&](int i) { out[i] = cpu_heavy(i); });
//
// Returns when every iteration has ended. Iterations that throw do not stop the others; once all
// have ended, the exception of the lowest failing index is re-thrown (concurrent.futures).
// This is what the `loop-parallelizable` rule rewrites an index loop into. See docs/runtime.md.
#pragma once

#include <concepts>
#include <cstddef>
#include <ranges>
#include <type_traits>
#include <utility>

#include "concur/map_options.h"
#include "concur/thread_pool.h"

namespace concur {

class ProcessPool;

template <class Executor, std::integral I, class Body>
void for_each_index(Executor& ex, I first, I last, Body&& body, MapOptions options = {}) {
  using Pool = std::remove_cv_t<Executor>;
  // One assertion per mistake, and nothing instantiated after it, so that the message is the
  // compiler's only complaint.
  if constexpr (std::is_same_v<Pool, ProcessPool>) {
    static_assert(!std::is_same_v<Pool, ProcessPool>,
                  "concur::for_each_index cannot run on a ProcessPool: each iteration would run in a "
                  "worker process, and its writes would never reach this process; use concur::map "
                  "(results returned) or a ThreadPool");
  } else if constexpr (!std::is_same_v<Pool, ThreadPool>) {
    static_assert(std::is_same_v<Pool, ThreadPool>, "concur::for_each_index needs a concur::ThreadPool");
  } else if constexpr (!std::is_invocable_v<Body&, I>) {
    static_assert(std::is_invocable_v<Body&, I>, "concur::for_each_index: the body must be callable with the index");
  } else {
    if (!(first < last)) return;
    // The distance as an unsigned number: last - first can overflow I (e.g. INT_MIN to INT_MAX).
    using Unsigned = std::make_unsigned_t<I>;
    const auto count = static_cast<std::size_t>(static_cast<Unsigned>(static_cast<Unsigned>(last) - static_cast<Unsigned>(first)));
    ex.for_each(
        [&body, first](std::size_t offset) {
          body(static_cast<I>(static_cast<Unsigned>(first) + static_cast<Unsigned>(offset)));
        },
        std::views::iota(std::size_t{0}, count), options);
  }
}

}  // namespace concur
