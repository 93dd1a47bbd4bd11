#include "events.h"

#include <unistd.h>

#include <cstdlib>

#include "encoding.h"

namespace concur::queue::detail {

EventPublisher::EventPublisher(BrokerUrl url, std::string hostname, RetryPolicy retry, RedisConnection::Log log, bool enabled,
                               double heartbeat_seconds)
    : url_(std::move(url)),
      hostname_(std::move(hostname)),
      log_(std::move(log)),
      enabled_(enabled),
      freq_(heartbeat_seconds),
      // Events are best effort (as Celery's): a short retry, then the event is dropped.
      connection_(url_, RetryPolicy{retry.first_delay, retry.max_delay, std::chrono::milliseconds(1000)}) {}

std::string EventPublisher::routing_key(const std::string& type) {
  std::string key = type;
  for (char& c : key)
    if (c == '-') c = '.';
  return key;
}

std::uint64_t EventPublisher::clock() {
  std::lock_guard lock(mutex_);
  return clock_;
}

void EventPublisher::worker(const std::string& type, std::size_t active, std::uint64_t processed) {
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  Json event = {{"freq", freq_},
                {"active", active},
                {"processed", processed},
                {"loadavg", {load[0], load[1], load[2]}},
                {"sw_ident", "concur-queue"},
                {"sw_ver", "0.1.0"},
                {"sw_sys", "Linux"}};
  publish(type, std::move(event));
}

void EventPublisher::task(const std::string& type, const std::string& task_id, Json fields) {
  fields["uuid"] = task_id;
  publish(type, std::move(fields));
}

void EventPublisher::publish(const std::string& type, Json event) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  event["hostname"] = hostname_;
  event["utcoffset"] = 0;
  event["pid"] = static_cast<int>(getpid());
  event["clock"] = ++clock_;
  event["timestamp"] = unix_now();
  event["type"] = type;
  std::string key = routing_key(type);
  std::string message = kombu_envelope(event, {{"hostname", hostname_}}, "celeryev", key, 1);
  try {
    connection_.run({"PUBLISH", fanout_channel(url_.db, "celeryev", key), message});
    warned_ = false;
  } catch (const std::exception& e) {
    if (!warned_ && log_) log_(std::string("events: dropped ") + type + ": " + e.what());
    warned_ = true;
  }
}

}  // namespace concur::queue::detail
