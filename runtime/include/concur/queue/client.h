// concur::queue::Client: sends tasks to Celery workers (C++ or Python) through Redis, and reads
// their results (a Celery app used as a producer).
//
//   concur::queue::Client client("redis://127.0.0.1:6379/0");
//   concur::queue::TaskRef<int(int, int)> add{"tasks.add"};
//   int five = client.delay(add, 2, 3).get(std::chrono::seconds(10));
//   auto r = client.send_task("tasks.fail", "boom");            // untyped: AsyncResult<Json>
//   auto later = client.apply_async(add.s(2, 3), {.countdown = std::chrono::seconds(5)});
//   auto last = client.chain({add.s(1, 2), add.s(10)});        // (1 + 2) + 10
//   auto all = client.group({add.s(1, 1), add.s(2, 2)}).get();  // {2, 4}
//
// Thread-safe. A lost connection is retried with backoff (RetryPolicy) before a call fails with
// BrokerUnavailable; a message is either on the queue or the call threw, never silently dropped.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "concur/queue/result.h"
#include "concur/queue/retry_policy.h"
#include "concur/queue/signature.h"

namespace concur::queue {

struct ClientOptions {
  std::string default_queue = "celery";
  RetryPolicy retry;
  std::string origin{};  // headers.origin; empty: "concur@<hostname>"
};

// A typed name for a task: TaskRef<int(int, int)> add{"tasks.add"}; add.s(2, 3) is its signature.
template <class Sig>
struct TaskRef;
// s(args...) may be partial (the first arguments): in a chain or a chord's body, the previous
// result comes first.
template <class R, class... P>
struct TaskRef<R(P...)> {
  std::string name{};
  template <class... A>
    requires(sizeof...(A) <= sizeof...(P))
  Signature s(A&&... args) const {
    return signature(name, std::forward<A>(args)...);
  }
  template <class... A>
    requires(sizeof...(A) <= sizeof...(P))
  Signature si(A&&... args) const {
    return signature(name, std::forward<A>(args)...).immutable();
  }
};

class Client {
 public:
  explicit Client(std::string_view broker_url, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) noexcept = default;
  Client& operator=(Client&&) noexcept = default;

  // task.delay(args...): the typed form.
  template <class R, class... P, class... A>
  AsyncResult<R> delay(const TaskRef<R(P...)>& task, A&&... args) {
    static_assert(sizeof...(P) == sizeof...(A), "wrong number of arguments");
    return AsyncResult<R>(core_, send(signature(task.name, P(std::forward<A>(args))...)));
  }
  // app.send_task(name, args): untyped.
  template <class R = Json, class... A>
  AsyncResult<R> send_task(std::string name, A&&... args) {
    return AsyncResult<R>(core_, send(signature(std::move(name), std::forward<A>(args)...)));
  }
  // sig.apply_async(options): options given here override the signature's.
  template <class R = Json>
  AsyncResult<R> apply_async(Signature sig, const SendOptions& options) {
    sig.options = options;
    return AsyncResult<R>(core_, send(sig));
  }
  template <class R = Json>
  AsyncResult<R> apply_async(const Signature& sig) {
    return AsyncResult<R>(core_, send(sig));
  }
  // chain(a, b, c): each result is prepended to the next task's arguments (unless it is
  // immutable); the result is the last task's. Runs on any Celery worker.
  template <class R = Json>
  AsyncResult<R> chain(std::vector<Signature> steps) {
    return AsyncResult<R>(core_, send_chain(std::move(steps)));
  }
  // group(a, b, c): sent at once, results in order.
  template <class R = Json>
  GroupResult<R> group(const std::vector<Signature>& tasks) {
    auto [group_id, ids] = send_group(tasks);
    std::vector<AsyncResult<R>> results;
    for (auto& id : ids) results.emplace_back(core_, std::move(id));
    return GroupResult<R>(core_, std::move(group_id), std::move(results));
  }
  // chord(header, body): the header runs as a group; when every part is done, body runs with the
  // list of their results prepended to its arguments (Celery's chord on the Redis backend's native
  // join: any worker, C++ or Python, completes it). A failed part fails the body (ChordError).
  template <class R = Json>
  AsyncResult<R> chord(const std::vector<Signature>& header, Signature body) {
    return AsyncResult<R>(core_, send_chord(header, std::move(body)));
  }
  // Many messages in one round trip (the benchmark's enqueue); returns their ids.
  std::vector<std::string> send_many(const std::vector<Signature>& tasks);

  // app.control.revoke(id): every worker (C++ or Python) drops the task if it has not started.
  void revoke(const std::string& task_id);
  // app.control.ping(): the replies ({"<worker>": {"ok": "pong"}}) that arrive within `timeout`.
  std::vector<Json> ping(std::chrono::milliseconds timeout = std::chrono::seconds(1));
  // Messages waiting on a queue (every priority level).
  std::size_t queue_length(std::string_view queue = {});
  // Results by id, waited for together (GroupResult::get polls them with MGET).
  template <class R = Json>
  GroupResult<R> results(const std::vector<std::string>& ids) const {
    std::vector<AsyncResult<R>> each;
    each.reserve(ids.size());
    for (const auto& id : ids) each.emplace_back(core_, id);
    return GroupResult<R>(core_, std::string(), std::move(each));
  }
  // A result by id (e.g. one sent by another program).
  template <class R = Json>
  AsyncResult<R> result(std::string id) const {
    return AsyncResult<R>(core_, std::move(id));
  }

 private:
  std::string send(const Signature& sig);
  std::string send_chain(std::vector<Signature> steps);
  std::pair<std::string, std::vector<std::string>> send_group(const std::vector<Signature>& tasks);
  std::string send_chord(const std::vector<Signature>& header, Signature body);

  std::shared_ptr<detail::ClientCore> core_;
};

}  // namespace concur::queue
