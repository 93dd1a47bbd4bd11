// Fix case: two of the three writers of `pending` already hold `pending_lock`; the one that does
// not gets a lock_guard on that same mutex (no new mutex is declared).
#include <deque>
#include <mutex>
#include <thread>

std::deque<int> pending;
std::mutex pending_lock;

void submit(int job) {
  std::lock_guard<std::mutex> guard(pending_lock);
  pending.push_back(job);
}

void submit_many(int first) {
  for (int i = 0; i < 500; ++i)
    submit(first + i);
}

void submit_urgent(int first) {
  for (int i = 0; i < 500; ++i)
    pending.push_front(first + i);  // expect-fixed: race-shared-global
}

void drop_one() {
  for (int i = 0; i < 200; ++i) {
    pending_lock.lock();
    if (!pending.empty())
      pending.pop_back();
    pending_lock.unlock();
  }
}

int main() {
  std::thread a(submit_many, 0);
  std::thread b(submit_urgent, 1000);
  std::thread c(drop_one);
  a.join();
  b.join();
  c.join();
  return pending.size() >= 800 ? 0 : 1;  // no finding: after the joins
}
