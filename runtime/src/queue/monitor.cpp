// concur-queue-monitor's model: Celery events and queue lengths.
#include "monitor.h"

#include <sys/socket.h>

#include <chrono>
#include <cmath>
#include <set>

#include "encoding.h"
#include "redis.h"

namespace concur::queue::detail {

namespace {
constexpr std::size_t kRecentTasks = 500;
constexpr std::size_t kSeconds = 120;
}  // namespace

MonitorModel::MonitorModel(BrokerUrl url) : url_(std::move(url)) {
  listener_ = std::thread([this] { listen(); });
  poller_ = std::thread([this] { poll(); });
}

MonitorModel::~MonitorModel() {
  stopping_ = true;
  int fd = listen_fd_.load();
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
  listener_.join();
  poller_.join();
}

void MonitorModel::listen() {
  RedisConnection c(url_, RetryPolicy{std::chrono::milliseconds(100), std::chrono::milliseconds(2000), std::chrono::milliseconds(0)});
  while (!stopping_) {
    try {
      c.ensure_connected();
      c.send({"PSUBSCRIBE", fanout_channel(url_.db, "celeryev") + "/*"});
      listen_fd_ = c.fd();
      while (!stopping_) {
        Reply reply = c.read_reply(std::chrono::milliseconds(0));
        if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 4) continue;
        try {
          Json body = kombu_body(reply_string(reply->element[3]));
          if (body.is_array()) {
            for (const auto& event : body) apply(event);  // task.multi
          } else {
            apply(body);
          }
        } catch (const std::exception&) {
        }
      }
    } catch (const std::exception&) {
      listen_fd_ = -1;
      c.disconnect();
      if (!stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

void MonitorModel::apply(const Json& event) {
  if (!event.is_object()) return;
  std::string type = event.value("type", "");
  std::string host = event.value("hostname", "");
  double ts = event.value("timestamp", unix_now());
  std::lock_guard lock(mutex_);
  if (type.rfind("worker-", 0) == 0) {
    WorkerInfo& w = workers_[host];
    w.last_seen = ts;
    w.offline = type == "worker-offline";
    for (const char* key : {"active", "processed", "loadavg", "sw_ident", "sw_ver", "freq", "pid"})
      if (event.contains(key)) w.info[key] = event[key];
    return;
  }
  if (type.rfind("task-", 0) != 0) return;
  std::string id = event.value("uuid", "");
  if (id.empty()) return;
  if (!host.empty()) {
    WorkerInfo& w = workers_[host];
    w.last_seen = std::max(w.last_seen, ts);
    w.offline = false;
  }
  auto [it, inserted] = tasks_.try_emplace(id);
  TaskInfo& t = it->second;
  if (inserted) {
    order_.push_back(id);
    while (order_.size() > kRecentTasks) {
      tasks_.erase(order_.front());
      order_.pop_front();
    }
  }
  std::string state = type.substr(5);
  for (auto& c : state) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (state == "SUCCEEDED") state = "SUCCESS";
  if (state == "FAILED") state = "FAILURE";
  if (state == "RETRIED") state = "RETRY";
  if (event.contains("name") && event["name"].is_string()) t.name = event["name"];
  t.state = state;
  t.worker = host;
  t.updated = ts;
  if (state == "RECEIVED") t.received = ts;
  if (event.contains("runtime") && event["runtime"].is_number()) t.runtime = event["runtime"];
  if (event.contains("exception") && event["exception"].is_string()) t.detail = event["exception"];
  if (event.contains("result") && event["result"].is_string()) t.detail = event["result"].get<std::string>().substr(0, 80);
  ++totals_[state];
  auto second = static_cast<long long>(std::floor(ts));
  if (seconds_.empty() || seconds_.back().at < second) {
    seconds_.push_back(Second{second});
    while (seconds_.size() > kSeconds) seconds_.pop_front();
  }
  Second* s = &seconds_.back();
  for (auto& each : seconds_)
    if (each.at == second) s = &each;
  if (state == "RECEIVED") ++s->received;
  if (state == "SUCCESS") {
    ++s->succeeded;
    if (t.runtime >= 0) s->runtime_sum += t.runtime;
  }
  if (state == "FAILURE") ++s->failed;
}

void MonitorModel::poll() {
  RedisConnection c(url_, RetryPolicy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000), std::chrono::milliseconds(1000)});
  while (!stopping_) {
    try {
      std::set<std::string> names;
      std::string cursor = "0";
      do {
        Reply reply = c.run({"SCAN", cursor, "MATCH", "_kombu.binding.*", "COUNT", "1000"});
        cursor = reply_string(reply->element[0]);
        for (std::size_t i = 0; i < reply->element[1]->elements; ++i) {
          std::string key = reply_string(reply->element[1]->element[i]);
          std::string exchange = key.substr(std::string("_kombu.binding.").size());
          if (exchange == "celeryev" || exchange.find("pidbox") != std::string::npos) continue;
          Reply members = c.run({"SMEMBERS", key});
          for (std::size_t m = 0; m < members->elements; ++m) {
            std::string b = reply_string(members->element[m]);
            auto second = b.rfind(kSep);
            if (second != std::string::npos) names.insert(b.substr(second + kSep.size()));
          }
        }
      } while (cursor != "0");
      Json queues = Json::array();
      for (const auto& name : names) {
        std::vector<Command> commands;
        for (int step : kPrioritySteps) commands.push_back({"LLEN", queue_for_priority(name, step)});
        commands.push_back({"LLEN", name + ".dead_letter"});
        auto replies = c.pipeline(commands);
        long long waiting = 0;
        for (std::size_t i = 0; i + 1 < replies.size(); ++i) waiting += replies[i]->integer;
        queues.push_back({{"name", name}, {"waiting", waiting}, {"dead_letter", replies.back()->integer}});
      }
      long long unacked = c.run({"HLEN", "unacked"})->integer;
      std::lock_guard lock(mutex_);
      queues_ = std::move(queues);
      unacked_ = unacked;
      broker_ok_ = true;
    } catch (const std::exception&) {
      std::lock_guard lock(mutex_);
      broker_ok_ = false;
    }
    for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Json MonitorModel::snapshot() const {
  double now = unix_now();
  std::lock_guard lock(mutex_);
  Json workers = Json::array();
  for (const auto& [host, w] : workers_) {
    bool online = !w.offline && now - w.last_seen < 10;
    Json entry = w.info;
    entry["hostname"] = host;
    entry["status"] = online ? "online" : "offline";
    entry["last_seen"] = now - w.last_seen;
    workers.push_back(std::move(entry));
  }
  Json recent = Json::array();
  for (auto it = order_.rbegin(); it != order_.rend() && recent.size() < 30; ++it) {
    const TaskInfo& t = tasks_.at(*it);
    recent.push_back({{"id", *it}, {"name", t.name}, {"state", t.state}, {"worker", t.worker},
                      {"runtime", t.runtime}, {"detail", t.detail}, {"updated", t.updated}});
  }
  Json by_state = Json::object();
  for (const auto& [id, t] : tasks_) by_state[t.state] = by_state.value(t.state, 0) + 1;
  Json rates = Json::array();
  auto last = static_cast<long long>(std::floor(now));
  for (long long at = last - 59; at <= last; ++at) {
    Json point = {{"t", at}, {"received", 0}, {"succeeded", 0}, {"failed", 0}, {"runtime", nullptr}};
    for (const auto& s : seconds_)
      if (s.at == at) {
        point["received"] = s.received;
        point["succeeded"] = s.succeeded;
        point["failed"] = s.failed;
        if (s.succeeded) point["runtime"] = s.runtime_sum / s.succeeded;
      }
    rates.push_back(point);
  }
  return {{"broker", url_.redacted()}, {"broker_ok", broker_ok_}, {"time", now},        {"workers", workers},
          {"queues", queues_},         {"unacked", unacked_},      {"events", totals_}, {"tasks_by_state", by_state},
          {"recent", recent},          {"rates", rates}};
}

}  // namespace concur::queue::detail
