// concur::queue::Worker: a Celery worker in C++ (`celery worker`), serving queues on Redis
// next to (or instead of) Python workers.
//
//   concur::queue::TaskRegistry tasks;
//   tasks.add("tasks.add", add);
//   concur::queue::Worker worker(std::move(tasks), {.broker = "redis://127.0.0.1:6379/0", .concurrency = 4});
//   worker.start();
//   ...                // e.g. sigwait() for SIGTERM
//   worker.stop();     // graceful: finishes running tasks, puts back the ones not started
//
// Delivery follows kombu's Redis transport: a message taken from the queue is recorded in the
// `unacked` hash and the `unacked_index` sorted set in the same Lua script that pops it, so a
// worker that dies (even SIGKILL) loses nothing: whatever it held is put back on its queue once
// the visibility timeout has passed (by any worker, C++ or Python). With acks_late (the default
// here; Celery's default is early acks) the ack follows the stored result, in one transaction.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "concur/queue/registry.h"
#include "concur/queue/retry_policy.h"

namespace concur::queue {

enum class PoolKind {
  processes,  // tasks run in a concur::ProcessPool (prefork-like: isolation, hard time limits)
  threads,    // tasks run on the worker's threads (I/O-bound tasks, no process round trip)
};

struct WorkerOptions {
  std::string broker = "redis://localhost:6379/0";
  std::vector<std::string> queues = {"celery"};
  std::size_t concurrency = 0;  // 0: std::thread::hardware_concurrency()
  PoolKind pool = PoolKind::processes;
  std::size_t prefetch_multiplier = 4;  // at most concurrency * this messages reserved at a time
  std::string hostname{};                 // empty: "concur@<host>"
  bool acks_late = true;                // per task: TaskOptions::acks_late
  std::chrono::milliseconds visibility_timeout{3600 * 1000};  // kombu's default, 1 hour
  // How often to look for messages of dead workers whose visibility timeout has passed.
  std::chrono::milliseconds restore_interval{10000};
  bool send_events = true;  // Celery events (celery -A app events, Flower)
  std::chrono::milliseconds heartbeat_interval{2000};
  std::size_t max_result_bytes = 64u << 20;  // a larger result fails the task (ResultTooLarge)
  std::chrono::seconds result_expires{86400};  // celery's result_expires
  std::chrono::milliseconds shutdown_timeout{30000};  // stop(): wait this long for running tasks
  RetryPolicy retry{.give_up_after = std::chrono::milliseconds(0)};  // never give up
  // Log lines ("[worker] message ..."); default: stderr.
  std::function<void(std::string_view)> log{};
};

struct WorkerStats {
  std::uint64_t received = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
  std::uint64_t retried = 0;
  std::uint64_t revoked = 0;
  std::uint64_t rejected = 0;  // malformed messages sent to the dead-letter list
  std::size_t active = 0;
};

// Where a queue's malformed messages go: "<queue>.dead_letter".
std::string dead_letter_queue(std::string_view queue);

class Worker {
 public:
  // Starts the pools (the process pool first, before any thread of the worker).
  Worker(TaskRegistry tasks, WorkerOptions options);
  // stop(), if still running.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Announces the worker (worker-online) and starts consuming.
  void start();
  // Graceful shutdown: stops consuming, puts back reserved messages that have not started (and
  // ETA tasks waiting in memory), waits up to shutdown_timeout for running tasks, says
  // worker-offline. Idempotent.
  void stop();
  // Blocks until stop() is called from another thread or a remote "shutdown" arrives.
  void wait();

  WorkerStats stats() const;
  const std::string& hostname() const noexcept;
  // The pids of the process pool's children (tests kill them).
  std::vector<int> child_pids() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace concur::queue
