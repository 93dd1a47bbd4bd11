// concur::for_each_index, concur::map and concur::map_reduce on ThreadPool and ProcessPool: every
// index once, results in order, the lowest index's exception after every iteration ended, empty
// and reversed ranges, and reductions combined strictly left to right.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <numeric>
#include <ranges>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "concur/algorithms.h"
#include "concur/process_pool.h"
#include "concur/thread_pool.h"
#include "test_support.h"

using namespace std::chrono_literals;

namespace {

struct IndexError : std::runtime_error {
  long long index;
  explicit IndexError(long long i) : std::runtime_error("failed at " + std::to_string(i)), index(i) {}
};

// Two iterations that can only both finish if they run at the same time (bounded: a serial run
// makes the test fail after the timeout instead of hanging).
class Rendezvous {
 public:
  explicit Rendezvous(int parties) : expected_(parties) {}
  bool arrive_and_wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ++arrived_;
    cv_.notify_all();
    return cv_.wait_for(lock, timeout, [this] { return arrived_ >= expected_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int arrived_ = 0;
  int expected_;
};

int square(int x) { return x * x; }
long long square_ll(long long x) { return x * x; }
int negate_noexcept(int x) noexcept { return -x; }
std::string tagged(const std::string& word) { return "<" + word + ">"; }
pid_t worker_pid(int) { return ::getpid(); }
int fail_on_multiples_of_5(int x) {
  if (x % 5 == 0) throw std::domain_error("multiple of 5: " + std::to_string(x));
  return x;
}

// Magnitudes that make the floating-point sum depend on the order of the additions.
std::vector<double> order_sensitive_doubles() {
  std::vector<double> values;
  for (int i = 0; i < 300; ++i) {
    values.push_back(i % 3 == 0 ? 1e16 : (i % 3 == 1 ? 1.0 + i * 1e-3 : -1e16));
    values.push_back(0.1 * i);
  }
  return values;
}

}  // namespace

// ---- for_each_index

TEST(ForEachIndex, RunsEveryIndexExactlyOnce) {
  concur::ThreadPool pool(4);
  constexpr int n = 10'000;
  std::vector<std::atomic<int>> runs(n);
  std::vector<long long> out(n, -1);
  concur::for_each_index(pool, 0, n, [&](int i) {
    runs[i].fetch_add(1);
    out[i] = static_cast<long long>(i) * i;
  });
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(runs[i].load(), 1) << i;
    ASSERT_EQ(out[i], static_cast<long long>(i) * i) << i;
  }
}

TEST(ForEachIndex, OffsetNegativeAndChunkedRanges) {
  concur::ThreadPool pool(3);
  for (std::size_t chunksize : {1u, 7u, 1000u}) {
    std::vector<int> seen(100, 0);
    concur::for_each_index(pool, -50, 50, [&](int i) { seen[i + 50] += 1; }, {.chunksize = chunksize});
    EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 100) << "chunksize " << chunksize;
  }
  std::vector<int> tail(10, 0);
  concur::for_each_index(pool, std::size_t{90}, std::size_t{100}, [&](std::size_t i) { tail[i - 90] = 1; });
  EXPECT_EQ(std::count(tail.begin(), tail.end(), 1), 10);
}

TEST(ForEachIndex, RangesAtTheLimitsOfTheIndexType) {
  concur::ThreadPool pool(2);
  std::mutex mutex;
  std::vector<long long> seen;
  auto record = [&](auto i) {
    std::lock_guard lock(mutex);
    seen.push_back(static_cast<long long>(i));
  };
  concur::for_each_index(pool, INT_MAX - 2, INT_MAX, record);
  concur::for_each_index(pool, INT_MIN, INT_MIN + 2, record);
  concur::for_each_index(pool, static_cast<signed char>(-128), static_cast<signed char>(127), [&](signed char c) {
    if (c == -128 || c == 126) record(c);
  });
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<long long>{INT_MIN, INT_MIN + 1LL, -128, 126, INT_MAX - 2LL, INT_MAX - 1LL}));
}

TEST(ForEachIndex, EmptyAndReversedRangesRunNothing) {
  concur::ThreadPool pool(2);
  std::atomic<int> runs{0};
  concur::for_each_index(pool, 5, 5, [&](int) { ++runs; });
  concur::for_each_index(pool, 10, 3, [&](int) { ++runs; });
  concur::for_each_index(pool, 0u, 0u, [&](unsigned) { ++runs; });
  concur::for_each_index(pool, INT_MAX, INT_MIN, [&](int) { ++runs; });
  EXPECT_EQ(runs.load(), 0);
}

TEST(ForEachIndex, IterationsOverlap) {
  concur::ThreadPool pool(2);
  Rendezvous both(2);
  std::atomic<int> met{0};
  concur::for_each_index(pool, 0, 2, [&](int) {
    if (both.arrive_and_wait(20s)) ++met;
  });
  EXPECT_EQ(met.load(), 2) << "the two iterations did not run at the same time";
}

TEST(ForEachIndex, LowestFailingIndexIsRethrownAfterEveryIterationEnded) {
  concur::ThreadPool pool(4);
  constexpr int n = 200;
  std::atomic<int> ended{0};
  try {
    concur::for_each_index(pool, 0, n, [&](int i) {
      // The lowest failure comes first and fast; later iterations are slow, and still all run.
      if (i == 3 || i == 40 || i == 150) {
        ++ended;
        throw IndexError(i);
      }
      std::this_thread::sleep_for(i > 100 ? 1ms : 0ms);
      ++ended;
    });
    FAIL() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_EQ(e.index, 3);
    EXPECT_EQ(ended.load(), n) << "re-thrown before every iteration had ended";
  }
}

TEST(ForEachIndex, WorksFromInsideAPoolTask) {
  concur::ThreadPool pool(2);
  auto total = pool.submit([&pool] {
    std::vector<int> cells(64);
    concur::for_each_index(pool, 0, 64, [&](int i) { cells[i] = i; });
    return std::accumulate(cells.begin(), cells.end(), 0);
  });
  EXPECT_EQ(total.get(), 63 * 64 / 2);
}

// ---- map

TEST(AlgorithmsMap, ResultsInTheItemsOrderOnAThreadPool) {
  concur::ThreadPool pool(4);
  const std::vector<std::string> words{"alpha", "beta", "gamma", "delta", "epsilon"};
  EXPECT_EQ(concur::map(pool, words, [](const std::string& w) { return w.size(); }),
            (std::vector<std::size_t>{5, 4, 5, 5, 7}));
  std::list<int> linked{3, 1, 2};  // not random access: copied first
  EXPECT_EQ(concur::map(pool, linked, square), (std::vector<int>{9, 1, 4}));
  std::array<int, 3> fixed{4, 5, 6};
  EXPECT_EQ(concur::map(pool, fixed, [](int x) { return -x; }), (std::vector<int>{-4, -5, -6}));
  auto squares = concur::map(pool, std::views::iota(0, 1000), [](int i) { return i * i; }, {.chunksize = 32});
  ASSERT_EQ(squares.size(), 1000u);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(squares[i], i * i);
}

TEST(AlgorithmsMap, ItemsFinishingInReverseOrderStillComeBackInOrder) {
  concur::ThreadPool pool(4);
  auto results = concur::map(pool, std::views::iota(0, 8), [](int i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * (8 - i)));
    return std::to_string(i);
  });
  EXPECT_EQ(results, (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7"}));
}

TEST(AlgorithmsMap, EmptyRangeAndMoveOnlyResults) {
  concur::ThreadPool pool(2);
  EXPECT_TRUE(concur::map(pool, std::vector<int>{}, square).empty());
  EXPECT_TRUE(concur::map(pool, std::views::iota(7, 7), square).empty());
  auto boxes = concur::map(pool, std::views::iota(0, 5), [](int i) { return std::make_unique<int>(i); });
  ASSERT_EQ(boxes.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(*boxes[i], i);
}

TEST(AlgorithmsMap, LowestFailingIndexIsRethrownAfterEveryItemEnded) {
  concur::ThreadPool pool(4);
  std::atomic<int> ended{0};
  try {
    concur::map(pool, std::views::iota(0, 100), [&](int i) {
      ++ended;
      if (i == 17 || i == 60) throw IndexError(i);
      return i;
    });
    FAIL() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_EQ(e.index, 17);
    EXPECT_EQ(ended.load(), 100);
  }
}

TEST(AlgorithmsMap, ProcessPoolWithFunctionPointersReferencesAndCaptureLessLambdas) {
  concur::ProcessPool pool(2);
  EXPECT_EQ(concur::map(pool, std::views::iota(0, 50), &square, {.chunksize = 8}),
            concur::map(pool, std::views::iota(0, 50), square));
  auto squares = concur::map(pool, std::vector<int>{1, 2, 3}, square);
  EXPECT_EQ(squares, (std::vector<int>{1, 4, 9}));
  EXPECT_EQ(concur::map(pool, std::vector<std::string>{"a", "bc"}, tagged), (std::vector<std::string>{"<a>", "<bc>"}));
  EXPECT_EQ(concur::map(pool, std::vector<int>{2, 3}, [](int x) { return x + 100; }), (std::vector<int>{102, 103}));
  EXPECT_EQ(concur::map(pool, std::vector<int>{2, 3}, negate_noexcept), (std::vector<int>{-2, -3}));
  EXPECT_TRUE(concur::map(pool, std::vector<int>{}, square).empty());
  for (pid_t pid : concur::map(pool, std::views::iota(0, 4), worker_pid)) EXPECT_NE(pid, ::getpid());
}

TEST(AlgorithmsMap, ProcessPoolRethrowsTheLowestFailingItemsError) {
  concur::ProcessPool pool(2);
  try {
    concur::map(pool, std::views::iota(1, 40), fail_on_multiples_of_5, {.chunksize = 3});
    FAIL() << "expected RemoteError";
  } catch (const concur::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "std::domain_error");
    EXPECT_EQ(e.message(), "multiple of 5: 5");
  }
}

// ---- map_reduce

TEST(MapReduce, NonCommutativeReductionKeepsTheSerialOrder) {
  concur::ThreadPool pool(4);
  auto piece = [](int i) {
    std::this_thread::sleep_for(std::chrono::microseconds((i * 37) % 200));  // finish out of order
    return std::to_string(i) + ",";
  };
  std::string serial;
  for (int i = 0; i < 300; ++i) serial = serial + piece(i);
  EXPECT_EQ(concur::map_reduce(pool, std::views::iota(0, 300), std::string(), piece), serial);

  // A polynomial hash: any reordering of the items changes it.
  auto hash = [](std::uint64_t acc, std::uint64_t x) { return acc * 1'000'003u + x; };
  std::uint64_t expected = 17;
  for (int i = 0; i < 1000; ++i) expected = hash(expected, static_cast<std::uint64_t>(i) * i);
  EXPECT_EQ(concur::map_reduce(pool, std::views::iota(0, 1000), std::uint64_t{17},
                               [](int i) { return static_cast<std::uint64_t>(i) * i; }, hash, {.chunksize = 16}),
            expected);
}

TEST(MapReduce, DoubleSumEqualsTheSerialLoopBitForBit) {
  concur::ThreadPool pool(4);
  const std::vector<double> values = order_sensitive_doubles();
  double serial = 0.0;
  for (double v : values) serial += v * 1.5;
  double reversed = 0.0;
  for (auto it = values.rbegin(); it != values.rend(); ++it) reversed += *it * 1.5;
  ASSERT_NE(serial, reversed) << "the data must make the sum depend on the order, or this test proves nothing";
  for (std::size_t chunksize : {1u, 5u, 64u}) {
    double parallel = concur::map_reduce(pool, values, 0.0, [](double v) { return v * 1.5; }, std::plus<>(),
                                         {.chunksize = chunksize});
    EXPECT_EQ(parallel, serial) << "chunksize " << chunksize;
  }
}

TEST(MapReduce, AccumulatorOfAnotherTypeAndMoveOnlyAccumulation) {
  concur::ThreadPool pool(2);
  // int accumulator, double results: like `int total = 0; total += f(i);` in the serial loop.
  int total = concur::map_reduce(pool, std::views::iota(0, 10), 0, [](int i) { return i * 0.5; });
  int serial = 0;
  for (int i = 0; i < 10; ++i) serial += i * 0.5;
  EXPECT_EQ(total, serial);
  auto collected = concur::map_reduce(
      pool, std::views::iota(0, 6), std::vector<int>{}, [](int i) { return 10 * i; },
      [](std::vector<int> acc, int x) {
        acc.push_back(x);
        return acc;
      });
  EXPECT_EQ(collected, (std::vector<int>{0, 10, 20, 30, 40, 50}));
}

// fn returning bool: the results are a std::vector<bool>, whose elements are proxies (the
// `all_of`/`any_of` loops the loop rewrite turns into map_reduce).
TEST(MapReduce, BoolResultsForLogicalReductions) {
  concur::ThreadPool pool(3);
  auto even = [](int v) { return v % 2 == 0; };
  EXPECT_TRUE(concur::map_reduce(pool, std::views::iota(0, 50), false, even, std::logical_or<>()));
  EXPECT_FALSE(concur::map_reduce(pool, std::views::iota(0, 50), true, even, std::logical_and<>()));
  EXPECT_TRUE(concur::map_reduce(pool, std::views::iota(0, 0), true, even, std::logical_and<>()));
}

TEST(MapReduce, EmptyRangeGivesInit) {
  concur::ThreadPool pool(2);
  EXPECT_EQ(concur::map_reduce(pool, std::vector<int>{}, 42, square), 42);
  EXPECT_EQ(concur::map_reduce(pool, std::views::iota(3, 3), std::string("init"), [](int) { return std::string("x"); }),
            "init");
}

TEST(MapReduce, FailureIsRethrownAndNothingIsReduced) {
  concur::ThreadPool pool(4);
  std::atomic<int> ended{0};
  int reductions = 0;
  try {
    concur::map_reduce(
        pool, std::views::iota(0, 50), 0,
        [&](int i) {
          ++ended;
          if (i == 9 || i == 31) throw IndexError(i);
          return i;
        },
        [&](int acc, int x) {
          ++reductions;
          return acc + x;
        });
    FAIL() << "expected IndexError";
  } catch (const IndexError& e) {
    EXPECT_EQ(e.index, 9);
  }
  EXPECT_EQ(ended.load(), 50);
  EXPECT_EQ(reductions, 0);
}

TEST(MapReduce, ProcessPoolWithFunctionPointers) {
  concur::ProcessPool pool(2);
  long long serial = 0;
  for (long long i = 0; i < 200; ++i) serial += square_ll(i);
  EXPECT_EQ(concur::map_reduce(pool, std::views::iota(0LL, 200LL), 0LL, square_ll, std::plus<>(), {.chunksize = 25}),
            serial);
  EXPECT_EQ(concur::map_reduce(pool, std::vector<std::string>{"x", "y", "z"}, std::string("="), tagged),
            "=<x><y><z>");
  try {
    concur::map_reduce(pool, std::views::iota(1, 20), 0, fail_on_multiples_of_5);
    FAIL() << "expected RemoteError";
  } catch (const concur::RemoteError& e) {
    EXPECT_EQ(e.message(), "multiple of 5: 5");
  }
}
