// The coroutine figures of the benchmark (bench_coro.cpp).
#pragma once

#include <vector>

#include "bench_support.h"

namespace concur_bench {

// concur::Task on concur::EventLoop against Boost.Asio coroutines (co_spawn, use_awaitable) and
// Python's asyncio: many tasks, timers, to_thread, loopback echo.
void coroutine_figures(bool smoke, std::vector<Goal>& goals);

}  // namespace concur_bench
