// concur::ProcessPool: submit, map, codecs across processes, registration, lifecycle options.
#include <gtest/gtest.h>

#include <sys/types.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <chrono>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "concur/process_pool.h"
#include "concur/thread_pool.h"
#include "concur/wait.h"
#include "test_support.h"

using namespace std::chrono_literals;

namespace {

int square(int x) { return x * x; }
pid_t worker_pid(int) { return ::getpid(); }
pid_t parent_pid() { return ::getppid(); }
void nothing() {}

enum class Op { sum, product };

struct Stats {
  double mean = 0;
  std::size_t count = 0;
  void encode(concur::Writer& out) const {
    out.put(mean);
    out.put(count);
  }
  static Stats decode(concur::Reader& in) {
    Stats s;
    s.mean = in.get<double>();
    s.count = in.get<std::size_t>();
    return s;
  }
};

Stats summarize(const std::vector<double>& values, Op op, std::optional<std::string> note,
                std::map<std::string, int> weights, std::tuple<int, char> extra) {
  Stats s;
  s.count = values.size() + weights.size() + static_cast<std::size_t>(std::get<0>(extra)) + (note ? note->size() : 0);
  s.mean = op == Op::sum ? std::accumulate(values.begin(), values.end(), 0.0) / values.size() : 1.0;
  return s;
}

std::string greet(const std::string& name) { return "olá, " + name; }

int fails_with_invalid_argument(int x) {
  if (x > 0) throw std::invalid_argument("x must not be positive, got " + std::to_string(x));
  return x;
}
int throws_an_int(int) { throw 42; }
int fail_on_multiples_of_7(int x) {
  if (x % 7 == 0) throw std::domain_error("multiple of 7: " + std::to_string(x));
  return x + 1;
}
int sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}

}  // namespace

TEST(ProcessPool, SubmitRunsInAnotherProcess) {
  concur::ProcessPool pool(2);
  EXPECT_EQ(pool.submit(square, 12).get(), 144);
  pid_t remote = pool.submit(worker_pid, 0).get();
  EXPECT_NE(remote, ::getpid());
  pool.submit(nothing).get();
}

TEST(ProcessPool, WorkersAreChildrenOfTheForkServerWhichIsOurChild) {
  concur::ProcessPool pool(2);
  EXPECT_EQ(pool.submit(parent_pid).get(), pool.fork_server_pid());
  EXPECT_NE(pool.fork_server_pid(), ::getpid());
}

TEST(ProcessPool, ArgumentsAndResultsOfManyTypes) {
  concur::ProcessPool pool(1);
  auto stats = pool.submit(summarize, std::vector<double>{1, 2, 3, 6}, Op::sum, std::optional<std::string>("ab"),
                           std::map<std::string, int>{{"w", 1}}, std::make_tuple(3, 'c'))
                   .get();
  EXPECT_DOUBLE_EQ(stats.mean, 3.0);
  EXPECT_EQ(stats.count, 4u + 1u + 3u + 2u);
  EXPECT_EQ(pool.submit(greet, "mundo").get(), "olá, mundo");  // const char* converted to std::string
}

TEST(ProcessPool, WorkerExceptionsBecomeRemoteErrorWithTypeAndMessage) {
  concur::ProcessPool pool(1);
  try {
    pool.submit(fails_with_invalid_argument, 3).get();
    FAIL() << "expected RemoteError";
  } catch (const concur::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "std::invalid_argument");
    EXPECT_EQ(e.message(), "x must not be positive, got 3");
  }
  try {
    pool.submit(throws_an_int, 0).get();
    FAIL() << "expected RemoteError";
  } catch (const concur::RemoteError& e) {
    EXPECT_EQ(e.type_name(), "int");
  }
  EXPECT_EQ(pool.submit(fails_with_invalid_argument, -1).get(), -1);  // the worker lives on
}

TEST(ProcessPool, MapKeepsOrderForEveryChunksize) {
  concur::ProcessPool pool(2);
  std::vector<int> input(500);
  std::iota(input.begin(), input.end(), 0);
  for (std::size_t chunksize : {1u, 3u, 64u, 500u, 10000u}) {
    auto squares = pool.map(square, input, {.chunksize = chunksize});
    ASSERT_EQ(squares.size(), input.size());
    for (int i = 0; i < 500; ++i) ASSERT_EQ(squares[i], i * i) << "chunksize " << chunksize;
  }
  EXPECT_TRUE(pool.map(square, std::vector<int>{}).empty());
  EXPECT_EQ(pool.map(greet, std::vector<std::string>{"a", "b"}), (std::vector<std::string>{"olá, a", "olá, b"}));
}

TEST(ProcessPool, MapSettlesEveryItemThenThrowsTheFirstFailure) {
  concur::ProcessPool pool(2);
  try {
    pool.map(fail_on_multiples_of_7, std::views::iota(1, 100), {.chunksize = 10});
    FAIL() << "expected RemoteError";
  } catch (const concur::RemoteError& e) {
    EXPECT_EQ(e.message(), "multiple of 7: 7");
    EXPECT_EQ(e.type_name(), "std::domain_error");
  }
}

TEST(ProcessPool, NamedTasks) {
  concur::ProcessPool pool(1);
  pool.register_task("square", square);
  pool.register_task("greet", greet);
  EXPECT_EQ(pool.submit_named<int>("square", 9).get(), 81);
  EXPECT_EQ(pool.submit_named<std::string>("greet", std::string("ana")).get(), "olá, ana");
  EXPECT_THROW((void)pool.submit_named<int>("nope", 1), std::invalid_argument);
  EXPECT_THROW((void)pool.submit_named<int>("square", 1.5), std::invalid_argument);  // wrong argument type
  EXPECT_THROW((void)pool.submit_named<long>("square", 1), std::invalid_argument);   // wrong result type
}

TEST(ProcessPool, MaxTasksPerChildReplacesWorkers) {
  concur::ProcessPool pool(concur::ProcessPoolOptions{.workers = 1, .max_tasks_per_child = 3});
  std::map<pid_t, int> tasks_per_pid;
  for (int i = 0; i < 9; ++i) tasks_per_pid[pool.submit(worker_pid, i).get()]++;
  EXPECT_EQ(tasks_per_pid.size(), 3u);
  for (auto& [pid, count] : tasks_per_pid) EXPECT_EQ(count, 3) << pid;
  auto pids = pool.map(worker_pid, std::views::iota(0, 10), {.chunksize = 1});
  EXPECT_GE(std::set<pid_t>(pids.begin(), pids.end()).size(), 4u);
}

TEST(ProcessPool, TimeoutKillsTheTaskAndThePoolGoesOn) {
  concur::ProcessPool pool(1);
  auto start = std::chrono::steady_clock::now();
  auto slow = pool.submit(concur::TaskOptions{.timeout = 100ms}, sleep_ms, 10'000);
  EXPECT_THROW(slow.get(), concur::TaskTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(pool.submit(concur::TaskOptions{.timeout = 5s}, sleep_ms, 1).get(), 1);
}

TEST(ProcessPool, PoolWideTimeoutAppliesToMapChunks) {
  concur::ProcessPool pool(concur::ProcessPoolOptions{.workers = 2, .task_timeout = 200ms});
  EXPECT_THROW(pool.map(sleep_ms, std::vector<int>{1, 10'000, 1}, {.chunksize = 1}), concur::TaskTimeout);
  EXPECT_EQ(pool.map(sleep_ms, std::vector<int>{1, 2}), (std::vector<int>{1, 2}));
}

TEST(ProcessPool, CancelQueuedTask) {
  concur::ProcessPool pool(1);
  auto busy = pool.submit(sleep_ms, 200);
  auto queued = pool.submit(square, 3);
  EXPECT_TRUE(queued.cancel());
  EXPECT_EQ(busy.get(), 200);
  EXPECT_THROW(queued.get(), concur::CancelledError);
  EXPECT_EQ(pool.submit(square, 4).get(), 16);
}

TEST(ProcessPool, ManyConcurrentSubmitters) {
  concur::ProcessPool pool(2);
  std::vector<std::thread> threads;
  std::atomic<int> correct{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) correct += pool.submit(square, t * 1000 + i).get() == (t * 1000 + i) * (t * 1000 + i);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(correct, 400);
}

TEST(ProcessPool, AsCompletedAndWaitWorkWithRemoteFutures) {
  concur::ProcessPool pool(2);
  std::vector<concur::Future<int>> futures;
  futures.push_back(pool.submit(sleep_ms, 150));
  futures.push_back(pool.submit(sleep_ms, 1));
  std::vector<int> order;
  for (auto& f : concur::as_completed(futures)) order.push_back(f.get());
  EXPECT_EQ(order, (std::vector<int>{1, 150}));
}

namespace {
// A lock that some thread of the test process holds while workers are forked.
std::mutex& lock_held_elsewhere() {
  static std::mutex lock;
  return lock;
}
bool lock_is_free_here() {
  if (!lock_held_elsewhere().try_lock()) return false;
  lock_held_elsewhere().unlock();
  return true;
}
}  // namespace

TEST(ProcessPool, WorkersForkedWhileAnotherThreadHoldsALockDoNotInheritIt) {
  concur::ProcessPool pool(1);
  concur::ThreadPool threads(1);
  concur_test::Gate release;
  std::atomic<bool> locked{false};
  auto holder = threads.submit([&] {
    std::lock_guard lock(lock_held_elsewhere());
    locked = true;
    release.wait();
  });
  while (!locked) std::this_thread::yield();
  // A plain fork() now would copy the held lock into the child, where nobody can ever release it.
  pid_t child = ::fork();
  if (child == 0) ::_exit(lock_is_free_here() ? 0 : 1);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  // Workers are forked by the fork server, whose memory predates the lock: free there, also in a
  // replacement worker forked now.
  EXPECT_TRUE(pool.submit(lock_is_free_here).get());
  ::kill(pool.submit(worker_pid, 0).get(), SIGKILL);
  bool replacement_free = false;
  for (int attempt = 0; attempt < 10; ++attempt) {
    try {
      replacement_free = pool.submit(lock_is_free_here).get();
      break;
    } catch (const concur::WorkerDied&) {  // the task raced with the kill
    }
  }
  EXPECT_TRUE(replacement_free);
  release.open();
  holder.get();
}

namespace {
// State that main() (here: the test) changes after start-up.
int& configured_value() {
  static int value = 0;
  return value;
}
int read_configured_value() { return configured_value(); }
bool server_variable_visible() { return std::getenv("CONCUR_FORK_SERVER_FD") != nullptr; }
}  // namespace

TEST(ProcessPool, AFreshServerIsTheDefaultAndKnowsNothingOfTheCallersState) {
  configured_value() = 7;
  concur::ProcessPool fresh(1);
  EXPECT_EQ(fresh.server_image(), concur::ServerImage::fresh);
  EXPECT_EQ(fresh.submit(read_configured_value).get(), 0);  // static initialization only
  EXPECT_FALSE(fresh.submit(server_variable_visible).get());  // the hook's variable does not leak
  concur::ProcessPool forked(concur::ProcessPoolOptions{.workers = 1, .server_image = concur::ServerImage::fork_of_caller});
  EXPECT_EQ(forked.server_image(), concur::ServerImage::fork_of_caller);
  EXPECT_EQ(forked.submit(read_configured_value).get(), 7);  // the caller's memory at construction
  configured_value() = 0;
}

TEST(ProcessPool, PoolCreatedWhileAnotherThreadHoldsALockGivesWorkersAFreeLock) {
  concur::ThreadPool threads(1);
  concur_test::Gate release;
  std::atomic<bool> locked{false};
  auto holder = threads.submit([&] {
    std::lock_guard lock(lock_held_elsewhere());
    locked = true;
    release.wait();
  });
  while (!locked) std::this_thread::yield();
  {
    concur::ProcessPool fresh(1);  // created while the lock is held
    EXPECT_TRUE(fresh.submit(lock_is_free_here).get());
  }
  {
    // What a server forked from the caller gets instead: the held lock, which nobody in the
    // worker can ever release. (try_lock, so the test observes it instead of deadlocking.)
    concur::ProcessPool forked(concur::ProcessPoolOptions{.workers = 1, .server_image = concur::ServerImage::fork_of_caller});
    EXPECT_FALSE(forked.submit(lock_is_free_here).get());
  }
  release.open();
  holder.get();
}

TEST(ProcessPool, AFunctionInNoLoadedModuleIsRejectedBeforeAnythingIsSent) {
  concur::ProcessPool pool(1);
  auto nowhere = reinterpret_cast<int (*)(int)>(std::uintptr_t{16});
  EXPECT_THROW((void)pool.submit(nowhere, 1), std::invalid_argument);
  EXPECT_THROW((void)pool.map(nowhere, std::vector<int>{1, 2}), std::invalid_argument);
  EXPECT_EQ(pool.submit(square, 5).get(), 25);
}

TEST(ProcessPool, ShutdownRejectsNewWorkAndCancelPendingCancels) {
  concur::ProcessPool pool(1);
  auto running = pool.submit(sleep_ms, 100);
  std::vector<concur::Future<int>> queued;
  for (int i = 0; i < 5; ++i) queued.push_back(pool.submit(square, i));
  pool.shutdown(true, true);
  EXPECT_EQ(running.get(), 100);
  for (auto& f : queued) EXPECT_THROW(f.get(), concur::CancelledError);
  EXPECT_THROW((void)pool.submit(square, 1), concur::PoolShutdown);
}

TEST(ProcessPool, ShutdownCancellingTheQueuedChunksOfARunningMap) {
  // Chunks of one map complete on the dispatcher while shutdown abandons the queued ones from
  // another thread: every chunk must settle exactly once (TSan checks the bookkeeping).
  for (int round = 0; round < 3; ++round) {
    concur::ProcessPool pool(2);
    std::thread canceller([&pool] {
      std::this_thread::sleep_for(50ms);
      pool.shutdown(false, true);
    });
    try {
      pool.map(sleep_ms, std::vector<int>(300, 2), {.chunksize = 1});  // ~300 ms of work
      ADD_FAILURE() << "the map finished before shutdown cancelled its queued chunks";
    } catch (const concur::CancelledError&) {
    } catch (const concur::PoolShutdown&) {
      // Only if the canceller won the race to the pool before the map was queued at all.
    }
    canceller.join();
  }
}

TEST(ProcessPool, DestructorWaitsForQueuedWork) {
  std::vector<concur::Future<int>> futures;
  {
    concur::ProcessPool pool(2);
    for (int i = 0; i < 20; ++i) futures.push_back(pool.submit(sleep_ms, 5));
  }
  for (auto& f : futures) EXPECT_EQ(f.get(), 5);
}
