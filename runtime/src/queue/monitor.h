// The status page's model (private): what concur-queue-monitor shows, built from Celery events
// (PSUBSCRIBE /{db}.celeryev/*) and from polling the broker's queues.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "concur/queue/broker_url.h"
#include "concur/queue/message.h"

namespace concur::queue::detail {

class MonitorModel {
 public:
  explicit MonitorModel(BrokerUrl url);
  ~MonitorModel();
  MonitorModel(const MonitorModel&) = delete;
  MonitorModel& operator=(const MonitorModel&) = delete;

  // Workers, queues, task counts by state, recent tasks, per-second rates and run times.
  Json snapshot() const;
  // Applies one Celery event (also used by the listener thread).
  void apply(const Json& event);

 private:
  void listen();
  void poll();

  struct WorkerInfo {
    double last_seen = 0;
    Json info = Json::object();
    bool offline = false;
  };
  struct TaskInfo {
    std::string name, state, worker;
    double received = 0, updated = 0, runtime = -1;
    std::string detail;
  };
  struct Second {
    long long at = 0;
    int received = 0, succeeded = 0, failed = 0;
    double runtime_sum = 0;
  };

  BrokerUrl url_;
  mutable std::mutex mutex_;
  std::map<std::string, WorkerInfo> workers_;
  std::map<std::string, TaskInfo> tasks_;
  std::deque<std::string> order_;  // task ids, oldest first (bounded)
  std::map<std::string, long long> totals_;  // by state
  std::deque<Second> seconds_;               // the last 120 s
  Json queues_ = Json::array();
  long long unacked_ = 0;
  bool broker_ok_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<int> listen_fd_{-1};
  std::thread listener_, poller_;
};

}  // namespace concur::queue::detail
