// The coroutine figures: concur::Task on concur::EventLoop against Boost.Asio's C++20 coroutines
// (co_spawn, use_awaitable, one io_context on one thread) and Python's asyncio (a subprocess:
// python_peers.py). As in the rest of the benchmark, the variants of a figure run interleaved,
// round after round, and each one's median is reported with the ratio to concur's.
//
//   1. 100 000 tasks created and gathered, each awaiting a zero sleep (a yield to the loop)
//   2. 10 000 concurrent 10 ms sleeps: total time, and how late the timers fired
//   3. to_thread round trips: one after the other (latency) and 10 000 at once (throughput)
//   4. loopback TCP echo: connections x messages, client and server in one loop / io_context
#include "bench_coro.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "concur/event_loop.h"
#include "concur/gather.h"
#include "concur/net.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "concur/to_thread.h"

namespace concur_bench {

namespace {

namespace asio = boost::asio;
using concur::Task;

struct CoroSizes {
  int rounds = 5;
  std::size_t tasks = 100'000;
  std::size_t python_tasks = 100'000;
  int python_rounds = 3;
  std::size_t timers = 10'000;
  std::chrono::milliseconds timer_delay{10};
  std::size_t round_trips = 10'000;
  std::size_t python_round_trips = 10'000;
  std::size_t echo_connections = 16;
  std::size_t echo_messages = 2'000;
  std::size_t echo_size = 1024;
};

// The to_thread pools: the size of Python's default executor, min(32, CPUs + 4), everywhere.
std::size_t offload_threads() { return std::min<std::size_t>(32, std::max(1u, std::thread::hardware_concurrency()) + 4); }

concur::EventLoopOptions loop_options() { return {.to_thread_threads = offload_threads()}; }

int trivial_work(int x) { return x + 1; }

// ---- 1. many tasks ------------------------------------------------------------------------------

Task<> yield_once() { co_await concur::sleep(std::chrono::seconds(0)); }

Task<double> concur_gather_tasks(std::size_t n) {
  auto start = Clock::now();
  std::vector<Task<>> tasks;
  tasks.reserve(n);
  for (std::size_t i = 0; i < n; ++i) tasks.push_back(yield_once());
  co_await concur::gather(std::move(tasks));
  co_return seconds_since(start);
}

Task<double> concur_create_tasks(std::size_t n) {
  auto start = Clock::now();
  std::vector<concur::TaskHandle<>> handles;
  handles.reserve(n);
  for (std::size_t i = 0; i < n; ++i) handles.push_back(concur::create_task(yield_once()));
  for (auto& handle : handles) co_await handle;
  handles.clear();
  co_return seconds_since(start);
}

asio::awaitable<void> asio_zero_timer(std::size_t* done) {
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::seconds(0));
  co_await timer.async_wait(asio::use_awaitable);
  ++*done;
}

double asio_spawn_tasks(std::size_t n) {
  asio::io_context io(1);
  std::size_t done = 0;
  auto start = Clock::now();
  for (std::size_t i = 0; i < n; ++i) asio::co_spawn(io, asio_zero_timer(&done), asio::detached);
  io.run();
  double seconds = seconds_since(start);
  if (done != n) std::abort();
  return seconds;
}

// ---- 2. timers ----------------------------------------------------------------------------------

struct Lateness {
  std::vector<double> seconds;  // every timer of every round
  void print(const char* who) {
    if (seconds.empty()) return;
    std::sort(seconds.begin(), seconds.end());
    auto at = [&](double q) { return seconds[std::min(seconds.size() - 1, static_cast<std::size_t>(q * seconds.size()))]; };
    std::printf("  %-20s timers fired late by: median %s, p99 %s, max %s\n", who, human(at(0.5)).c_str(),
                human(at(0.99)).c_str(), human(seconds.back()).c_str());
  }
};

Task<> concur_timed_sleep(std::chrono::milliseconds delay, double* late) {
  auto due = Clock::now() + delay;
  co_await concur::sleep(delay);
  *late = std::chrono::duration<double>(Clock::now() - due).count();
}

Task<double> concur_sleepers(std::size_t n, std::chrono::milliseconds delay, Lateness* lateness) {
  std::vector<double> late(n);
  auto start = Clock::now();
  std::vector<Task<>> tasks;
  tasks.reserve(n);
  for (std::size_t i = 0; i < n; ++i) tasks.push_back(concur_timed_sleep(delay, &late[i]));
  co_await concur::gather(std::move(tasks));
  double seconds = seconds_since(start);
  lateness->seconds.insert(lateness->seconds.end(), late.begin(), late.end());
  co_return seconds;
}

asio::awaitable<void> asio_timed_sleep(std::chrono::milliseconds delay, double* late) {
  auto due = Clock::now() + delay;
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
  *late = std::chrono::duration<double>(Clock::now() - due).count();
}

double asio_sleepers(std::size_t n, std::chrono::milliseconds delay, Lateness* lateness) {
  asio::io_context io(1);
  std::vector<double> late(n);
  auto start = Clock::now();
  for (std::size_t i = 0; i < n; ++i) asio::co_spawn(io, asio_timed_sleep(delay, &late[i]), asio::detached);
  io.run();
  double seconds = seconds_since(start);
  lateness->seconds.insert(lateness->seconds.end(), late.begin(), late.end());
  return seconds;
}

// ---- 3. to_thread -------------------------------------------------------------------------------

Task<double> concur_round_trips(std::size_t n) {
  auto start = Clock::now();
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) value = co_await concur::to_thread(trivial_work, value);
  double seconds = seconds_since(start);
  if (value != static_cast<int>(n)) std::abort();
  co_return seconds / static_cast<double>(n);
}

Task<int> one_offload(int x) { co_return co_await concur::to_thread(trivial_work, x); }

Task<double> concur_concurrent_offloads(std::size_t n) {
  auto start = Clock::now();
  std::vector<Task<int>> calls;
  calls.reserve(n);
  for (std::size_t i = 0; i < n; ++i) calls.push_back(one_offload(static_cast<int>(i)));
  std::vector<int> results = co_await concur::gather(std::move(calls));
  double seconds = seconds_since(start);
  if (results.back() != static_cast<int>(n)) std::abort();
  co_return seconds;
}

asio::awaitable<int> asio_work_on_pool(int x) { co_return trivial_work(x); }

asio::awaitable<void> asio_round_trip_loop(asio::thread_pool* pool, std::size_t n, double* per_trip) {
  auto start = Clock::now();
  int value = 0;
  for (std::size_t i = 0; i < n; ++i)
    value = co_await asio::co_spawn(pool->get_executor(), asio_work_on_pool(value), asio::use_awaitable);
  *per_trip = seconds_since(start) / static_cast<double>(n);
  if (value != static_cast<int>(n)) std::abort();
}

double asio_round_trips(asio::thread_pool* pool, std::size_t n) {
  asio::io_context io(1);
  double per_trip = 0;
  asio::co_spawn(io, asio_round_trip_loop(pool, n, &per_trip), asio::detached);
  io.run();
  return per_trip;
}

// ---- 4. loopback echo ---------------------------------------------------------------------------

Task<> concur_echo_connection(concur::net::TcpStream stream, std::size_t size) {
  std::vector<std::byte> buffer(std::max<std::size_t>(size, 64 * 1024));
  for (;;) {
    std::size_t got = co_await stream.read(buffer);
    if (got == 0) break;
    co_await stream.write(std::span<const std::byte>(buffer.data(), got));
  }
}

Task<> concur_echo_server(concur::net::TcpListener* listener, std::size_t connections, std::size_t size) {
  std::vector<concur::TaskHandle<>> handlers;
  for (std::size_t i = 0; i < connections; ++i)
    handlers.push_back(concur::create_task(concur_echo_connection(co_await listener->accept(), size)));
  co_await concur::gather(handlers);
}

Task<> concur_echo_client(std::uint16_t port, std::size_t messages, std::size_t size) {
  concur::net::TcpStream stream = co_await concur::net::connect("127.0.0.1", port);
  std::vector<std::byte> out(size, std::byte{'x'});
  std::vector<std::byte> in(size);
  for (std::size_t m = 0; m < messages; ++m) {
    co_await stream.write(out);
    co_await stream.read_exactly(in);
  }
  stream.shutdown_write();
  std::size_t rest = co_await stream.read(in);
  if (rest != 0) std::abort();
}

Task<double> concur_echo(const CoroSizes* sizes) {
  auto listener = concur::net::TcpListener::bind("127.0.0.1", 0);
  auto start = Clock::now();
  auto server = concur::create_task(concur_echo_server(&listener, sizes->echo_connections, sizes->echo_size));
  std::vector<Task<>> clients;
  for (std::size_t c = 0; c < sizes->echo_connections; ++c)
    clients.push_back(concur_echo_client(listener.port(), sizes->echo_messages, sizes->echo_size));
  co_await concur::gather(std::move(clients));
  co_await server;
  co_return seconds_since(start);
}

asio::awaitable<void> asio_echo_connection(asio::ip::tcp::socket socket, std::size_t size) {
  std::vector<char> buffer(std::max<std::size_t>(size, 64 * 1024));
  for (;;) {
    auto [error, got] = co_await socket.async_read_some(asio::buffer(buffer),
                                                        asio::experimental::as_tuple(asio::use_awaitable));
    if (error) break;
    co_await asio::async_write(socket, asio::buffer(buffer.data(), got), asio::use_awaitable);
  }
}

asio::awaitable<void> asio_echo_server(asio::ip::tcp::acceptor* acceptor, std::size_t connections, std::size_t size) {
  for (std::size_t i = 0; i < connections; ++i) {
    asio::ip::tcp::socket socket = co_await acceptor->async_accept(asio::use_awaitable);
    socket.set_option(asio::ip::tcp::no_delay(true));
    asio::co_spawn(acceptor->get_executor(), asio_echo_connection(std::move(socket), size), asio::detached);
  }
}

asio::awaitable<void> asio_echo_client(asio::ip::tcp::endpoint server, std::size_t messages, std::size_t size,
                                       std::size_t* finished) {
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(server, asio::use_awaitable);
  socket.set_option(asio::ip::tcp::no_delay(true));
  std::vector<char> out(size, 'x');
  std::vector<char> in(size);
  for (std::size_t m = 0; m < messages; ++m) {
    co_await asio::async_write(socket, asio::buffer(out), asio::use_awaitable);
    co_await asio::async_read(socket, asio::buffer(in), asio::use_awaitable);
  }
  socket.shutdown(asio::ip::tcp::socket::shutdown_send);
  ++*finished;
}

double asio_echo(const CoroSizes& sizes) {
  asio::io_context io(1);
  asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto server = acceptor.local_endpoint();
  std::size_t finished = 0;
  auto start = Clock::now();
  asio::co_spawn(io, asio_echo_server(&acceptor, sizes.echo_connections, sizes.echo_size), asio::detached);
  for (std::size_t c = 0; c < sizes.echo_connections; ++c)
    asio::co_spawn(io, asio_echo_client(server, sizes.echo_messages, sizes.echo_size, &finished), asio::detached);
  io.run();  // ends when every client finished and every server connection saw the end of stream
  double seconds = seconds_since(start);
  if (finished != sizes.echo_connections) std::abort();
  return seconds;
}

}  // namespace

void coroutine_figures(bool smoke, std::vector<Goal>& goals) {
  CoroSizes sizes;
  if (smoke) {
    sizes = CoroSizes{.rounds = 1,
                      .tasks = 2'000,
                      .python_tasks = 2'000,
                      .python_rounds = 1,
                      .timers = 200,
                      .timer_delay = std::chrono::milliseconds(10),
                      .round_trips = 200,
                      .python_round_trips = 200,
                      .echo_connections = 2,
                      .echo_messages = 20,
                      .echo_size = 1024};
  }
  std::printf("\n---- coroutines: concur::Task on one EventLoop, Boost.Asio co_spawn on one io_context, Python asyncio\n");

  // ---- 1. many tasks
  {
    const std::size_t n = sizes.tasks;
    std::vector<Variant> variants{
        {"concur gather(vector<Task>) of sleep(0)", [n] { return concur::run(concur_gather_tasks(n)); }},
        {"concur create_task x n, co_await each", [n] { return concur::run(concur_create_tasks(n)); }},
        {"Asio co_spawn(detached), zero steady_timer", [n] { return asio_spawn_tasks(n); }},
        {"Python asyncio.gather of asyncio.sleep(0)",
         [&sizes] {
           return python("asyncio_gather_sleep0", sizes.python_tasks, 1) * static_cast<double>(sizes.tasks) /
                  static_cast<double>(sizes.python_tasks);
         },
         sizes.python_rounds},
    };
    auto m = interleaved(variants, sizes.rounds);
    report(std::to_string(n) + " tasks created and gathered, each awaiting a zero sleep", variants, m);
    double per = 1e6 / static_cast<double>(n);
    std::printf("  per task: concur gather %.3f us, concur create_task %.3f us, Asio %.3f us, Python %.3f us\n",
                m[0] * per, m[1] * per, m[2] * per, m[3] * per);
    goal(goals, "100k tasks: concur per task <= Boost.Asio co_spawn", m[0] <= m[2]);
    goal(goals, "100k tasks: concur >= 20x faster than Python asyncio", m[3] / m[0] >= 20);
  }

  // ---- 2. timers
  {
    const std::size_t n = sizes.timers;
    const auto delay = sizes.timer_delay;
    Lateness concur_late, asio_late;
    std::vector<Variant> variants{
        {"concur gather of sleep(10 ms)", [&] { return concur::run(concur_sleepers(n, delay, &concur_late)); }},
        {"Asio co_spawn, steady_timer(10 ms)", [&] { return asio_sleepers(n, delay, &asio_late); }},
        {"Python asyncio.gather of sleep(0.01)",
         [&] { return python("asyncio_gather_sleep10ms", n, 1); }, sizes.python_rounds},
    };
    auto m = interleaved(variants, sizes.rounds);
    report(std::to_string(n) + " concurrent sleeps of 10 ms: total time (ideal: 10 ms)", variants, m);
    concur_late.print("concur:");
    asio_late.print("Boost.Asio:");
  }

  // ---- 3. to_thread
  {
    const std::size_t n = sizes.round_trips;
    asio::thread_pool pool(offload_threads());
    std::vector<Variant> variants{
        {"concur co_await to_thread(f), one at a time", [n] { return concur::run(concur_round_trips(n), loop_options()); }},
        {"Asio co_spawn(thread_pool, f, use_awaitable)", [&pool, n] { return asio_round_trips(&pool, n); }},
        {"Python await asyncio.to_thread(f)",
         [&sizes] { return python("asyncio_to_thread_seq", sizes.python_round_trips, 1); }, sizes.python_rounds},
    };
    auto m = interleaved(variants, sizes.rounds);
    report("to_thread round trip, per call (" + std::to_string(n) + " calls one after the other; pools of " +
               std::to_string(offload_threads()) + " threads)",
           variants, m);

    std::vector<Variant> concurrent{
        {"concur gather of to_thread(f)", [n] { return concur::run(concur_concurrent_offloads(n), loop_options()); }},
        {"Python asyncio.gather of to_thread(f)",
         [&sizes] { return python("asyncio_to_thread_gather", sizes.python_round_trips, 1); }, sizes.python_rounds},
    };
    m = interleaved(concurrent, sizes.rounds);
    report(std::to_string(n) + " to_thread calls at once, total", concurrent, m);
  }

  // ---- 4. echo
  {
    std::vector<Variant> variants{
        {"concur::net echo, one loop", [&sizes] { return concur::run(concur_echo(&sizes)); }},
        {"Asio echo, one io_context", [&sizes] { return asio_echo(sizes); }},
    };
    auto m = interleaved(variants, sizes.rounds);
    const double round_trips = static_cast<double>(sizes.echo_connections * sizes.echo_messages);
    const double megabytes = round_trips * static_cast<double>(sizes.echo_size) / 1e6;
    report("loopback echo: " + std::to_string(sizes.echo_connections) + " connections x " +
               std::to_string(sizes.echo_messages) + " messages of " + std::to_string(sizes.echo_size) + " bytes",
           variants, m);
    std::printf("  concur %.1f MB/s echoed (%.0f round trips/s), Asio %.1f MB/s (%.0f round trips/s)\n",
                megabytes / m[0], round_trips / m[0], megabytes / m[1], round_trips / m[1]);
  }
}

}  // namespace concur_bench
