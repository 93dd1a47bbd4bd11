// concur::Task, concur::run, concur::EventLoop, create_task / TaskHandle, cancellation.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "concur/event.h"
#include "concur/event_loop.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "coro_support.h"

using namespace std::chrono_literals;
using concur::Task;
using concur_test::Clock;
using concur_test::CustomError;
using concur_test::Tracked;

namespace {

Task<int> answer() { co_return 42; }
Task<int> add(int a, int b) {
  co_await concur::yield_now();
  co_return a + b;
}
Task<int> throws_custom(int code) {
  co_await concur::yield_now();
  throw CustomError(code);
}

// ---- Task basics ------------------------------------------------------------------------------

TEST(CoroTask, RunReturnsTheValue) {
  EXPECT_EQ(concur::run(answer()), 42);
  EXPECT_EQ(concur::run(add(2, 3)), 5);
}

TEST(CoroTask, RunRethrowsTheTasksOwnException) {
  try {
    concur::run(throws_custom(7));
    FAIL() << "expected CustomError";
  } catch (const CustomError& e) {
    EXPECT_EQ(e.code, 7);
  }
}

Task<> set_flag(bool* flag) {
  *flag = true;
  co_return;
}

Task<> await_lazily(bool* flag) {
  Task<> task = set_flag(flag);
  EXPECT_FALSE(*flag) << "creating a Task must not run it";
  co_await concur::yield_now();
  EXPECT_FALSE(*flag) << "a Task nobody awaits never runs";
  co_await task;
  EXPECT_TRUE(*flag);
}

TEST(CoroTask, IsLazyUntilAwaited) {
  bool flag = false;
  concur::run(await_lazily(&flag));
  EXPECT_TRUE(flag);
  bool never = false;
  { Task<> dropped = set_flag(&never); }
  EXPECT_FALSE(never);
}

Task<std::unique_ptr<int>> make_unique_later(int value) {
  co_await concur::yield_now();
  co_return std::make_unique<int>(value);
}
Task<int> unwrap() {
  std::unique_ptr<int> p = co_await make_unique_later(9);
  co_return *p;
}

TEST(CoroTask, MoveOnlyResults) { EXPECT_EQ(concur::run(unwrap()), 9); }

Task<int> level3(int* live) {
  Tracked guard(*live);
  co_await concur::sleep(1ms);
  throw CustomError(3);
}
Task<int> level2(int* live) {
  Tracked guard(*live);
  co_return co_await level3(live) + 1;
}
Task<int> level1(int* live) {
  Tracked guard(*live);
  try {
    co_return co_await level2(live);
  } catch (const CustomError& e) {
    EXPECT_EQ(*live, 1) << "the inner frames' locals are destroyed by the time the exception arrives";
    co_return -e.code;
  }
}

TEST(CoroTask, ExceptionsPropagateThroughAwaitChainsAndLocalsAreDestroyed) {
  int live = 0;
  EXPECT_EQ(concur::run(level1(&live)), -3);
  EXPECT_EQ(live, 0);
}

Task<int> one() { co_return 1; }
Task<long> many_immediate_awaits(int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += co_await one();
  co_return sum;
}
Task<int> recurse(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await recurse(depth - 1);
}

// Each await below completes without suspending. Without symmetric transfer (or the trampoline
// that replaces it on GCC), every completion would resume the awaiter one stack frame deeper and
// the default 8 MB stack would overflow long before the end.
TEST(CoroTask, LongAwaitChainsDoNotGrowTheStack) {
  EXPECT_EQ(concur::run(many_immediate_awaits(1'000'000)), 1'000'000);
  EXPECT_EQ(concur::run(recurse(100'000)), 100'000);
}

Task<> await_twice() {
  Task<int> task = answer();
  {
    auto awaited = co_await task;
    EXPECT_EQ(awaited, 42);
  }
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(std::move(task));
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::FutureError);
  }
  Task<int> empty;
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(std::move(empty));
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::FutureError);
  }
}

TEST(CoroTask, AwaitingTwiceOrAnEmptyTaskThrows) { concur::run(await_twice()); }

Task<> nested_run() {
  EXPECT_THROW(concur::run(answer()), std::logic_error);
  co_return;
}

TEST(CoroTask, RunInsideARunningLoopThrows) { concur::run(nested_run()); }

// ---- the loop ---------------------------------------------------------------------------------

Task<concur::EventLoop*> current_loop() {
  co_await concur::yield_now();
  co_return concur::EventLoop::current();
}

TEST(CoroLoop, CurrentIsTheRunningLoopOnItsThreadOnly) {
  EXPECT_EQ(concur::EventLoop::current(), nullptr);
  concur::EventLoop loop;
  EXPECT_EQ(loop.run_until_complete(current_loop()), &loop);
  EXPECT_EQ(concur::EventLoop::current(), nullptr);
  concur::EventLoop* seen_elsewhere = &loop;
  std::thread([&] { seen_elsewhere = concur::EventLoop::current(); }).join();
  EXPECT_EQ(seen_elsewhere, nullptr);
}

Task<> record_callbacks(std::vector<int>* order) {
  concur::EventLoop& loop = *concur::EventLoop::current();
  loop.call_soon([order] { order->push_back(1); });
  loop.call_soon([order] { order->push_back(2); });
  order->push_back(0);
  co_await concur::yield_now();
  order->push_back(3);
}

TEST(CoroLoop, CallSoonRunsCallbacksInOrderAfterTheCurrentTask) {
  std::vector<int> order;
  concur::run(record_callbacks(&order));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

Task<int> wait_for_event(concur::Event* event, int* value) {
  co_await event->wait();
  co_return *value;
}

TEST(CoroLoop, CallSoonThreadsafeWakesTheLoop) {
  concur::EventLoop loop;
  concur::Event event;
  int value = 0;
  std::thread other([&] {
    std::this_thread::sleep_for(20ms);
    loop.call_soon_threadsafe([&] {
      value = 5;  // runs on the loop's thread: no race with the task that reads it
      event.set();
    });
  });
  EXPECT_EQ(loop.run_until_complete(wait_for_event(&event, &value)), 5);
  other.join();
  concur::LoopRef handle = loop.threadsafe_handle();
  loop.close();
  EXPECT_FALSE(handle.call_soon_threadsafe([] {})) << "a closed loop accepts nothing";
  EXPECT_THROW(loop.call_soon_threadsafe([] {}), std::logic_error);
  EXPECT_THROW(loop.run_until_complete(answer()), std::logic_error);
}

TEST(CoroLoop, ManyThreadsPostingToOneLoop) {
  concur::EventLoop loop;
  concur::Event done;
  constexpr int kThreads = 4;
  constexpr int kPosts = 2000;
  int received = 0;  // loop thread only
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kPosts; ++i)
        loop.call_soon_threadsafe([&] {
          if (++received == kThreads * kPosts) done.set();
        });
    });
  int dummy = 0;
  loop.run_until_complete(wait_for_event(&done, &dummy));
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(received, kThreads * kPosts);
}

Task<double> cpu_used_while_sleeping(std::chrono::milliseconds duration) {
  double before = concur_test::process_cpu_seconds();
  co_await concur::sleep(duration);
  co_return concur_test::process_cpu_seconds() - before;
}

// A loop waiting for a timer is blocked in epoll_wait: it uses no CPU (a spinning loop would use
// the whole 300 ms).
TEST(CoroLoop, IdleLoopUsesNoCpu) {
  double cpu = concur::run(cpu_used_while_sleeping(300ms));
  EXPECT_LT(cpu, 0.1);
}

Task<> sleeper(std::vector<int>* woken, Clock::time_point deadline, int id) {
  co_await concur::sleep_until(deadline);
  woken->push_back(id);
}
Task<> sleepers_wake_in_deadline_order(std::vector<int>* woken) {
  auto base = Clock::now();
  auto a = concur::create_task(sleeper(woken, base + 30ms, 30));
  auto b = concur::create_task(sleeper(woken, base + 10ms, 10));
  auto c = concur::create_task(sleeper(woken, base + 20ms, 20));
  auto d = concur::create_task(sleeper(woken, base + 10ms, 11));  // same deadline as b: after it
  co_await a;
  co_await b;
  co_await c;
  co_await d;
}

TEST(CoroLoop, TimersFireInDeadlineOrder) {
  std::vector<int> woken;
  concur::run(sleepers_wake_in_deadline_order(&woken));
  EXPECT_EQ(woken, (std::vector<int>{10, 11, 20, 30}));
}

Task<double> timed_sleep(std::chrono::milliseconds duration) {
  auto start = Clock::now();
  co_await concur::sleep(duration);
  co_return concur_test::seconds_since(start);
}

TEST(CoroLoop, SleepNeverEndsEarly) {
  EXPECT_GE(concur::run(timed_sleep(50ms)), 0.050);
  EXPECT_GE(concur::run(timed_sleep(0ms)), 0.0);  // a yield
}

// ---- create_task and handles ------------------------------------------------------------------

Task<> step(std::vector<int>* trace, int first, int second) {
  trace->push_back(first);
  co_await concur::yield_now();
  trace->push_back(second);
}
Task<> interleave(std::vector<int>* trace) {
  auto a = concur::create_task(step(trace, 1, 3));
  auto b = concur::create_task(step(trace, 2, 4));
  EXPECT_TRUE(trace->empty()) << "created tasks start once the creator suspends";
  EXPECT_FALSE(a.done());
  co_await a;
  co_await b;
}

TEST(CoroCreateTask, TasksRunConcurrentlyAndInterleaveAtAwaits) {
  std::vector<int> trace;
  concur::run(interleave(&trace));
  EXPECT_EQ(trace, (std::vector<int>{1, 2, 3, 4}));
}

Task<> inspect_handles() {
  concur::TaskHandle<int> ok = concur::create_task(add(20, 22));
  EXPECT_THROW(ok.result(), concur::FutureError) << "not finished yet";
  {
    auto awaited = co_await ok;
    EXPECT_EQ(awaited, 42);
  }
  EXPECT_TRUE(ok.done());
  EXPECT_FALSE(ok.cancelled());
  EXPECT_EQ(ok.result(), 42);
  {
    auto awaited = co_await ok;
    EXPECT_EQ(awaited, 42) << "a handle can be awaited again";
  }
  EXPECT_EQ(ok.exception(), nullptr);

  concur::TaskHandle<int> failing = concur::create_task(throws_custom(5));
  try {
    co_await failing;
    ADD_FAILURE() << "expected CustomError";
  } catch (const CustomError& e) {
    EXPECT_EQ(e.code, 5);
  }
  EXPECT_NE(failing.exception(), nullptr);
  EXPECT_THROW(failing.result(), CustomError);

  concur::TaskHandle<std::unique_ptr<int>> move_only = concur::create_task(make_unique_later(3));
  std::unique_ptr<int> p = co_await std::move(move_only);
  EXPECT_EQ(*p, 3);

  concur::TaskHandle<int> empty;
  EXPECT_THROW(empty.done(), concur::FutureError);
}

TEST(CoroCreateTask, HandlesReportResultsAndExceptions) { concur::run(inspect_handles()); }

Task<int> own_then_return(std::unique_ptr<Tracked> resource) {
  co_await concur::yield_now();
  co_return resource ? 1 : 0;
}
Task<> release_at_finish(int* live) {
  concur::TaskHandle<int> handle = concur::create_task(own_then_return(std::make_unique<Tracked>(*live)));
  EXPECT_EQ(*live, 1);
  int value = co_await handle;
  EXPECT_EQ(value, 1);
  EXPECT_EQ(*live, 0) << "a finished task's parameters are released at once, not when its last handle goes";
  EXPECT_EQ(handle.result(), 1) << "its result stays available";
}

// In asyncio a finished coroutine's locals go away with it. A server that keeps the handles of
// its connection handlers must not keep their sockets open that way (the peer would never see
// the end of the stream).
TEST(CoroCreateTask, AFinishedTaskReleasesItsParametersWhileHandlesLive) {
  int live = 0;
  concur::run(release_at_finish(&live));
  EXPECT_EQ(live, 0);
}

TEST(CoroCreateTask, OutsideALoopThrows) { EXPECT_THROW(concur::create_task(answer()), std::logic_error); }

// ---- cancellation -----------------------------------------------------------------------------

struct CancelProbe {
  int live = 0;
  bool caught = false;
  bool after_sleep = false;
};

Task<> sleep_long(CancelProbe* probe) {
  Tracked guard(probe->live);
  try {
    co_await concur::sleep(1h);
    probe->after_sleep = true;
  } catch (const concur::CancelledError&) {
    probe->caught = true;
    throw;
  }
}

Task<> cancel_a_sleeping_task(CancelProbe* probe) {
  auto task = concur::create_task(sleep_long(probe));
  co_await concur::sleep(5ms);  // let it start and suspend
  EXPECT_EQ(probe->live, 1);
  EXPECT_TRUE(task.cancel());
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(task);
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::CancelledError);
  }
  EXPECT_TRUE(task.cancelled());
  EXPECT_FALSE(task.cancel()) << "a finished task cannot be cancelled";
  EXPECT_THROW(task.exception(), concur::CancelledError);
  // The cancelled task's timer is gone from the loop: timers work on as before.
  auto start = Clock::now();
  co_await concur::sleep(10ms);
  EXPECT_GE(concur_test::seconds_since(start), 0.010);
}

TEST(CoroCancel, CancelledErrorArrivesAtTheSuspensionPointAndCleanupRuns) {
  CancelProbe probe;
  concur::run(cancel_a_sleeping_task(&probe));
  EXPECT_TRUE(probe.caught);
  EXPECT_FALSE(probe.after_sleep);
  EXPECT_EQ(probe.live, 0);
}

Task<> cancel_before_start(bool* ran) {
  auto task = concur::create_task(set_flag(ran));
  task.cancel();
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(task);
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::CancelledError);
  }
  EXPECT_TRUE(task.cancelled());
}

TEST(CoroCancel, ATaskCancelledBeforeItStartsNeverRuns) {
  bool ran = false;
  concur::run(cancel_before_start(&ran));
  EXPECT_FALSE(ran);
}

Task<int> suppress_cancellation() {
  try {
    co_await concur::sleep(1h);
  } catch (const concur::CancelledError&) {
    // Cancellation is delivered once: the task may clean up and go on.
  }
  co_await concur::sleep(1ms);
  co_return 5;
}
Task<> cancel_a_task_that_suppresses_it() {
  auto task = concur::create_task(suppress_cancellation());
  co_await concur::yield_now();
  task.cancel();
  {
    auto awaited = co_await task;
    EXPECT_EQ(awaited, 5);
  }
  EXPECT_FALSE(task.cancelled());
}

TEST(CoroCancel, ATaskMayCatchCancellationAndFinish) { concur::run(cancel_a_task_that_suppresses_it()); }

struct SelfCancel {
  concur::TaskHandle<> self;
  int steps_after_cancel = 0;
  bool cancelled_at_yield = false;
};
Task<> cancel_myself(SelfCancel* state) {
  co_await concur::yield_now();  // `state->self` is set by now
  state->self.cancel();
  ++state->steps_after_cancel;  // still running: nothing happens until the next suspension point
  try {
    co_await concur::yield_now();
  } catch (const concur::CancelledError&) {
    state->cancelled_at_yield = true;
    throw;
  }
}
Task<> run_self_cancel(SelfCancel* state) {
  state->self = concur::create_task(cancel_myself(state));
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(state->self);
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::CancelledError);
  }
}

TEST(CoroCancel, ObservedAtTheNextSuspensionPointNotBefore) {
  SelfCancel state;
  concur::run(run_self_cancel(&state));
  EXPECT_EQ(state.steps_after_cancel, 1);
  EXPECT_TRUE(state.cancelled_at_yield);
}

Task<> await_inner(concur::TaskHandle<> inner) { co_await inner; }
Task<> cancel_the_awaiter(CancelProbe* probe) {
  auto inner = concur::create_task(sleep_long(probe));
  auto outer = concur::create_task(await_inner(inner));
  co_await concur::sleep(5ms);
  outer.cancel();
  {
    std::exception_ptr awaited_error = co_await concur_test::error_of(outer);
    EXPECT_THROW(concur_test::rethrow(awaited_error), concur::CancelledError);
  }
  EXPECT_TRUE(inner.cancelled()) << "as in asyncio, a task cancelled while awaiting another cancels it";
}

TEST(CoroCancel, CancellingATaskThatAwaitsAnotherCancelsBoth) {
  CancelProbe probe;
  concur::run(cancel_the_awaiter(&probe));
  EXPECT_TRUE(probe.caught);
}

Task<> leave_tasks_running(CancelProbe* probe) {
  concur::TaskHandle<> left = concur::create_task(sleep_long(probe));
  co_await concur::yield_now();
  EXPECT_EQ(probe->live, 1);
}

TEST(CoroCancel, RunCancelsTheTasksLeftRunningAndWaitsForThem) {
  CancelProbe probe;
  concur::run(leave_tasks_running(&probe));
  EXPECT_TRUE(probe.caught) << "close() cancels leftover tasks and lets their cleanup run";
  EXPECT_EQ(probe.live, 0);
}

Task<> ignore_cancellation(concur::Event* never, int* live) {
  Tracked guard(*live);
  for (;;) {
    try {
      co_await never->wait();
    } catch (const concur::CancelledError&) {
      // ignored: waits again
    }
  }
}
Task<> spawn_stubborn(concur::Event* never, int* live) {
  concur::TaskHandle<> stubborn = concur::create_task(ignore_cancellation(never, live));
  co_await concur::yield_now();
}

// A task that ignores cancellation and waits for something nothing can bring about any more is
// destroyed at close(): its frame's destructors run and the loop reports it.
TEST(CoroCancel, CloseDestroysTasksThatCannotFinish) {
  concur::Event never;
  int live = 0;
  concur_test::Reports reports;
  {
    concur::EventLoop loop;
    reports.install(loop);
    loop.run_until_complete(spawn_stubborn(&never, &live));
    EXPECT_EQ(live, 1);
    loop.close();
    EXPECT_EQ(live, 0);
  }
  ASSERT_EQ(reports.seen.size(), 1u);
  EXPECT_NE(reports.seen[0].message.find("destroyed but it is pending"), std::string::npos);
}

// ---- unobserved exceptions --------------------------------------------------------------------

Task<> fail_in_background(bool observe) {
  concur::TaskHandle<int> observed = concur::create_task(throws_custom(1));
  concur::create_task(throws_custom(2));  // handle dropped at once: nobody will ever look
  auto cancelled = concur::create_task(throws_custom(3));
  cancelled.cancel();  // a cancelled task is not an error
  co_await concur::sleep(5ms);
  if (observe) {
    std::exception_ptr awaited_error = co_await concur_test::error_of(observed);
    EXPECT_THROW(concur_test::rethrow(awaited_error), CustomError);
  }
}

TEST(CoroCreateTask, AnExceptionNobodyRetrievedIsReportedWhenTheTaskIsDestroyed) {
  for (bool observe : {true, false}) {
    concur_test::Reports reports;
    {
      concur::EventLoop loop;
      reports.install(loop);
      loop.run_until_complete(fail_in_background(observe));
    }
    std::vector<int> codes;
    for (const auto& context : reports.seen) {
      EXPECT_EQ(context.message, "Task exception was never retrieved");
      try {
        std::rethrow_exception(context.exception);
      } catch (const CustomError& e) {
        codes.push_back(e.code);
      }
    }
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (observe ? std::vector<int>{2} : std::vector<int>{1, 2})) << "observe=" << observe;
  }
}

TEST(CoroCreateTask, TheDefaultReportGoesToStderr) {
  testing::internal::CaptureStderr();
  concur::run(fail_in_background(true));
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("Task exception was never retrieved"), std::string::npos) << err;
  EXPECT_NE(err.find("custom 2"), std::string::npos) << err;
}

Task<> failing_callback() {
  concur::EventLoop::current()->call_soon([] { throw CustomError(9); });
  co_await concur::yield_now();
}

TEST(CoroLoop, AFailingCallbackIsReportedAndTheLoopGoesOn) {
  concur_test::Reports reports;
  concur::EventLoop loop;
  reports.install(loop);
  loop.run_until_complete(failing_callback());
  EXPECT_EQ(loop.run_until_complete(answer()), 42);
  ASSERT_EQ(reports.seen.size(), 1u);
  EXPECT_THROW(std::rethrow_exception(reports.seen[0].exception), CustomError);
}

}  // namespace
