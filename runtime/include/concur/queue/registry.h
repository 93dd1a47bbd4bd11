// concur::queue::TaskRegistry: the tasks a worker runs, by name, with typed C++ signatures
// (Celery's @app.task(name=...)).
//
//   int add(int x, int y) { return x + y; }
//   concur::queue::TaskRegistry tasks;
//   tasks.add("tasks.add", add);                                  // runs in a pool process
//   tasks.add("tasks.fetch", fetch, {.run_in_thread = true});     // I/O: on the worker's threads
//   tasks.add("tasks.hello", [](std::string who) { return "hi " + who; });  // any callable: threads
//
// Arguments arrive as JSON and are converted to the parameter types (nlohmann::json's get<T>(),
// so user types with to_json/from_json work); the result goes back as JSON. A plain function whose
// parameters and result are concur::codec-encodable can run in the worker's process pool
// (prefork-like isolation, hard time limits; soft ones as on threads); anything else runs on its
// threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "concur/codec.h"
#include "concur/process_pool.h"
#include "concur/queue/current_task.h"
#include "concur/queue/message.h"

namespace concur::queue {

struct TaskOptions {
  std::optional<bool> acks_late{};  // empty: the worker's default (true)
  int max_retries = 3;            // Retry beyond this fails with MaxRetriesExceededError
  std::chrono::milliseconds retry_backoff{1000};       // first countdown of a Retry without one
  std::chrono::milliseconds retry_backoff_max{600000};  // the countdown doubles up to this
  std::optional<double> time_limit{};       // hard limit, seconds (the message's timelimit wins)
  std::optional<double> soft_time_limit{};  // soft limit, seconds: see current_task.h
  bool run_in_thread = false;  // run on the worker's threads even with a process pool (I/O tasks)
};

class TypeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct RegisteredTask {
  std::string name{};
  TaskOptions options;
  // Runs the task here (thread pool): JSON args and kwargs in, JSON result out; throws the task's
  // exception (or TypeError for arguments that do not fit).
  std::function<Json(const Json& args, const Json& kwargs)> call{};
  // Runs it in `pool` and waits (null when the task cannot cross a process boundary): `timeout`
  // is the hard limit (0: none), `soft_deadline` the soft one, which the child sees (current_task.h).
  std::function<Json(ProcessPool& pool, const Json& args, const Json& kwargs, std::chrono::milliseconds timeout,
                     std::optional<std::chrono::steady_clock::time_point> soft_deadline)>
      call_in_process;
};

namespace detail {

template <class... P>
std::tuple<std::decay_t<P>...> decode_args(const std::string& name, const Json& args, const Json& kwargs) {
  if (!args.is_array()) throw TypeError(name + "() arguments must be a list");
  if (kwargs.is_object() && !kwargs.empty())
    throw TypeError(name + "() got keyword arguments; a C++ task takes positional arguments only");
  if (args.size() != sizeof...(P))
    throw TypeError(name + "() takes " + std::to_string(sizeof...(P)) + " positional arguments but " +
                    std::to_string(args.size()) + " were given");
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    try {
      return std::tuple<std::decay_t<P>...>{args[I].template get<std::decay_t<P>>()...};
    } catch (const nlohmann::json::exception& e) {
      throw TypeError(name + "(): an argument has the wrong type: " + e.what());
    }
  }(std::index_sequence_for<P...>{});
}

template <class R, class F, class Tuple>
Json call_to_json(F& fn, Tuple&& args) {
  if constexpr (std::is_void_v<R>) {
    std::apply(fn, std::forward<Tuple>(args));
    return nullptr;
  } else {
    return Json(std::apply(fn, std::forward<Tuple>(args)));
  }
}

// While a worker thread waits for its process pool call, it must not run other queued tasks of
// its thread pool (concur::Future's helping): those are reserved messages that a graceful
// shutdown puts back, and the process pool bounds the concurrency anyway.
class NoHelping {
 public:
  NoHelping() noexcept : saved_(concur::detail::current_wait_helper()) { concur::detail::set_current_wait_helper(nullptr); }
  ~NoHelping() { concur::detail::set_current_wait_helper(saved_); }
  NoHelping(const NoHelping&) = delete;
  NoHelping& operator=(const NoHelping&) = delete;

 private:
  concur::detail::WaitHelper* saved_;
};

template <class R>
constexpr bool kEncodableResult = std::is_void_v<R> || Encodable<R>;

// The invoker of a task in a process pool child: the soft deadline comes before the arguments, as
// steady_clock ticks (0: none). steady_clock is CLOCK_MONOTONIC, one clock for every process of
// the machine, so the child's check_soft_time_limit() fires when the worker's thread would.
template <class R, class... P>
void invoke_with_soft_deadline(std::uintptr_t fn, Reader& in, Writer& reply) {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (auto ticks = in.get<std::int64_t>(); ticks != 0)
    deadline = std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks));
  SoftDeadlineScope scope(deadline);
  concur::detail::invoke_remote<R, P...>(fn, in, reply);
}

}  // namespace detail

class TaskRegistry {
 public:
  // A plain function: runs in the process pool when its types are encodable.
  template <class R, class... P>
  void add(std::string name, R (*fn)(P...), TaskOptions options = {}) {
    RegisteredTask task{name, options, {}, {}};
    task.call = [fn, name](const Json& args, const Json& kwargs) {
      return detail::call_to_json<R>(fn, detail::decode_args<P...>(name, args, kwargs));
    };
    if constexpr (detail::kEncodableResult<R> && (Encodable<std::decay_t<P>> && ...)) {
      task.call_in_process = [fn, name](ProcessPool& pool, const Json& args, const Json& kwargs, std::chrono::milliseconds timeout,
                                        std::optional<std::chrono::steady_clock::time_point> soft_deadline) -> Json {
        auto decoded = detail::decode_args<P...>(name, args, kwargs);
        auto encode = [&](Writer& frame) {
          frame.put<std::int64_t>(soft_deadline ? soft_deadline->time_since_epoch().count() : 0);
          std::apply([&](const auto&... a) { (codec<std::decay_t<decltype(a)>>::encode(frame, a), ...); }, decoded);
        };
        auto future = pool.submit_with_invoker(concur::TaskOptions{timeout}, &detail::invoke_with_soft_deadline<R, P...>, fn, encode);
        detail::NoHelping no_helping;
        if constexpr (std::is_void_v<R>) {
          future.get();
          return nullptr;
        } else {
          return Json(future.get());
        }
      };
    }
    insert(std::move(task));
  }

  // Any callable (a lambda with captures, a functor): runs on the worker's threads.
  template <class F>
    requires(!std::is_pointer_v<std::decay_t<F>> && requires { &std::decay_t<F>::operator(); })
  void add(std::string name, F fn, TaskOptions options = {}) {
    add_callable(std::move(name), std::function(std::move(fn)), options);
  }

  const RegisteredTask* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  template <class R, class... P>
  void add_callable(std::string name, std::function<R(P...)> fn, TaskOptions options) {
    options.run_in_thread = true;
    RegisteredTask task{name, options, {}, {}};
    task.call = [fn = std::move(fn), name](const Json& args, const Json& kwargs) mutable {
      return detail::call_to_json<R>(fn, detail::decode_args<P...>(name, args, kwargs));
    };
    insert(std::move(task));
  }
  void insert(RegisteredTask task);

  std::map<std::string, RegisteredTask, std::less<>> tasks_;
};

}  // namespace concur::queue
