// How many threads a pool of blocking tasks wants. A thread blocked in a wait (a download, a
// query, a sleep) uses no CPU, so the waits overlap only when each has a thread: one per task,
// not one per core.
//
//   concur::ThreadPool pool(concur::io_threads(urls.size()));   // every download at once
//   concur::ThreadPool pool(concur::io_threads_for(urls));      // the same, from the range
//   concur::ThreadPool pool(concur::io_threads());               // count unknown: Python's default
//
// Capped at max_io_threads (64): each thread costs a stack (reserved, little of it resident) and
// a wake-up; a loop of thousands of waits runs in rounds of 64.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <ranges>
#include <thread>

namespace concur {

inline constexpr std::size_t max_io_threads = 64;

// min(32, hardware threads + 4): the default of Python's ThreadPoolExecutor, for blocking work
// whose count is not known.
inline std::size_t io_threads() {
  std::size_t cores = std::max<std::size_t>(std::thread::hardware_concurrency(), 1);
  return std::min<std::size_t>(32, cores + 4);
}

// One thread per task, from 1 to max_io_threads (a count of zero or less gives 1).
template <std::integral N>
std::size_t io_threads(N tasks) {
  if (tasks <= 0) return 1;
  return std::min<std::size_t>(static_cast<std::size_t>(tasks), max_io_threads);
}

// One thread per element of `range` when its size can be known without consuming it (a sized or
// forward range); io_threads() for a single-pass range.
template <std::ranges::range R>
std::size_t io_threads_for(const R& range) {
  if constexpr (std::ranges::sized_range<const R>)
    return io_threads(std::ranges::size(range));
  else if constexpr (std::ranges::forward_range<const R>)
    return io_threads(std::ranges::distance(range));
  else
    return io_threads();
}

}  // namespace concur
