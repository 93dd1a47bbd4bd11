// concur::Future, concur::wait and concur::as_completed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <span>
#include <string>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "concur/thread_pool.h"
#include "concur/wait.h"
#include "test_support.h"

using namespace std::chrono_literals;
using concur_test::Gate;

TEST(Future, DefaultConstructedIsInvalid) {
  concur::Future<int> empty;
  EXPECT_FALSE(empty.valid());
  EXPECT_FALSE(empty.ready());
  EXPECT_FALSE(empty.cancel());
  EXPECT_THROW(empty.get(), concur::FutureError);
}

TEST(Future, GetMovesTheResultOutOnce) {
  concur::ThreadPool pool(1);
  auto future = pool.submit([] { return std::make_unique<int>(5); });
  std::unique_ptr<int> value = future.get();
  EXPECT_EQ(*value, 5);
  EXPECT_FALSE(future.valid());
  EXPECT_THROW(future.get(), concur::FutureError);
}

TEST(Future, WaitForTimesOutWhileTheTaskIsBlockedThenBecomesReady) {
  concur::ThreadPool pool(1);
  Gate gate;
  auto future = pool.submit([&gate] {
    gate.wait();
    return 1;
  });
  EXPECT_EQ(future.wait_for(20ms), concur::FutureStatus::timeout);
  EXPECT_FALSE(future.ready());
  gate.open();
  EXPECT_EQ(future.wait_for(10s), concur::FutureStatus::ready);
  EXPECT_TRUE(future.ready());
  EXPECT_EQ(future.get(), 1);
}

TEST(Future, WaitUntilAcceptsOtherClocks) {
  concur::ThreadPool pool(1);
  auto future = pool.submit([] { return 2; });
  EXPECT_EQ(future.wait_until(std::chrono::system_clock::now() + 10s), concur::FutureStatus::ready);
}

TEST(Future, RunningReflectsTheTaskPhase) {
  concur::ThreadPool pool(1);
  Gate gate;
  std::atomic<bool> started{false};
  auto future = pool.submit([&] {
    started = true;
    gate.wait();
  });
  while (!started) std::this_thread::yield();
  EXPECT_TRUE(future.running());
  EXPECT_FALSE(future.cancel());  // a running task cannot be cancelled
  gate.open();
  future.get();
}

TEST(AsCompleted, YieldsFuturesInCompletionOrder) {
  concur::ThreadPool pool(3);
  Gate first, second, third;
  std::vector<concur::Future<int>> futures;
  futures.push_back(pool.submit([&] { third.wait(); return 0; }));
  futures.push_back(pool.submit([&] { first.wait(); return 1; }));
  futures.push_back(pool.submit([&] { second.wait(); return 2; }));
  std::vector<int> order;
  std::thread opener([&] {
    first.open();
    std::this_thread::sleep_for(20ms);
    second.open();
    std::this_thread::sleep_for(20ms);
    third.open();
  });
  for (concur::Future<int>& future : concur::as_completed(futures)) order.push_back(future.get());
  opener.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 0}));
}

TEST(AsCompleted, ReportsAlreadyFinishedFuturesFirstAndSkipsNothing) {
  concur::ThreadPool pool(2);
  std::vector<concur::Future<int>> futures;
  for (int i = 0; i < 100; ++i) futures.push_back(pool.submit([i] { return i; }));
  std::vector<int> seen;
  for (auto& future : concur::as_completed(futures)) seen.push_back(future.get());
  std::sort(seen.begin(), seen.end());
  std::vector<int> expected(100);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(seen, expected);
}

TEST(Wait, FirstCompletedReturnsAsSoonAsOneIsDone) {
  concur::ThreadPool pool(2);
  Gate slow;
  std::vector<concur::Future<int>> futures;
  futures.push_back(pool.submit([&] { slow.wait(); return 0; }));
  futures.push_back(pool.submit([] { return 1; }));
  auto [done, not_done] = concur::wait(futures, concur::ReturnWhen::first_completed);
  EXPECT_THAT(done, testing::ElementsAre(1));
  EXPECT_THAT(not_done, testing::ElementsAre(0));
  slow.open();
  auto all = concur::wait(futures, concur::ReturnWhen::all_completed);
  EXPECT_EQ(all.done.size(), 2u);
  EXPECT_TRUE(all.not_done.empty());
}

TEST(Wait, FirstExceptionStopsAtTheFailure) {
  concur::ThreadPool pool(2);
  Gate slow;
  std::vector<concur::Future<int>> futures;
  futures.push_back(pool.submit([&] { slow.wait(); return 0; }));
  futures.push_back(pool.submit([]() -> int { throw std::runtime_error("boom"); }));
  auto result = concur::wait(futures, concur::ReturnWhen::first_exception);
  EXPECT_THAT(result.done, testing::ElementsAre(1));
  slow.open();
  EXPECT_THROW(futures[1].get(), std::runtime_error);
}

TEST(Wait, TimeoutReturnsWhatIsDone) {
  concur::ThreadPool pool(1);
  Gate never_before_timeout;
  std::vector<concur::Future<void>> futures;
  futures.push_back(pool.submit([&] { never_before_timeout.wait(); }));
  auto start = std::chrono::steady_clock::now();
  auto result = concur::wait(futures, concur::ReturnWhen::all_completed, 50ms);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 45ms);
  EXPECT_TRUE(result.done.empty());
  EXPECT_THAT(result.not_done, testing::ElementsAre(0));
  never_before_timeout.open();
}

TEST(Wait, CancelledFuturesCountAsDone) {
  concur::ThreadPool pool(1);
  Gate gate;
  std::vector<concur::Future<void>> futures;
  futures.push_back(pool.submit([&] { gate.wait(); }));
  futures.push_back(pool.submit([] {}));
  EXPECT_TRUE(futures[1].cancel());
  auto result = concur::wait(futures, concur::ReturnWhen::first_completed);
  EXPECT_THAT(result.done, testing::ElementsAre(1));
  gate.open();
}

TEST(AsCompleted, TimeoutThrowsOnceTheDeadlinePassesWithFuturesLeft) {
  concur::ThreadPool pool(2);
  Gate gate;
  std::vector<concur::Future<int>> futures;
  futures.push_back(pool.submit([] { return 1; }));
  futures.push_back(pool.submit([&gate] {
    gate.wait();
    return 2;
  }));
  std::vector<int> seen;
  auto start = std::chrono::steady_clock::now();
  try {
    for (auto& future : concur::as_completed(futures, 50ms)) seen.push_back(future.get());
    ADD_FAILURE() << "expected concur::TimeoutError";
  } catch (const concur::TimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("1 futures not done"), std::string::npos) << e.what();
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, 45ms);
  EXPECT_EQ(seen, std::vector<int>{1});  // what completed in time was still yielded
  gate.open();
  EXPECT_EQ(futures[1].get(), 2);
}

TEST(AsCompleted, TimeoutLongEnoughYieldsEverything) {
  concur::ThreadPool pool(2);
  std::vector<concur::Future<int>> futures;
  for (int i = 0; i < 20; ++i) futures.push_back(pool.submit([i] { return i; }));
  int total = 0;
  for (auto& future : concur::as_completed(futures, 10s)) total += future.get();
  EXPECT_EQ(total, 190);
}

TEST(Wait, TimeoutOverloadForSpans) {
  concur::ThreadPool pool(1);
  std::vector<concur::Future<int>> futures;
  futures.push_back(pool.submit([] { return 1; }));
  auto result = concur::wait(std::span<concur::Future<int>>(futures), concur::ReturnWhen::all_completed, 10s);
  EXPECT_THAT(result.done, testing::ElementsAre(0));
  EXPECT_TRUE(result.not_done.empty());
}
