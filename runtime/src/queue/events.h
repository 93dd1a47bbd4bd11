// Celery events from a C++ worker (private): what `celery events` and Flower read.
// Published as kombu fanout messages: PUBLISH /{db}.celeryev/<type with dots> <envelope>.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "concur/queue/message.h"
#include "redis.h"

namespace concur::queue::detail {

class EventPublisher {
 public:
  EventPublisher(BrokerUrl url, std::string hostname, RetryPolicy retry, RedisConnection::Log log, bool enabled,
                 double heartbeat_seconds);
  // worker-online, worker-heartbeat, worker-offline
  void worker(const std::string& type, std::size_t active, std::uint64_t processed);
  // task-received, task-started, task-succeeded, task-failed, task-retried, task-revoked
  void task(const std::string& type, const std::string& task_id, Json fields);
  // The Lamport clock's current value (`inspect stats` reports it).
  std::uint64_t clock();
  // The event's envelope (for tests and the monitor).
  static std::string routing_key(const std::string& type);

 private:
  void publish(const std::string& type, Json event);

  BrokerUrl url_;
  std::string hostname_;
  RedisConnection::Log log_;
  bool enabled_;
  double freq_;  // the heartbeat interval, which Celery's tools use to tell a worker is gone
  std::mutex mutex_;
  RedisConnection connection_;  // guarded by mutex_
  std::uint64_t clock_ = 0;     // Lamport clock, guarded by mutex_
  bool warned_ = false;
};

}  // namespace concur::queue::detail
