// concur::Semaphore, concur::Event, concur::Queue.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "concur/event.h"
#include "concur/gather.h"
#include "concur/queue.h"
#include "concur/run.h"
#include "concur/semaphore.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "coro_support.h"

using namespace std::chrono_literals;
using concur::Task;

namespace {

// ---- Semaphore --------------------------------------------------------------------------------

struct Occupancy {
  int now = 0;
  int peak = 0;
  std::vector<int> order;
};

Task<> hold_a_slot(concur::Semaphore* slots, Occupancy* occupancy, int id) {
  auto permit = co_await slots->scoped();
  occupancy->order.push_back(id);
  occupancy->peak = std::max(occupancy->peak, ++occupancy->now);
  co_await concur::sleep(2ms);
  --occupancy->now;
}

Task<> bounded(concur::Semaphore* slots, Occupancy* occupancy) {
  std::vector<Task<>> tasks;
  for (int i = 0; i < 20; ++i) tasks.push_back(hold_a_slot(slots, occupancy, i));
  co_await concur::gather(std::move(tasks));
}

TEST(CoroSemaphore, BoundsConcurrencyAndServesWaitersInOrder) {
  concur::Semaphore slots(3);
  Occupancy occupancy;
  concur::run(bounded(&slots, &occupancy));
  EXPECT_EQ(occupancy.peak, 3);
  EXPECT_EQ(slots.available(), 3u) << "every permit came back";
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i) expected[i] = i;
  EXPECT_EQ(occupancy.order, expected) << "first come, first served";
}

Task<> acquire_and_keep(concur::Semaphore* semaphore, bool* acquired) {
  co_await semaphore->acquire();
  *acquired = true;
}

Task<> cancel_waiters(concur::Semaphore* semaphore) {
  EXPECT_TRUE(semaphore->try_acquire());
  EXPECT_FALSE(semaphore->try_acquire());
  EXPECT_TRUE(semaphore->locked());
  bool first = false, second = false;
  auto waiting = concur::create_task(acquire_and_keep(semaphore, &first));
  auto next = concur::create_task(acquire_and_keep(semaphore, &second));
  co_await concur::yield_now();
  // Cancelled while waiting: no permit.
  waiting.cancel();
  std::exception_ptr error = co_await concur_test::error_of(waiting);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  EXPECT_FALSE(first);
  semaphore->release();  // goes to `next`, the only waiter left
  co_await next;
  EXPECT_TRUE(second);
  EXPECT_EQ(semaphore->available(), 0u);
  semaphore->release();

  // Cancelled right after being handed the permit (before it resumed): the permit moves on.
  EXPECT_TRUE(semaphore->try_acquire());
  bool third = false, fourth = false;
  auto handed = concur::create_task(acquire_and_keep(semaphore, &third));
  auto after = concur::create_task(acquire_and_keep(semaphore, &fourth));
  co_await concur::yield_now();
  semaphore->release();  // handed to `handed`, which has not run yet
  handed.cancel();
  error = co_await concur_test::error_of(handed);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  co_await after;
  EXPECT_FALSE(third);
  EXPECT_TRUE(fourth);
  semaphore->release();
}

TEST(CoroSemaphore, CancelledWaitersLeaveNoPermitBehind) {
  concur::Semaphore semaphore(1);
  concur::run(cancel_waiters(&semaphore));
  EXPECT_EQ(semaphore.available(), 1u);
}

TEST(CoroSemaphore, PermitReleasesOnDestruction) {
  concur::Semaphore semaphore(2);
  {
    EXPECT_TRUE(semaphore.try_acquire());
    concur::Semaphore::Permit permit(semaphore);
    EXPECT_EQ(semaphore.available(), 1u);
    concur::Semaphore::Permit moved = std::move(permit);
    EXPECT_FALSE(permit.holds());
    EXPECT_TRUE(moved.holds());
  }
  EXPECT_EQ(semaphore.available(), 2u);
}

// ---- Event ------------------------------------------------------------------------------------

Task<> wait_and_count(concur::Event* event, int* woken) {
  co_await event->wait();
  ++*woken;
}

Task<> event_wakes_all(concur::Event* event) {
  int woken = 0;
  std::vector<concur::TaskHandle<>> waiters;
  for (int i = 0; i < 5; ++i) waiters.push_back(concur::create_task(wait_and_count(event, &woken)));
  co_await concur::sleep(2ms);
  EXPECT_EQ(woken, 0);
  auto cancelled = concur::create_task(wait_and_count(event, &woken));
  co_await concur::yield_now();
  cancelled.cancel();
  event->set();
  co_await concur::gather(waiters);
  EXPECT_EQ(woken, 5) << "set() wakes every waiter; the cancelled one does not count";
  std::exception_ptr error = co_await concur_test::error_of(cancelled);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  co_await event->wait();  // set: returns at once
  event->clear();
  EXPECT_FALSE(event->is_set());
}

TEST(CoroEvent, SetWakesEveryWaiter) {
  concur::Event event;
  concur::run(event_wakes_all(&event));
}

// ---- Queue ------------------------------------------------------------------------------------

struct Flow {
  std::vector<int> consumed;
  std::size_t max_size = 0;
  int puts_done = 0;
};

Task<> produce(concur::Queue<int>* queue, Flow* flow, int count) {
  for (int i = 0; i < count; ++i) {
    co_await queue->put(i);
    ++flow->puts_done;
    flow->max_size = std::max(flow->max_size, queue->size());
  }
  co_await queue->put(-1);
}

Task<> consume_slowly(concur::Queue<int>* queue, Flow* flow) {
  for (;;) {
    int item = co_await queue->get();
    if (item < 0) break;
    flow->consumed.push_back(item);
    EXPECT_LE(flow->puts_done - static_cast<int>(flow->consumed.size()), 3)
        << "the producer cannot run more than the queue's size ahead (backpressure)";
    co_await concur::sleep(1ms);
  }
}

Task<> producer_consumer(concur::Queue<int>* queue, Flow* flow) {
  co_await concur::gather(produce(queue, flow, 50), consume_slowly(queue, flow));
}

TEST(CoroQueue, BoundedQueueAppliesBackpressureAndKeepsOrder) {
  concur::Queue<int> queue(2);
  Flow flow;
  concur::run(producer_consumer(&queue, &flow));
  std::vector<int> expected(50);
  for (int i = 0; i < 50; ++i) expected[i] = i;
  EXPECT_EQ(flow.consumed, expected);
  EXPECT_LE(flow.max_size, 2u);
  EXPECT_TRUE(queue.empty());
}

Task<int> get_one(concur::Queue<int>* queue) { co_return co_await queue->get(); }
Task<> put_one(concur::Queue<int>* queue, int value) { co_await queue->put(value); }

Task<> cancellations(concur::Queue<int>* queue) {
  // A get cancelled after the item was handed to it gives the item back.
  auto cancelled_get = concur::create_task(get_one(queue));
  auto next_get = concur::create_task(get_one(queue));
  co_await concur::yield_now();
  EXPECT_TRUE(queue->try_put(7));  // handed to cancelled_get, which has not resumed yet
  cancelled_get.cancel();
  std::exception_ptr error = co_await concur_test::error_of(cancelled_get);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  int got = co_await next_get;
  EXPECT_EQ(got, 7) << "the item went on to the next consumer";

  // A put cancelled while waiting puts nothing.
  EXPECT_TRUE(queue->try_put(1));
  EXPECT_TRUE(queue->full());
  EXPECT_FALSE(queue->try_put(2));
  auto cancelled_put = concur::create_task(put_one(queue, 99));
  co_await concur::yield_now();
  cancelled_put.cancel();
  error = co_await concur_test::error_of(cancelled_put);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  EXPECT_EQ(queue->size(), 1u);
  EXPECT_EQ(queue->try_get(), std::optional<int>(1));
  EXPECT_EQ(queue->try_get(), std::nullopt);
}

TEST(CoroQueue, CancelledPutsAndGetsLoseNothing) {
  concur::Queue<int> queue(1);
  concur::run(cancellations(&queue));
}

Task<> move_only(concur::Queue<std::unique_ptr<std::string>>* queue) {
  co_await queue->put(std::make_unique<std::string>("moved"));
  std::unique_ptr<std::string> item = co_await queue->get();
  EXPECT_EQ(*item, "moved");
}

TEST(CoroQueue, MoveOnlyItems) {
  concur::Queue<std::unique_ptr<std::string>> queue;
  concur::run(move_only(&queue));
}

}  // namespace
