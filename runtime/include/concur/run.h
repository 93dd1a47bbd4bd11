// concur::run: asyncio.run for concur::Task.
//
//   concur::Task<int> main_task();
//   int main() { return concur::run(main_task()); }
//
// Creates an event loop on the calling thread, runs `task` to completion, then closes the loop:
// tasks it left running are cancelled and awaited, and the to_thread pool is stopped. Returns the
// task's value or re-throws its exception. Throws std::logic_error when called from inside a
// running loop (await the task instead).
#pragma once

#include <utility>

#include "concur/event_loop.h"
#include "concur/task.h"

namespace concur {

template <class T>
T run(Task<T> task, EventLoopOptions options = {}) {
  if (EventLoop::current()) throw std::logic_error("concur::run: called from a running event loop; co_await the task");
  EventLoop loop(options);
  if constexpr (std::is_void_v<T>) {
    loop.run_until_complete(std::move(task));
    loop.close();
  } else {
    T result = loop.run_until_complete(std::move(task));
    loop.close();
    return result;
  }
}

}  // namespace concur
