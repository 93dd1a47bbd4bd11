// concur::ThreadPool: submit, cancel, map, shutdown, nested waits, idleness.
#include <gtest/gtest.h>

#include <time.h>

#include <atomic>
#include <chrono>
#include <list>
#include <ranges>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "concur/thread_pool.h"
#include "concur/wait.h"
#include "test_support.h"

using namespace std::chrono_literals;
using concur_test::Gate;

namespace {

struct CustomError : std::runtime_error {
  int code;
  explicit CustomError(int c) : std::runtime_error("custom " + std::to_string(c)), code(c) {}
};

int add(int a, int b) { return a + b; }

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

TEST(ThreadPool, DefaultsToHardwareConcurrency) {
  concur::ThreadPool pool;
  EXPECT_EQ(pool.thread_count(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(IoThreads, OnePerTaskUpToTheCap) {
  EXPECT_EQ(concur::io_threads(5), 5u);
  EXPECT_EQ(concur::io_threads(0), 1u);
  EXPECT_EQ(concur::io_threads(-3), 1u);
  EXPECT_EQ(concur::io_threads(std::size_t{1000}), concur::max_io_threads);
  std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(concur::io_threads(), std::min<std::size_t>(32, cores + 4));
  std::vector<int> seven(7);
  std::list<int> three(3);
  EXPECT_EQ(concur::io_threads_for(seven), 7u);
  EXPECT_EQ(concur::io_threads_for(three), 3u);
  EXPECT_EQ(concur::io_threads_for(std::views::iota(0, 9)), 9u);
}

// A pool sized by io_threads(n) gives each of n blocking tasks its thread: all eight are in
// their wait at the same time (with fewer threads, the first ones would wait in vain).
TEST(IoThreads, EveryBlockingTaskHasItsThread) {
  std::atomic<int> waiting{0};
  std::atomic<int> saw_all{0};
  {
    concur::ThreadPool pool(concur::io_threads(8));
    for (int i = 0; i < 8; ++i)
      pool.submit([&] {
        ++waiting;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (waiting.load() < 8 && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (waiting.load() == 8) ++saw_all;
      });
  }
  EXPECT_EQ(saw_all.load(), 8);
}

TEST(ThreadPool, SubmitReturnsTheValue) {
  concur::ThreadPool pool(2);
  EXPECT_EQ(pool.submit(add, 2, 3).get(), 5);
  EXPECT_EQ(pool.submit([] { return std::string("text"); }).get(), "text");
}

TEST(ThreadPool, SubmitMovesMoveOnlyArguments) {
  concur::ThreadPool pool(2);
  auto future = pool.submit([](std::unique_ptr<int> p) { return *p * 2; }, std::make_unique<int>(21));
  EXPECT_EQ(future.get(), 42);
}

TEST(ThreadPool, GetRethrowsTheTasksOwnException) {
  concur::ThreadPool pool(2);
  auto future = pool.submit([]() -> int { throw CustomError(7); });
  try {
    future.get();
    FAIL() << "expected CustomError";
  } catch (const CustomError& e) {
    EXPECT_EQ(e.code, 7);
  }
}

TEST(ThreadPool, VoidTasks) {
  concur::ThreadPool pool(2);
  std::atomic<int> ran{0};
  auto future = pool.submit([&] { ++ran; });
  future.get();
  EXPECT_EQ(ran, 1);
}

TEST(ThreadPool, CancelledQueuedTaskNeverRuns) {
  concur::ThreadPool pool(1);
  Gate gate;
  std::atomic<bool> ran{false};
  auto blocker = pool.submit([&] { gate.wait(); });
  auto victim = pool.submit([&] { ran = true; return 1; });
  EXPECT_TRUE(victim.cancel());
  EXPECT_TRUE(victim.cancelled());
  EXPECT_TRUE(victim.ready());
  EXPECT_TRUE(victim.cancel());  // idempotent
  gate.open();
  blocker.get();
  pool.shutdown();
  EXPECT_FALSE(ran);
  EXPECT_THROW(victim.get(), concur::CancelledError);
}

TEST(ThreadPool, CancelAfterCompletionFails) {
  concur::ThreadPool pool(1);
  auto future = pool.submit([] { return 1; });
  future.wait();
  EXPECT_FALSE(future.cancel());
  EXPECT_EQ(future.get(), 1);
}

TEST(ThreadPool, DestructorWaitsForEverySubmittedTask) {
  std::atomic<int> done{0};
  {
    concur::ThreadPool pool(2);
    for (int i = 0; i < 200; ++i)
      pool.post([&] {
        std::this_thread::sleep_for(100us);
        ++done;
      });
  }
  EXPECT_EQ(done, 200);
}

TEST(ThreadPool, SubmitAfterShutdownThrows) {
  concur::ThreadPool pool(1);
  pool.shutdown();
  EXPECT_THROW((void)pool.submit([] { return 1; }), concur::PoolShutdown);
  EXPECT_THROW(pool.post([] {}), concur::PoolShutdown);
  pool.shutdown();  // idempotent
}

TEST(ThreadPool, ShutdownCancelPendingCancelsQueuedFutures) {
  concur::ThreadPool pool(1);
  Gate gate;
  std::atomic<int> ran{0};
  std::atomic<bool> started{false};
  auto running = pool.submit([&] {
    started = true;
    gate.wait();
  });
  // Only a task that has started is "running"; until then it is as cancellable as the others.
  while (!started) std::this_thread::yield();
  std::vector<concur::Future<void>> queued;
  for (int i = 0; i < 10; ++i) queued.push_back(pool.submit([&] { ++ran; }));
  std::thread opener([&] {
    std::this_thread::sleep_for(20ms);
    gate.open();
  });
  pool.shutdown(true, true);
  opener.join();
  EXPECT_NO_THROW(running.get());
  for (auto& f : queued) EXPECT_THROW(f.get(), concur::CancelledError);
  EXPECT_EQ(ran, 0);
}

TEST(ThreadPool, ShutdownWithoutWaitReturnsAtOnceAndTheDestructorStillWaits) {
  std::atomic<int> done{0};
  Gate gate;
  {
    concur::ThreadPool pool(1);
    pool.post([&] { gate.wait(); ++done; });
    pool.post([&] { ++done; });
    pool.shutdown(false);
    gate.open();
  }
  EXPECT_EQ(done, 2);
}

TEST(ThreadPool, PostedTaskExceptionDoesNotKillThePool) {
  concur::ThreadPool pool(1);
  testing::internal::CaptureStderr();
  pool.post([] { throw std::runtime_error("posted failure"); });
  EXPECT_EQ(pool.submit([] { return 3; }).get(), 3);
  pool.shutdown();
  EXPECT_NE(testing::internal::GetCapturedStderr().find("posted failure"), std::string::npos);
}

TEST(ThreadPool, MapKeepsInputOrderForEveryChunksize) {
  concur::ThreadPool pool(2);
  std::vector<int> input(1000);
  std::iota(input.begin(), input.end(), 0);
  for (std::size_t chunksize : {1u, 7u, 100u, 1000u, 5000u}) {
    auto squares = pool.map([](int x) { return x * x; }, input, {.chunksize = chunksize});
    ASSERT_EQ(squares.size(), input.size());
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(squares[i], i * i) << "chunksize " << chunksize;
  }
}

TEST(ThreadPool, MapAcceptsNonRandomAccessRangesAndViews) {
  concur::ThreadPool pool(2);
  std::list<std::string> words{"a", "bb", "ccc"};
  EXPECT_EQ(pool.map([](const std::string& s) { return s.size(); }, words), (std::vector<std::size_t>{1, 2, 3}));
  auto doubled = pool.map([](int x) { return 2 * x; }, std::views::iota(0, 5));
  EXPECT_EQ(doubled, (std::vector<int>{0, 2, 4, 6, 8}));
  EXPECT_TRUE(pool.map([](int x) { return x; }, std::vector<int>{}).empty());
}

TEST(ThreadPool, MapReturningBoolIsRaceFree) {
  concur::ThreadPool pool(2);
  auto odd = pool.map([](int x) { return x % 2 == 1; }, std::views::iota(0, 2000));
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(odd[i], i % 2 == 1);
}

TEST(ThreadPool, MapRethrowsTheLowestFailingIndexAfterEveryItemRan) {
  concur::ThreadPool pool(2);
  std::atomic<int> ran{0};
  try {
    pool.map(
        [&](int x) {
          ++ran;
          if (x == 300 || x == 700) throw CustomError(x);
          return x;
        },
        std::views::iota(0, 1000), {.chunksize = 10});
    FAIL() << "expected CustomError";
  } catch (const CustomError& e) {
    EXPECT_EQ(e.code, 300);
  }
  EXPECT_EQ(ran, 1000);
}

TEST(ThreadPool, MapRunsAtMostThreadCountItemsAtOnce) {
  // The calling thread takes part in map, but as one of the thread_count() runners, not an extra.
  concur::ThreadPool pool(2);
  std::atomic<int> active{0}, most{0};
  pool.for_each(
      [&](int) {
        int now = ++active;
        for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
        }
        std::this_thread::sleep_for(2ms);
        --active;
      },
      std::views::iota(0, 40));
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(ThreadPool, MapOnAShutDownPoolThrowsAndRunsNothing) {
  concur::ThreadPool pool(2);
  pool.shutdown();
  std::atomic<int> ran{0};
  EXPECT_THROW(pool.map([&](int x) { return ++ran + x; }, std::views::iota(0, 10)), concur::PoolShutdown);
  EXPECT_EQ(ran, 0);
}

TEST(ThreadPool, MapCompletesWhileEveryWorkerIsBusy) {
  concur::ThreadPool pool(2);
  Gate gate;
  std::atomic<int> blocked{0};
  auto first = pool.submit([&] { ++blocked; gate.wait(); });
  auto second = pool.submit([&] { ++blocked; gate.wait(); });
  while (blocked < 2) std::this_thread::yield();
  // Both workers are blocked: the caller runs every item, then cancels its helper task, still
  // queued, instead of waiting for a worker to pick it up.
  std::vector<int> squares;
  std::atomic<bool> mapped{false};
  std::thread mapper([&] {
    squares = pool.map([](int x) { return x * x; }, std::views::iota(0, 10));
    mapped = true;
  });
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!mapped && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(mapped) << "map waited for a busy worker";
  gate.open();
  mapper.join();
  ASSERT_EQ(squares.size(), 10u);
  EXPECT_EQ(squares[9], 81);
  first.get();
  second.get();
}

TEST(ThreadPool, ForEachVisitsEveryItem) {
  concur::ThreadPool pool(2);
  std::vector<std::atomic<int>> hits(500);
  pool.for_each([&](int i) { hits[i]++; }, std::views::iota(0, 500), {.chunksize = 3});
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
}

TEST(ThreadPool, TaskWaitingOnItsOwnPoolDoesNotDeadlock) {
  concur::ThreadPool pool(1);  // a single worker: waiting without helping would deadlock
  auto outer = pool.submit([&pool] {
    auto inner = pool.submit([] { return 20; });
    return inner.get() + 1;
  });
  ASSERT_EQ(outer.wait_for(10s), concur::FutureStatus::ready);
  EXPECT_EQ(outer.get(), 21);
}

namespace {
long fibonacci(concur::ThreadPool& pool, int n) {
  if (n < 12) return n < 2 ? n : fibonacci(pool, n - 1) + fibonacci(pool, n - 2);
  auto left = pool.submit([&pool, n] { return fibonacci(pool, n - 1); });
  long right = fibonacci(pool, n - 2);
  return left.get() + right;
}
}  // namespace

TEST(ThreadPool, RecursiveForkJoinOnASmallPool) {
  concur::ThreadPool pool(2);
  auto result = pool.submit([&pool] { return fibonacci(pool, 22); });
  ASSERT_EQ(result.wait_for(30s), concur::FutureStatus::ready);
  EXPECT_EQ(result.get(), 17711);
}

TEST(ThreadPool, MapCalledFromAWorkerOfTheSamePool) {
  concur::ThreadPool pool(1);
  auto total = pool.submit([&pool] {
    auto parts = pool.map([](int x) { return x; }, std::views::iota(0, 100), {.chunksize = 5});
    return std::accumulate(parts.begin(), parts.end(), 0);
  });
  ASSERT_EQ(total.wait_for(10s), concur::FutureStatus::ready);
  EXPECT_EQ(total.get(), 4950);
}

TEST(ThreadPool, AsCompletedInsideATaskHelpsInsteadOfDeadlocking) {
  concur::ThreadPool pool(1);
  auto sum = pool.submit([&pool] {
    std::vector<concur::Future<int>> parts;
    for (int i = 0; i < 10; ++i) parts.push_back(pool.submit([i] { return i; }));
    int total = 0;
    for (auto& part : concur::as_completed(parts)) total += part.get();
    return total;
  });
  ASSERT_EQ(sum.wait_for(10s), concur::FutureStatus::ready);
  EXPECT_EQ(sum.get(), 45);
}

TEST(ThreadPool, IdleWorkersSleep) {
  concur::ThreadPool pool(2);
  pool.submit([] {}).get();
  std::this_thread::sleep_for(50ms);  // past the spin phase
  double before = process_cpu_seconds();
  std::this_thread::sleep_for(300ms);
  double used = process_cpu_seconds() - before;
  EXPECT_LT(used, 0.03) << "an idle pool used " << used << " s of CPU in 0.3 s";
  EXPECT_EQ(pool.submit([] { return 1; }).get(), 1);  // and wakes up again
}

TEST(ThreadPool, ShutdownRacingWithSubmittersLosesNothing) {
  for (int round = 0; round < 20; ++round) {
    concur::ThreadPool pool(2);
    std::atomic<int> accepted{0}, rejected{0}, ran{0};
    std::vector<std::thread> submitters;
    std::vector<std::vector<concur::Future<void>>> futures(3);
    for (int t = 0; t < 3; ++t)
      submitters.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i) {
          try {
            futures[t].push_back(pool.submit([&] { ++ran; }));
            ++accepted;
          } catch (const concur::PoolShutdown&) {
            ++rejected;
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::microseconds(round * 50));
    pool.shutdown(true, round % 2 == 1);
    for (auto& t : submitters) t.join();
    int completed = 0, cancelled = 0;
    for (auto& list : futures)
      for (auto& f : list) {
        ASSERT_TRUE(f.ready());
        if (f.cancelled()) {
          ++cancelled;
        } else {
          f.get();
          ++completed;
        }
      }
    EXPECT_EQ(accepted + rejected, 600);
    EXPECT_EQ(completed + cancelled, accepted);
    EXPECT_EQ(ran, completed);
  }
}

TEST(ThreadPool, CancelRacingWithWorkersEitherRunsOrCancelsEachTask) {
  concur::ThreadPool pool(2);
  constexpr int kTasks = 20000;
  std::vector<std::atomic<bool>> ran(kTasks);
  std::vector<concur::Future<int>> futures;
  futures.reserve(kTasks);
  for (int i = 0; i < kTasks; ++i) futures.push_back(pool.submit([&ran, i] { ran[i] = true; return i; }));
  for (int i = 0; i < kTasks; i += 2) futures[i].cancel();
  pool.shutdown();
  for (int i = 0; i < kTasks; ++i) {
    if (futures[i].cancelled()) {
      EXPECT_FALSE(ran[i]);
      EXPECT_THROW(futures[i].get(), concur::CancelledError);
    } else {
      EXPECT_TRUE(ran[i]);
      EXPECT_EQ(futures[i].get(), i);
    }
  }
}
