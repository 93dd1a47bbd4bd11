// concur::to_thread: blocking work on a thread pool, the loop running meanwhile.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

#include "concur/event_loop.h"
#include "concur/gather.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "concur/thread_pool.h"
#include "concur/to_thread.h"
#include "coro_support.h"
#include "test_support.h"

using namespace std::chrono_literals;
using concur::Task;
using concur_test::CustomError;
using concur_test::Gate;

namespace {

Task<> runs_elsewhere() {
  std::thread::id loop_thread = std::this_thread::get_id();
  std::thread::id worker = co_await concur::to_thread([] { return std::this_thread::get_id(); });
  EXPECT_NE(worker, loop_thread);
  EXPECT_EQ(std::this_thread::get_id(), loop_thread) << "the task resumes on its loop's thread";
  int sum = co_await concur::to_thread([](int a, int b) { return a + b; }, 2, 3);
  EXPECT_EQ(sum, 5);
  auto owned = co_await concur::to_thread([](std::unique_ptr<int> p) { return p; }, std::make_unique<int>(4));
  EXPECT_EQ(*owned, 4);
  co_await concur::to_thread([] {});
  std::exception_ptr error = co_await concur_test::error_of([]() -> Task<int> {
    co_return co_await concur::to_thread([]() -> int { throw CustomError(3); });
  }());
  EXPECT_THROW(concur_test::rethrow(error), CustomError);
}

TEST(CoroToThread, RunsOnAPoolThreadAndReturnsOrRethrows) { concur::run(runs_elsewhere()); }

Task<> open_gate_later(Gate* gate, int* ticks) {
  for (int i = 0; i < 3; ++i) {
    co_await concur::sleep(2ms);
    ++*ticks;
  }
  gate->open();
}

// The blocking call waits for a gate that only another task of the loop opens: if to_thread
// blocked the loop, that task could never run and the test would hang.
Task<> loop_keeps_running() {
  Gate gate;
  int ticks = 0;
  auto opener = concur::create_task(open_gate_later(&gate, &ticks));
  int got = co_await concur::to_thread([&gate] {
    gate.wait();
    return 1;
  });
  EXPECT_EQ(got, 1);
  EXPECT_EQ(ticks, 3);
  co_await opener;
}

TEST(CoroToThread, TheLoopKeepsRunningWhileTheCallBlocks) { concur::run(loop_keeps_running()); }

long burn(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += i % 7;
  if (n % 10 == 0) std::this_thread::sleep_for(100us);  // some of them block for real
  return sum;
}

Task<long> round_trips(int count) {
  long total = 0;
  for (int i = 0; i < count; ++i) total += co_await concur::to_thread(burn, i % 100);
  co_return total;
}

Task<> under_load(concur::ThreadPool* own_pool) {
  constexpr int kConcurrent = 2000;
  std::vector<Task<long>> calls;
  for (int i = 0; i < kConcurrent; ++i) calls.push_back(round_trips(1));
  std::vector<Task<long>> sequential;
  for (int i = 0; i < 4; ++i) sequential.push_back(round_trips(250));
  auto [concurrent, in_sequence] =
      co_await concur::gather(concur::gather(std::move(calls)), concur::gather(std::move(sequential)));
  long expected_one = burn(0);
  for (long value : concurrent) EXPECT_EQ(value, expected_one);
  long expected_chain = 0;
  for (int i = 0; i < 250; ++i) expected_chain += burn(i % 100);
  for (long value : in_sequence) EXPECT_EQ(value, expected_chain);

  // On a pool of one's own, with the loop's pool busy at the same time.
  std::vector<Task<long>> mixed;
  for (int i = 0; i < 500; ++i) mixed.push_back([](concur::ThreadPool* pool, int i) -> Task<long> {
    co_return co_await concur::to_thread(*pool, burn, i);
  }(own_pool, i));
  for (int i = 0; i < 500; ++i) mixed.push_back(round_trips(1));
  std::vector<long> results = co_await concur::gather(std::move(mixed));
  for (int i = 0; i < 500; ++i) EXPECT_EQ(results[i], burn(i));
}

TEST(CoroToThread, ThousandsOfCallsUnderLoad) {
  concur::ThreadPool own_pool(3);
  concur::run(under_load(&own_pool), {.to_thread_threads = 4});
}

// The call borrows the task's locals by reference: a cancelled task must not resume (and free
// them) while the call still runs.
Task<> cancelled_while_running(Gate* gate) {
  std::atomic<bool> started{false};
  auto waiting = concur::create_task([](Gate* gate, std::atomic<bool>* started) -> Task<int> {
    int local = 0;
    co_await concur::to_thread([&] {
      started->store(true);
      gate->wait();
      local = 1;  // the task's own variable, still alive
    });
    co_return local;
  }(gate, &started));
  while (!started.load()) co_await concur::sleep(1ms);  // running, no longer queued
  waiting.cancel();
  co_await concur::sleep(5ms);
  EXPECT_FALSE(waiting.done()) << "the task resumed while its call still used its locals";
  gate->open();
  std::exception_ptr error = co_await concur_test::error_of(waiting);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
}

TEST(CoroToThread, CancellationWaitsForTheRunningCall) {
  Gate gate;
  concur::run(cancelled_while_running(&gate));
}

// With the pool's only thread busy, a second call waits in the queue: cancelling its task drops
// it unrun, and the task ends at once.
Task<> cancelled_while_queued(Gate* gate, std::atomic<bool>* second_ran) {
  auto busy = concur::create_task([](Gate* gate) -> Task<> {
    co_await concur::to_thread([gate] { gate->wait(); });
  }(gate));
  auto queued = concur::create_task([](std::atomic<bool>* ran) -> Task<> {
    co_await concur::to_thread([ran] { ran->store(true); });
  }(second_ran));
  co_await concur::sleep(2ms);
  queued.cancel();
  std::exception_ptr error = co_await concur_test::error_of(queued);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  gate->open();
  co_await busy;
  EXPECT_FALSE(second_ran->load()) << "a call dropped from the queue ran anyway";
}

TEST(CoroToThread, CancellationDropsAQueuedCall) {
  Gate gate;
  std::atomic<bool> second_ran{false};
  concur::run(cancelled_while_queued(&gate, &second_ran), {.to_thread_threads = 1});
  EXPECT_FALSE(second_ran.load());
}

}  // namespace
