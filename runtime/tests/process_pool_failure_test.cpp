// concur::ProcessPool when workers die: SIGKILL, segfault, _exit, mid-map kills, a dead fork server;
// and that nothing is left behind (no zombie, no stray process) and shutdown never hangs.
#include <gtest/gtest.h>

#include <dirent.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "concur/process_pool.h"
#include "test_support.h"

using namespace std::chrono_literals;

namespace {

int square(int x) { return x * x; }
int sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}
int segfault(int) {
  // Restore the default action first: sanitizers install a SIGSEGV handler that would turn the
  // crash into a report and an exit code.
  ::signal(SIGSEGV, SIG_DFL);
  ::raise(SIGSEGV);
  return 0;
}
int exit_with(int status) { ::_exit(status); }
int kill_self(int) {
  ::kill(::getpid(), SIGKILL);
  return 0;
}

// Children of `parent` as (pid, state) read from /proc.
std::vector<std::pair<pid_t, char>> children_of(pid_t parent) {
  std::vector<std::pair<pid_t, char>> children;
  DIR* proc = ::opendir("/proc");
  if (!proc) return children;
  while (dirent* entry = ::readdir(proc)) {
    pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(line.substr(close_paren + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) children.emplace_back(pid, state);
  }
  ::closedir(proc);
  return children;
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0; }

}  // namespace

TEST(ProcessPoolFailure, SigkilledWorkerFailsItsTaskWithWorkerDiedAndIsReplaced) {
  concur::ProcessPool pool(1);
  auto victim = pool.submit(sleep_ms, 10'000);
  std::this_thread::sleep_for(50ms);
  auto pids = pool.worker_pids();
  ASSERT_EQ(pids.size(), 1u);
  ::kill(pids[0], SIGKILL);
  auto start = std::chrono::steady_clock::now();
  try {
    victim.get();
    FAIL() << "expected WorkerDied";
  } catch (const concur::WorkerDied& e) {
    EXPECT_EQ(e.signal_number(), SIGKILL);
    EXPECT_EQ(e.pid(), pids[0]);
    EXPECT_NE(std::string(e.what()).find("SIGKILL"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);  // noticed at once, not at a timeout
  EXPECT_EQ(pool.submit(square, 6).get(), 36);
  auto after = pool.worker_pids();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0], pids[0]);
}

TEST(ProcessPoolFailure, SegfaultExitAndSelfKillAreReportedPrecisely) {
  concur::ProcessPool pool(2);
  try {
    pool.submit(segfault, 0).get();
    FAIL();
  } catch (const concur::WorkerDied& e) {
    EXPECT_EQ(e.signal_number(), SIGSEGV);
    EXPECT_NE(std::string(e.what()).find("SIGSEGV"), std::string::npos) << e.what();
  }
  try {
    pool.submit(exit_with, 3).get();
    FAIL();
  } catch (const concur::WorkerDied& e) {
    EXPECT_EQ(e.signal_number(), 0);
    EXPECT_EQ(e.exit_status(), 3);
    EXPECT_NE(std::string(e.what()).find("exited with status 3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(pool.submit(kill_self, 0).get(), concur::WorkerDied);
  EXPECT_EQ(pool.submit(square, 7).get(), 49);
}

TEST(ProcessPoolFailure, DyingTasksInterleavedWithGoodOnesLoseNothing) {
  concur::ProcessPool pool(2);
  std::vector<concur::Future<int>> good, bad;
  for (int i = 0; i < 40; ++i) {
    good.push_back(pool.submit(square, i));
    if (i % 4 == 0) bad.push_back(pool.submit(exit_with, 1));
  }
  for (int i = 0; i < 40; ++i) EXPECT_EQ(good[i].get(), i * i);
  for (auto& f : bad) EXPECT_THROW(f.get(), concur::WorkerDied);
}

TEST(ProcessPoolFailure, KillingWorkersMidMapFailsOnlyTheirChunksAndThePoolGoesOn) {
  concur::ProcessPool pool(2);
  std::atomic<bool> stop{false};
  std::thread killer([&] {
    std::this_thread::sleep_for(100ms);
    for (pid_t pid : pool.worker_pids()) ::kill(pid, SIGKILL);
  });
  std::vector<int> items(100, 10);  // 100 tasks of 10 ms on 2 workers: about half a second
  try {
    pool.map(sleep_ms, items, {.chunksize = 1});
    ADD_FAILURE() << "expected WorkerDied";
  } catch (const concur::WorkerDied& e) {
    EXPECT_EQ(e.signal_number(), SIGKILL);
  }
  killer.join();
  stop = true;
  // The map settled every item (it returned), and the replaced workers serve the next map.
  auto again = pool.map(square, std::views::iota(0, 50), {.chunksize = 5});
  for (int i = 0; i < 50; ++i) EXPECT_EQ(again[i], i * i);
  EXPECT_EQ(pool.worker_pids().size(), 2u);
}

TEST(ProcessPoolFailure, NoZombiesAndNoStrayProcessesAfterShutdown) {
  pid_t server = 0;
  std::vector<pid_t> workers;
  {
    concur::ProcessPool pool(2);
    server = pool.fork_server_pid();
    EXPECT_THROW(pool.submit(exit_with, 9).get(), concur::WorkerDied);
    for (int i = 0; i < 4; ++i) pool.submit(square, i).get();
    workers = pool.worker_pids();
    for (auto [pid, state] : children_of(server)) EXPECT_NE(state, 'Z') << "zombie worker " << pid;
  }
  EXPECT_FALSE(process_exists(server));
  for (pid_t w : workers) EXPECT_FALSE(process_exists(w)) << w;
  for (auto [pid, state] : children_of(::getpid())) EXPECT_NE(pid, server);
}

TEST(ProcessPoolFailure, DeadForkServerBreaksThePoolWithoutHanging) {
  auto start = std::chrono::steady_clock::now();
  {
    concur::ProcessPool pool(1);
    EXPECT_EQ(pool.submit(square, 2).get(), 4);
    auto running = pool.submit(sleep_ms, 300);
    ::kill(pool.fork_server_pid(), SIGKILL);
    EXPECT_THROW(running.get(), concur::BrokenPool);
    bool rejected = false;
    for (int i = 0; i < 100 && !rejected; ++i) {
      try {
        (void)pool.submit(square, 1);
        std::this_thread::sleep_for(5ms);
      } catch (const concur::BrokenPool&) {
        rejected = true;
      } catch (const concur::PoolShutdown&) {
        rejected = true;
      }
    }
    EXPECT_TRUE(rejected);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(ProcessPoolFailure, ShutdownWhileWorkersDieNeverHangs) {
  for (int round = 0; round < 5; ++round) {
    auto start = std::chrono::steady_clock::now();
    {
      concur::ProcessPool pool(2);
      std::vector<concur::Future<int>> futures;
      for (int i = 0; i < 20; ++i) futures.push_back(pool.submit(i % 3 ? sleep_ms : exit_with, i % 3 ? 2 : 1));
      std::thread killer([&] {
        for (pid_t pid : pool.worker_pids()) ::kill(pid, SIGKILL);
      });
      pool.shutdown(round % 2 == 0, round % 2 == 1);
      killer.join();
      for (auto& f : futures) {
        f.wait();  // every future settles: value, WorkerDied or CancelledError
        EXPECT_TRUE(f.ready());
      }
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  }
}
