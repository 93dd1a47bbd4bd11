// concur::ProcessPool: concurrent.futures.ProcessPoolExecutor for C++, with a pool that survives
// its workers dying.
//
//   int square(int x) { return x * x; }
//   concur::ProcessPool pool;                        // hardware_concurrency() worker processes
//   concur::Future<int> f = pool.submit(square, 7);  // runs in a worker; f.get() == 49
//   std::vector<int> v = pool.map(square, numbers, {.chunksize = 1000});
//
// The constructor starts a fork server, a fresh single-threaded start of this executable that
// stops before main(); every worker (and every replacement) is forked from that server, never from
// the caller's process, whose other threads may hold locks at the moment of a fork. Tasks are
// plain functions (passed by pointer, or registered by name); arguments and results travel
// through concur::codec.
// A worker that dies is noticed at once (its socket hangs up), its task fails with WorkerDied, and
// a new worker takes its place.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <typeinfo>
#include <type_traits>
#include <utility>
#include <vector>

#include "concur/codec.h"
#include "concur/errors.h"
#include "concur/future.h"
#include "concur/map_options.h"

namespace concur {

// Where the fork server's memory, and so every worker's, comes from.
enum class ServerImage {
  // The default. The fork server is a new start of this program's executable (/proc/self/exe)
  // that stops before main(), in a start-up hook of this library: it holds only what static
  // initialization built, so no lock held by another thread of the caller, and no state that
  // main() set up, reaches the workers (Python's "forkserver"). Task functions must live in the
  // executable or in a library loaded at start-up. If the executable does not run the hook (the
  // runtime lives in a library the program dlopen()s), the pool falls back to fork_of_caller;
  // ProcessPool::server_image() tells which one is in use.
  fresh,
  // The fork server is a fork of the caller made by the constructor: workers see the caller's
  // memory as it was at that moment (data loaded before the pool was created), but also every lock
  // another thread held then. Create such a pool before starting threads.
  fork_of_caller,
};

struct ProcessPoolOptions {
  std::size_t workers = 0;              // 0: std::thread::hardware_concurrency()
  std::size_t max_tasks_per_child = 0;  // 0: unlimited; else a worker is replaced after this many tasks
  std::chrono::milliseconds task_timeout{0};  // 0: none; else a task (or map chunk) running longer
                                              // fails with TaskTimeout and its worker is replaced
  ServerImage server_image = ServerImage::fresh;
};

struct TaskOptions {
  std::chrono::milliseconds timeout{0};  // 0: the pool's task_timeout
};

namespace detail {

// Runs a task inside a worker: decodes the arguments from `args`, calls the function at address
// `fn`, and writes the reply (status byte, then the value or the exception's type and message).
using RemoteInvoker = void (*)(std::uintptr_t fn, Reader& args, Writer& reply);

enum : std::uint8_t { kReplyValue = 0, kReplyError = 1 };

// Writes the reply for the exception being handled (defined in process_pool.cpp).
void write_error_reply(Writer& reply) noexcept;
RemoteError read_error_reply(Reader& reply);

template <class T, class A>
void encode_as(Writer& out, A&& arg) {
  if constexpr (std::is_same_v<std::decay_t<A>, T>) {
    codec<T>::encode(out, arg);
  } else {
    codec<T>::encode(out, T(std::forward<A>(arg)));
  }
}

template <class R, class... P>
void invoke_remote(std::uintptr_t fn, Reader& args, Writer& reply) {
  try {
    auto function = reinterpret_cast<R (*)(P...)>(fn);
    std::tuple<std::decay_t<P>...> decoded{codec<std::decay_t<P>>::decode(args)...};
    if constexpr (std::is_void_v<R>) {
      std::apply(function, std::move(decoded));
      reply.put<std::uint8_t>(kReplyValue);
    } else {
      R result = std::apply(function, std::move(decoded));
      Writer value;
      value.put<std::uint8_t>(kReplyValue);
      codec<R>::encode(value, result);
      reply.write(value.bytes().data(), value.size());
    }
  } catch (...) {
    write_error_reply(reply);
  }
}

// One map chunk: a count, then that many encoded items; the reply has one status+value per item.
template <class R, class P>
void invoke_remote_chunk(std::uintptr_t fn, Reader& args, Writer& reply) {
  auto function = reinterpret_cast<R (*)(P)>(fn);
  std::size_t count = 0;
  try {
    count = args.get_size();
  } catch (...) {
    return;  // malformed request: an empty reply makes the caller report a codec error
  }
  for (std::size_t i = 0; i < count; ++i) {
    try {
      R result = function(codec<std::decay_t<P>>::decode(args));
      Writer value;
      value.put<std::uint8_t>(kReplyValue);
      codec<R>::encode(value, result);
      reply.write(value.bytes().data(), value.size());
    } catch (...) {
      write_error_reply(reply);
    }
  }
}

// The pool side of one request: started when sent, then completed by the worker's reply, or
// failed (worker died, timeout, broken pool), or abandoned (cancelled before it was sent).
class RemoteSink {
 public:
  virtual bool try_start() noexcept = 0;
  virtual void complete(Reader& reply) noexcept = 0;
  virtual void fail(std::exception_ptr error) noexcept = 0;
  virtual void abandon() noexcept = 0;

 protected:
  ~RemoteSink() = default;
};

struct RemoteRequest {
  std::string frame;  // length-prefixed, ready to write to a worker
  std::shared_ptr<RemoteSink> sink;
  std::chrono::milliseconds timeout{0};
  // May be sent to a worker that is still busy, to wait in its socket (map chunks). Not submit():
  // a request that has been sent can no longer be cancelled.
  bool pipelinable = false;
};

// Lets a thread that waits for a ProcessPool call wait at its worker's socket and complete the
// call itself (implemented by the pool's core).
class RemoteDriver {
 public:
  // Returns when `call` is final, the deadline passed, or waiting at the socket is not possible
  // (the call is not running yet, or its worker died); the caller then waits as usual.
  virtual void drive(const RemoteSink& call, const std::chrono::steady_clock::time_point* deadline) noexcept = 0;

 protected:
  ~RemoteDriver() = default;
};

template <class R>
class RemoteCall final : public SharedState<R>, public RemoteSink {
 public:
  // Weak: a future may outlive its pool (it is final by then, and nothing is driven).
  explicit RemoteCall(std::weak_ptr<RemoteDriver> driver) noexcept : driver_(std::move(driver)) {}
  bool try_start() noexcept override { return this->StateBase::try_start(); }
  void abandon() noexcept override { this->try_cancel(); }
  void fail(std::exception_ptr error) noexcept override { this->set_exception(std::move(error)); }
  void complete(Reader& reply) noexcept override {
    std::exception_ptr error;
    try {
      if (reply.get<std::uint8_t>() == kReplyError) {
        error = std::make_exception_ptr(read_error_reply(reply));
      } else if constexpr (std::is_void_v<R>) {
        this->set_value();
        return;
      } else {
        this->set_value(codec<R>::decode(reply));
        return;
      }
    } catch (...) {
      error = std::current_exception();
    }
    this->set_exception(std::move(error));  // outside the handler, as in PackagedTask::run
  }

 private:
  void wait_at_source(const std::chrono::steady_clock::time_point* deadline) const noexcept override {
    if (std::shared_ptr<RemoteDriver> driver = driver_.lock()) driver->drive(*this, deadline);
  }

  std::weak_ptr<RemoteDriver> driver_;
};

// The shared bookkeeping of one ProcessPool::map call. Every completion, failure or abandonment
// of a chunk happens with the pool's mutex held, so the slots and counters need no lock of their
// own; `done` publishes them to the caller.
template <class R>
struct MapBatch {
  explicit MapBatch(std::size_t items, std::size_t chunks) : slots(items), remaining_chunks(chunks) {}
  std::vector<std::optional<R>> slots;
  std::size_t remaining_chunks;
  std::size_t first_error_index = SIZE_MAX;
  std::exception_ptr first_error;
  std::shared_ptr<SharedState<void>> done = std::make_shared<SharedState<void>>();

  void record_error(std::size_t index, std::exception_ptr error) {
    if (index < first_error_index) {
      first_error_index = index;
      first_error = std::move(error);
    }
  }
  void chunk_finished() {
    if (--remaining_chunks == 0) done->set_value();
  }
};

template <class R>
class RemoteChunk final : public RemoteSink {
 public:
  RemoteChunk(std::shared_ptr<MapBatch<R>> batch, std::size_t first, std::size_t count)
      : batch_(std::move(batch)), first_(first), count_(count) {}
  bool try_start() noexcept override { return true; }
  void abandon() noexcept override { fail(std::make_exception_ptr(CancelledError())); }
  void fail(std::exception_ptr error) noexcept override {
    batch_->record_error(first_, std::move(error));
    batch_->chunk_finished();
  }
  void complete(Reader& reply) noexcept override {
    std::size_t i = 0;
    try {
      for (; i < count_; ++i) {
        if (reply.get<std::uint8_t>() == kReplyError) {
          batch_->record_error(first_ + i, std::make_exception_ptr(read_error_reply(reply)));
        } else {
          batch_->slots[first_ + i].emplace(codec<R>::decode(reply));
        }
      }
    } catch (...) {
      batch_->record_error(first_ + i, std::current_exception());
    }
    batch_->chunk_finished();
  }

 private:
  std::shared_ptr<MapBatch<R>> batch_;
  std::size_t first_;
  std::size_t count_;
};

// Starts a request frame: length placeholder, invoker, function.
Writer begin_frame(RemoteInvoker invoker, std::uintptr_t fn);
std::string finish_frame(Writer frame);

class ProcessPoolCore;

}  // namespace detail

class ProcessPool {
 public:
  explicit ProcessPool(std::size_t workers = 0) : ProcessPool(ProcessPoolOptions{.workers = workers}) {}
  explicit ProcessPool(ProcessPoolOptions options);
  // Waits for submitted tasks, stops the workers and the fork server, and reaps them all.
  ~ProcessPool();
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;

  // Runs fn(args...) in a worker process. Arguments are converted to fn's parameter types and
  // encoded with concur::codec; so is the result.
  template <class R, class... P, class... A>
  [[nodiscard]] Future<R> submit(R (*fn)(P...), A&&... args) {
    return submit(TaskOptions{}, fn, std::forward<A>(args)...);
  }

  template <class R, class... P, class... A>
  [[nodiscard]] Future<R> submit(const TaskOptions& options, R (*fn)(P...), A&&... args) {
    static_assert(sizeof...(P) == sizeof...(A), "wrong number of arguments");
    Writer frame = detail::begin_frame(&detail::invoke_remote<R, P...>, reinterpret_cast<std::uintptr_t>(fn));
    (detail::encode_as<std::decay_t<P>>(frame, std::forward<A>(args)), ...);
    return send_call<R>(detail::finish_frame(std::move(frame)), options);
  }

  // submit() through an invoker of the caller's, for a library that sets something up in the
  // worker around the call (concur::queue gives the task its soft time limit there): `invoker`
  // runs in the worker with fn's address and what `encode(Writer&)` wrote, and must write a
  // reply as detail::invoke_remote<R, P...> does (typically it reads its own prefix and then calls
  // that). The invoker, like fn, must be a function of the executable or of a library loaded at
  // start-up.
  template <class R, class... P, class Encode>
  [[nodiscard]] Future<R> submit_with_invoker(const TaskOptions& options, detail::RemoteInvoker invoker, R (*fn)(P...),
                                              Encode&& encode) {
    Writer frame = detail::begin_frame(invoker, reinterpret_cast<std::uintptr_t>(fn));
    std::forward<Encode>(encode)(frame);
    return send_call<R>(detail::finish_frame(std::move(frame)), options);
  }

  // Registers fn under `name` for submit_named. Registration is per pool.
  template <class R, class... P>
  void register_task(std::string name, R (*fn)(P...)) {
    std::lock_guard lock(registry_mutex_);
    registry_.insert_or_assign(std::move(name),
                               NamedTask{&detail::invoke_remote<R, P...>,
                                         reinterpret_cast<std::uintptr_t>(fn), &typeid(R(std::decay_t<P>...))});
  }

  // Runs the function registered as `name`. R and the argument types must match its signature
  // (after decay); otherwise std::invalid_argument is thrown here, before anything is sent.
  template <class R, class... A>
  [[nodiscard]] Future<R> submit_named(std::string_view name, A&&... args) {
    NamedTask task = lookup(name, typeid(R(std::decay_t<A>...)));
    Writer frame = detail::begin_frame(task.invoker, task.fn);
    (codec<std::decay_t<A>>::encode(frame, args), ...);
    return send_call<R>(detail::finish_frame(std::move(frame)), TaskOptions{});
  }

  // fn applied to every item in worker processes, results in input order. Items travel in chunks
  // of options.chunksize (one message and one reply per chunk). Every item is settled (value,
  // exception, or the failure of its chunk: WorkerDied, TaskTimeout); then the failure of the
  // lowest failing index is thrown.
  template <class R, class P, std::ranges::input_range Range>
  std::vector<R> map(R (*fn)(P), Range&& items, MapOptions options = {}) {
    static_assert(!std::is_void_v<R>, "map needs a function that returns a value");
    using Item = std::decay_t<P>;
    std::vector<std::string> frames;
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // first item, count
    const std::size_t chunksize = options.chunksize ? options.chunksize : 1;
    std::size_t index = 0;
    std::optional<Writer> frame;
    std::size_t in_frame = 0;
    std::size_t count_offset = 0;
    auto close_frame = [&] {
      // The count was written as a placeholder; patch it now that the chunk is complete.
      std::uint64_t count = in_frame;
      std::string bytes = detail::finish_frame(std::move(*frame));
      std::memcpy(bytes.data() + count_offset, &count, sizeof count);
      frames.push_back(std::move(bytes));
      spans.emplace_back(index - in_frame, in_frame);
      frame.reset();
      in_frame = 0;
    };
    for (auto&& item : items) {
      if (!frame) {
        frame.emplace(detail::begin_frame(&detail::invoke_remote_chunk<R, P>, reinterpret_cast<std::uintptr_t>(fn)));
        count_offset = frame->size();
        frame->put_size(0);
      }
      detail::encode_as<Item>(*frame, std::forward<decltype(item)>(item));
      ++index;
      if (++in_frame == chunksize) close_frame();
    }
    if (frame) close_frame();
    auto batch = std::make_shared<detail::MapBatch<R>>(index, frames.size());
    if (index == 0) return {};
    std::vector<detail::RemoteRequest> requests;
    requests.reserve(frames.size());
    for (std::size_t c = 0; c < frames.size(); ++c)
      requests.push_back({std::move(frames[c]), std::make_shared<detail::RemoteChunk<R>>(batch, spans[c].first, spans[c].second),
                          std::chrono::milliseconds(0), true});
    send_batch(std::move(requests));
    batch->done->wait();
    // Moved out so the exception is released on this thread (see StateBase::take_exception).
    if (batch->first_error) std::rethrow_exception(std::exchange(batch->first_error, nullptr));
    std::vector<R> results;
    results.reserve(index);
    for (auto& slot : batch->slots) results.push_back(std::move(*slot));
    return results;
  }

  // As ThreadPool::shutdown: stop accepting, optionally cancel queued tasks, optionally wait.
  // The destructor always waits for the tasks still running.
  void shutdown(bool wait = true, bool cancel_pending = false);

  std::size_t worker_count() const noexcept;
  // Current worker pids (for monitoring and for tests that kill workers).
  std::vector<pid_t> worker_pids() const;
  pid_t fork_server_pid() const noexcept;
  // The kind of fork server in use: the one asked for, or fork_of_caller after a fallback.
  ServerImage server_image() const noexcept;

 private:
  struct NamedTask {
    detail::RemoteInvoker invoker;
    std::uintptr_t fn;
    const std::type_info* signature;
  };
  NamedTask lookup(std::string_view name, const std::type_info& signature) const;

  template <class R>
  Future<R> send_call(std::string frame, const TaskOptions& options) {
    auto call = std::make_shared<detail::RemoteCall<R>>(driver());
    Future<R> future(std::static_pointer_cast<detail::SharedState<R>>(call));
    send_batch_one(detail::RemoteRequest{std::move(frame), std::move(call), options.timeout});
    return future;
  }
  void send_batch_one(detail::RemoteRequest&& request);
  void send_batch(std::vector<detail::RemoteRequest>&& requests);
  std::weak_ptr<detail::RemoteDriver> driver() const noexcept;

  mutable std::mutex registry_mutex_;
  std::map<std::string, NamedTask, std::less<>> registry_;
  // Shared only with the waiters of running calls (see RemoteDriver), never beyond the pool.
  std::shared_ptr<detail::ProcessPoolCore> core_;
};

}  // namespace concur
