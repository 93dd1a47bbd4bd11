// concur::gather, concur::gather_settled, concur::wait_for, many concurrent tasks.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "concur/gather.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "concur/wait_for.h"
#include "coro_support.h"

using namespace std::chrono_literals;
using concur::Task;
using concur_test::Clock;
using concur_test::CustomError;
using concur_test::seconds_since;

namespace {

Task<int> value_at(Clock::time_point deadline, int value, std::vector<int>* finished) {
  co_await concur::sleep_until(deadline);
  finished->push_back(value);
  co_return value;
}

Task<> results_in_argument_order() {
  std::vector<int> finished;
  auto base = Clock::now();
  std::vector<Task<int>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(value_at(base + std::chrono::milliseconds(5 * (5 - i)), i, &finished));
  std::vector<int> results = co_await concur::gather(std::move(tasks));
  EXPECT_EQ(results, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(finished, (std::vector<int>{4, 3, 2, 1, 0})) << "they finished in the opposite order";
}

TEST(CoroGather, ResultsComeInArgumentOrderNotCompletionOrder) { concur::run(results_in_argument_order()); }

Task<std::string> text_later(std::string text) {
  co_await concur::sleep(2ms);
  co_return text;
}
Task<> nothing_later(bool* ran) {
  co_await concur::yield_now();
  *ran = true;
}
Task<int> int_later(int value) {
  co_await concur::yield_now();
  co_return value;
}

Task<> variadic_mixed() {
  bool ran = false;
  auto [number, text, none] = co_await concur::gather(int_later(1), text_later("two"), nothing_later(&ran));
  EXPECT_EQ(number, 1);
  EXPECT_EQ(text, "two");
  static_assert(std::is_same_v<decltype(none), std::monostate>);
  EXPECT_TRUE(ran);

  auto handle = concur::create_task(int_later(7));
  auto [from_handle, from_task] = co_await concur::gather(handle, int_later(8));
  EXPECT_EQ(from_handle, 7);
  EXPECT_EQ(from_task, 8);

  std::vector<concur::TaskHandle<int>> handles;
  for (int i = 0; i < 4; ++i) handles.push_back(concur::create_task(int_later(i * i)));
  {
    auto awaited = co_await concur::gather(handles);
    EXPECT_EQ(awaited, (std::vector<int>{0, 1, 4, 9}));
  }

  std::vector<Task<>> voids;
  bool first = false, second = false, third = false;
  voids.push_back(nothing_later(&first));
  voids.push_back(nothing_later(&second));
  voids.push_back(nothing_later(&third));
  co_await concur::gather(std::move(voids));
  EXPECT_TRUE(first && second && third);

  std::vector<int> none_at_all = co_await concur::gather(std::vector<Task<int>>{});
  EXPECT_TRUE(none_at_all.empty());
}

TEST(CoroGather, TuplesVectorsHandlesVoidAndEmpty) { concur::run(variadic_mixed()); }

Task<> sleep_ms(int ms) { co_await concur::sleep(std::chrono::milliseconds(ms)); }

Task<double> ten_concurrent_sleeps() {
  std::vector<Task<>> sleeps;
  for (int i = 0; i < 10; ++i) sleeps.push_back(sleep_ms(100));
  auto start = Clock::now();
  co_await concur::gather(std::move(sleeps));
  co_return seconds_since(start);
}
Task<double> three_sequential_sleeps() {
  auto start = Clock::now();
  co_await sleep_ms(50);
  co_await sleep_ms(50);
  co_await sleep_ms(50);
  co_return seconds_since(start);
}

// The seeds' lesson: awaiting one after the other takes the sum, gather takes the longest.
TEST(CoroGather, TakesTheLongestNotTheSum) {
  double gathered = concur::run(ten_concurrent_sleeps());
  EXPECT_GE(gathered, 0.100);
  EXPECT_LT(gathered, 0.900) << "10 x 100 ms run concurrently, not one after the other";
  EXPECT_GE(concur::run(three_sequential_sleeps()), 0.150);
}

struct Cleanup {
  int cancelled = 0;
  int finished = 0;
};
Task<int> slow(Cleanup* cleanup, std::chrono::milliseconds duration, int value) {
  try {
    co_await concur::sleep(duration);
  } catch (const concur::CancelledError&) {
    ++cleanup->cancelled;
    throw;
  }
  ++cleanup->finished;
  co_return value;
}
Task<int> fail_after(std::chrono::milliseconds duration, int code) {
  co_await concur::sleep(duration);
  throw CustomError(code);
}

Task<> fail_fast(Cleanup* cleanup) {
  auto start = Clock::now();
  try {
    co_await concur::gather(slow(cleanup, 5s, 1), fail_after(10ms, 1), slow(cleanup, 5s, 2),
                            fail_after(30ms, 2));
    ADD_FAILURE() << "expected CustomError";
  } catch (const CustomError& e) {
    EXPECT_EQ(e.code, 1) << "the first failure is re-thrown; the later one was cancelled before it failed";
  }
  EXPECT_EQ(cleanup->cancelled, 2) << "the others were cancelled, and had ended, when gather threw";
  EXPECT_LT(seconds_since(start), 4.0);
}

TEST(CoroGather, FailsFastCancellingTheOthers) {
  Cleanup cleanup;
  concur::run(fail_fast(&cleanup));
  EXPECT_EQ(cleanup.finished, 0);
}

Task<int> cancel_myself_then_sleep() {
  throw concur::CancelledError("cancelled from inside");
  co_return 0;
}

Task<> settled(Cleanup* cleanup) {
  auto [a, b, c, d] = co_await concur::gather_settled(slow(cleanup, 20ms, 1), fail_after(1ms, 2),
                                                        cancel_myself_then_sleep(), int_later(4));
  EXPECT_TRUE(a.has_value());
  EXPECT_EQ(a.value(), 1) << "finished after the failure: nothing is cancelled";
  EXPECT_FALSE(b);
  EXPECT_THROW(b.value(), CustomError);
  EXPECT_FALSE(b.cancelled());
  EXPECT_TRUE(c.cancelled());
  EXPECT_EQ(d.value(), 4);

  std::vector<Task<int>> tasks;
  tasks.push_back(int_later(1));
  tasks.push_back(fail_after(1ms, 5));
  auto outcomes = co_await concur::gather_settled(std::move(tasks));
  EXPECT_EQ(outcomes.size(), 2u);
  if (outcomes.size() == 2) {
    EXPECT_EQ(outcomes[0].value(), 1);
    EXPECT_NE(outcomes[1].error(), nullptr);
    EXPECT_THROW(outcomes[1].value(), CustomError);
  }
}

TEST(CoroGather, SettledReturnsEveryValueAndException) {
  Cleanup cleanup;
  concur::run(settled(&cleanup));
  EXPECT_EQ(cleanup.cancelled, 0);
  EXPECT_EQ(cleanup.finished, 1);
}

Task<> gather_three_slow(Cleanup* cleanup) {
  co_await concur::gather(slow(cleanup, 1h, 1), slow(cleanup, 1h, 2), slow(cleanup, 1h, 3));
}
Task<> nested_gathers(Cleanup* cleanup) {
  co_await concur::gather(gather_three_slow(cleanup), gather_three_slow(cleanup));
}
Task<> cancel_the_gathering_task(Cleanup* cleanup) {
  auto parent = concur::create_task(nested_gathers(cleanup));
  co_await concur::sleep(5ms);
  parent.cancel();
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(parent);
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::CancelledError);
  }
  EXPECT_EQ(cleanup->cancelled, 6) << "every task under the gathers, at any depth, was cancelled and had ended";
}

TEST(CoroGather, CancellingTheAwaitingTaskCancelsEveryChild) {
  Cleanup cleanup;
  concur::run(cancel_the_gathering_task(&cleanup));
}

Task<> own_briefly(std::unique_ptr<concur_test::Tracked> resource) {
  co_await concur::yield_now();
  (void)resource;
}
Task<> check_released_while_gathering(int* live) {
  co_await concur::sleep(5ms);  // the other task has finished by now
  EXPECT_EQ(*live, 0) << "a finished task's parameters are released before the whole gather ends";
}
Task<> gather_releases_early(int* live) {
  co_await concur::gather(own_briefly(std::make_unique<concur_test::Tracked>(*live)), check_released_while_gathering(live));
}

TEST(CoroGather, AFinishedTaskReleasesItsParametersBeforeTheOthersEnd) {
  int live = 0;
  concur::run(gather_releases_early(&live));
  EXPECT_EQ(live, 0);
}

struct Concurrency {
  int now = 0;
  int peak = 0;
};
Task<long> concurrent_worker(Concurrency* c, int i) {
  ++c->now;
  c->peak = std::max(c->peak, c->now);
  co_await concur::sleep(20ms);
  --c->now;
  co_await concur::yield_now();
  co_return 2L * i;
}
Task<> hundred_thousand(Concurrency* c) {
  constexpr int kTasks = 100'000;
  std::vector<Task<long>> tasks;
  tasks.reserve(kTasks);
  for (int i = 0; i < kTasks; ++i) tasks.push_back(concurrent_worker(c, i));
  std::vector<long> results = co_await concur::gather(std::move(tasks));
  EXPECT_EQ(results.size(), static_cast<std::size_t>(kTasks));
  int wrong = 0;
  for (std::size_t i = 0; i < results.size(); ++i) wrong += results[i] != 2L * static_cast<long>(i);
  EXPECT_EQ(wrong, 0);
}

TEST(CoroGather, HundredThousandConcurrentTasks) {
  Concurrency c;
  concur::run(hundred_thousand(&c));
  EXPECT_EQ(c.peak, 100'000) << "all of them were suspended at the same time";
  EXPECT_EQ(c.now, 0);
}

// ---- wait_for ---------------------------------------------------------------------------------

Task<> timeouts(Cleanup* cleanup) {
  int in_time = co_await concur::wait_for(int_later(3), 10s);
  EXPECT_EQ(in_time, 3);
  std::exception_ptr error = co_await concur_test::error_of(concur::wait_for(fail_after(1ms, 4), 10s));
  EXPECT_THROW(concur_test::rethrow(error), CustomError);

  auto start = Clock::now();
  error = co_await concur_test::error_of(concur::wait_for(slow(cleanup, 1h, 0), 50ms));
  EXPECT_THROW(concur_test::rethrow(error), concur::TimeoutError);
  EXPECT_GE(seconds_since(start), 0.050);
  EXPECT_EQ(cleanup->cancelled, 1) << "the task was cancelled and had ended when TimeoutError came";

  auto handle = concur::create_task(slow(cleanup, 1h, 0));
  error = co_await concur_test::error_of(concur::wait_for(handle, 10ms));
  EXPECT_THROW(concur_test::rethrow(error), concur::TimeoutError);
  EXPECT_TRUE(handle.cancelled());
  EXPECT_EQ(cleanup->cancelled, 2);
}

TEST(CoroWaitFor, ValueInTimeOrTimeoutErrorAfterCancelling) {
  Cleanup cleanup;
  concur::run(timeouts(&cleanup));
}

Task<int> suppressing() {
  try {
    co_await concur::sleep(1h);
  } catch (const concur::CancelledError&) {
    co_return -1;
  }
  co_return 0;
}
Task<> wait_for_suppressing() {
  int value = co_await concur::wait_for(suppressing(), 5ms);
  EXPECT_EQ(value, -1);
}

TEST(CoroWaitFor, ATaskThatCatchesTheCancellationReturnsItsValue) { concur::run(wait_for_suppressing()); }

Task<> wait_long(Cleanup* cleanup) { co_await concur::wait_for(slow(cleanup, 1h, 0), 1h); }
Task<> cancel_a_waiting_for(Cleanup* cleanup) {
  auto waiting = concur::create_task(wait_long(cleanup));
  co_await concur::sleep(5ms);
  waiting.cancel();
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(waiting);
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::CancelledError) << "CancelledError, not TimeoutError";
  }
  EXPECT_EQ(cleanup->cancelled, 1);
}

TEST(CoroWaitFor, CancellingTheAwaiterCancelsTheTask) {
  Cleanup cleanup;
  concur::run(cancel_a_waiting_for(&cleanup));
}

}  // namespace
