// concur::queue::AsyncResult<T>: the result of a task sent to the queue (celery.result.AsyncResult),
// read from the Redis result backend (`celery-task-meta-<id>`).
//
//   concur::queue::AsyncResult<int> r = client.delay(add, 2, 3);
//   int five = r.get(std::chrono::seconds(10));   // waits (subscribed to the result's channel)
//
// get() returns the value, or throws what the task threw (TaskFailed: type, message, traceback),
// TaskRevoked, or concur::TimeoutError if the timeout passes first (the task goes on).
// A result may outlive the Client that made it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "concur/queue/message.h"
#include "concur/queue/state.h"

namespace concur::queue {

namespace detail {
class ClientCore;
// The raw side of a result: waits for and reads `celery-task-meta-<id>`.
Json wait_result(ClientCore& core, const std::string& id, std::chrono::milliseconds timeout);
Json read_meta(ClientCore& core, const std::string& id);  // {"status": "PENDING"} when absent
void forget_result(ClientCore& core, const std::string& id);
// The value of a ready meta document; throws the task's failure.
Json value_of(const Json& meta, const std::string& id);
std::vector<Json> wait_results(ClientCore& core, const std::vector<std::string>& ids, std::chrono::milliseconds timeout);
}  // namespace detail

inline constexpr std::chrono::milliseconds kForever{0};

template <class T = Json>
class AsyncResult {
 public:
  AsyncResult(std::shared_ptr<detail::ClientCore> core, std::string id) : core_(std::move(core)), id_(std::move(id)) {}

  const std::string& id() const noexcept { return id_; }
  // Waits up to `timeout` (kForever: no limit).
  T get(std::chrono::milliseconds timeout = kForever) const {
    Json value = detail::value_of(detail::wait_result(*core_, id_, timeout), id_);
    if constexpr (std::is_void_v<T>) {
      return;
    } else {
      return value.get<T>();
    }
  }
  State state() const { return state_from_string(meta().value("status", "PENDING")); }
  bool ready() const { return is_ready(state()); }
  bool successful() const { return state() == State::success; }
  bool failed() const { return state() == State::failure; }
  // The whole document (status, result, traceback, date_done, ...).
  Json meta() const { return detail::read_meta(*core_, id_); }
  // Deletes the stored result.
  void forget() const { detail::forget_result(*core_, id_); }
  // The same task, read as another type.
  template <class U>
  AsyncResult<U> as() const {
    return AsyncResult<U>(core_, id_);
  }

 private:
  std::shared_ptr<detail::ClientCore> core_;
  std::string id_;
};

// The results of a group, in the order the tasks were given (celery.result.GroupResult).
template <class T = Json>
class GroupResult {
 public:
  GroupResult(std::shared_ptr<detail::ClientCore> core, std::string id, std::vector<AsyncResult<T>> results)
      : core_(std::move(core)), id_(std::move(id)), results_(std::move(results)) {}
  const std::string& id() const noexcept { return id_; }
  const std::vector<AsyncResult<T>>& results() const noexcept { return results_; }
  std::size_t size() const noexcept { return results_.size(); }
  // Every value, waiting for all (polls the backend with one MGET per round). Throws the first
  // failure in order, like GroupResult.get().
  std::vector<T> get(std::chrono::milliseconds timeout = kForever) const {
    std::vector<std::string> ids;
    for (const auto& r : results_) ids.push_back(r.id());
    std::vector<Json> metas = detail::wait_results(*core_, ids, timeout);
    std::vector<T> values;
    values.reserve(metas.size());
    for (std::size_t i = 0; i < metas.size(); ++i) values.push_back(detail::value_of(metas[i], ids[i]).template get<T>());
    return values;
  }
  std::size_t completed_count() const {
    std::size_t n = 0;
    for (const auto& r : results_) n += r.successful();
    return n;
  }

 private:
  std::shared_ptr<detail::ClientCore> core_;
  std::string id_;
  std::vector<AsyncResult<T>> results_;
};

}  // namespace concur::queue
