// Stress: a million small tasks; ten thousand tasks of which a random tenth throw.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "concur/thread_pool.h"
#include "test_support.h"

using concur_test::scaled;

TEST(ThreadPoolStress, OneMillionFireAndForgetTasks) {
  const std::size_t tasks = scaled(1'000'000);
  std::atomic<std::size_t> done{0};
  {
    concur::ThreadPool pool;
    for (std::size_t i = 0; i < tasks; ++i) pool.post([&done] { done.fetch_add(1, std::memory_order_relaxed); });
  }
  EXPECT_EQ(done.load(), tasks);
}

TEST(ThreadPoolStress, OneMillionFuturesEveryResultAccountedFor) {
  const std::size_t tasks = scaled(1'000'000);
  concur::ThreadPool pool;
  std::vector<concur::Future<std::size_t>> futures;
  futures.reserve(tasks);
  for (std::size_t i = 0; i < tasks; ++i) futures.push_back(pool.submit([i] { return i * 2; }));
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < tasks; ++i) wrong += futures[i].get() != i * 2;
  EXPECT_EQ(wrong, 0u);
}

TEST(ThreadPoolStress, TenThousandTasksARandomTenthThrow) {
  constexpr int kTasks = 10'000;
  std::mt19937 random(20240501);
  std::vector<bool> should_throw(kTasks);
  int expected_failures = 0;
  for (int i = 0; i < kTasks; ++i) expected_failures += (should_throw[i] = random() % 10 == 0);

  concur::ThreadPool pool;
  std::vector<concur::Future<int>> futures;
  for (int i = 0; i < kTasks; ++i)
    futures.push_back(pool.submit([i, fail = bool(should_throw[i])] {
      if (fail) throw std::runtime_error(std::to_string(i));
      return i;
    }));
  int values = 0, failures = 0;
  for (int i = 0; i < kTasks; ++i) {
    try {
      EXPECT_EQ(futures[i].get(), i);
      EXPECT_FALSE(should_throw[i]);
      ++values;
    } catch (const std::runtime_error& e) {
      EXPECT_TRUE(should_throw[i]);
      EXPECT_EQ(std::string(e.what()), std::to_string(i));
      ++failures;
    }
  }
  EXPECT_EQ(failures, expected_failures);
  EXPECT_EQ(values + failures, kTasks);
}

TEST(ThreadPoolStress, ManyProducersAtOnce) {
  const std::size_t per_producer = scaled(100'000);
  std::atomic<std::size_t> done{0};
  {
    concur::ThreadPool pool(2);
    std::vector<std::thread> producers;
    for (int p = 0; p < 4; ++p)
      producers.emplace_back([&] {
        for (std::size_t i = 0; i < per_producer; ++i) pool.post([&done] { done.fetch_add(1, std::memory_order_relaxed); });
      });
    for (auto& t : producers) t.join();
  }
  EXPECT_EQ(done.load(), 4 * per_producer);
}

TEST(ThreadPoolStress, TasksSpawningTasks) {
  std::atomic<int> leaves{0};
  {
    concur::ThreadPool pool(2);
    for (int i = 0; i < 100; ++i)
      pool.post([&pool, &leaves] {
        for (int j = 0; j < 100; ++j) pool.post([&leaves] { ++leaves; });
      });
  }
  EXPECT_EQ(leaves, 10'000);
}
