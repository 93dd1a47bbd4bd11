// concur::queue::Worker: consumer, pools, result store, events, remote control, ETA timer.
#include "concur/queue/worker.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

#include "../exception_info.h"
#include "concur/errors.h"
#include "concur/queue/broker_url.h"
#include "concur/queue/current_task.h"
#include "concur/queue/errors.h"
#include "concur/queue/signature.h"
#include "concur/queue/state.h"
#include "concur/thread_pool.h"
#include "encoding.h"
#include "events.h"
#include "redis.h"
#include "scripts.h"

namespace concur::queue {

std::string dead_letter_queue(std::string_view queue) { return std::string(queue) + ".dead_letter"; }

namespace {

using namespace std::chrono_literals;
using detail::Command;
using detail::RedisConnection;
using detail::Reply;

// How a failure is reported to the result backend (celery's prepare_exception).
struct Failure {
  std::string type;
  std::string module;  // empty: null
  std::string message;
  std::optional<Retry> retry;
};

Failure python_failure(const std::string& cpp_type, const std::string& message) {
  static constexpr std::pair<std::string_view, std::string_view> kBuiltins[] = {
      {"std::invalid_argument", "ValueError"}, {"std::domain_error", "ValueError"},
      {"std::length_error", "ValueError"},     {"std::out_of_range", "IndexError"},
      {"std::range_error", "ValueError"},      {"std::overflow_error", "OverflowError"},
      {"std::underflow_error", "ArithmeticError"}, {"std::bad_alloc", "MemoryError"},
      {"std::runtime_error", "RuntimeError"},  {"concur::queue::TypeError", "TypeError"},
      {"nlohmann::json_abi_v3_11_2::detail::type_error", "TypeError"},
  };
  if (cpp_type == "concur::queue::Retry") {
    if (auto retry = Retry::from_message(message)) return {"Retry", "celery.exceptions", message, retry};
  }
  if (cpp_type == "concur::queue::TaskError") {
    if (auto error = TaskError::from_message(message)) return {error->type_name(), error->module(), error->message(), {}};
  }
  if (cpp_type == "concur::queue::SoftTimeLimitExceeded")
    return {"SoftTimeLimitExceeded", "billiard.exceptions", message, {}};
  if (cpp_type == "concur::TaskTimeout")
    return {"TimeLimitExceeded", "billiard.exceptions", message, {}};
  if (cpp_type == "concur::WorkerDied") return {"WorkerLostError", "billiard.exceptions", message, {}};
  for (auto [from, to] : kBuiltins)
    if (cpp_type == from) return {std::string(to), "builtins", message, {}};
  return {cpp_type, "", message, {}};
}

// Inside a catch block.
Failure describe_failure() {
  try {
    throw;
  } catch (const Retry& retry) {
    return {"Retry", "celery.exceptions", retry.what(), retry};
  } catch (const TaskError& error) {
    return {error.type_name(), error.module(), error.message(), {}};
  } catch (const SoftTimeLimitExceeded& error) {
    return {"SoftTimeLimitExceeded", "billiard.exceptions", error.what(), {}};
  } catch (const RemoteError& error) {  // from a process pool child
    return python_failure(error.type_name(), error.message());
  } catch (const TaskTimeout& error) {
    return {"TimeLimitExceeded", "billiard.exceptions", error.what(), {}};
  } catch (const WorkerDied& error) {
    return {"WorkerLostError", "billiard.exceptions", error.what(), {}};
  } catch (...) {
    concur::detail::ExceptionInfo info = concur::detail::describe_current_exception();
    return python_failure(info.type_name, info.message);
  }
}

std::string traceback_for(const Failure& f, const std::string& task, const std::string& hostname) {
  std::string type = f.module.empty() || f.module == "builtins" ? f.type : f.module + "." + f.type;
  return "Traceback (most recent call last):\n  C++ task \"" + task + "\" on worker " + hostname + "\n" + type + ": " +
         f.message + "\n";
}

std::string date_done() {
  std::string iso = format_iso8601(Clock::now());
  return iso.substr(0, iso.size() - 6);  // datetime.utcnow().isoformat(): naive
}

struct Job {
  TaskMessage message;
  std::string raw;
  std::string queue;
  const RegisteredTask* task = nullptr;
  std::atomic<int> phase{0};  // 0 waiting, 1 started, 2 withdrawn (put back on the queue)
  bool counted = false;       // counts against the prefetch limit
  bool acked = false;
  bool counted_total = false;  // in `inspect stats`' total
  std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();
  std::weak_ptr<Job> self;
};

// A result, an ack and follow-up messages waiting to be written (finish(), commit_rounds()).
struct Completion {
  std::string meta_key;
  std::string meta;  // '' for none
  std::string tag;   // '' for no ack
  bool ready = false;
  std::vector<std::pair<std::string, std::string>> pushes;  // queue, message
  std::shared_ptr<Job> job;
  bool is_success = false;
};

// One call of the finish script for a batch.
detail::RedisConnection::Eval finish_call(const std::vector<Completion>& batch, std::chrono::seconds expires) {
  detail::RedisConnection::Eval call{detail::kFinishScript, {"unacked", "unacked_index"}, {std::to_string(expires.count())}};
  for (const auto& c : batch) {
    call.keys.push_back(c.meta_key);
    call.args.insert(call.args.end(), {std::to_string(c.pushes.size()), c.meta, c.tag, c.ready ? "1" : "0"});
    for (const auto& [queue, message] : c.pushes) {
      call.keys.push_back(queue);
      call.args.push_back(message);
    }
  }
  return call;
}

enum : int { kWaiting = 0, kStarted = 1, kWithdrawn = 2 };

}  // namespace

class Worker::Impl {
 public:
  Impl(TaskRegistry tasks, WorkerOptions options)
      : tasks_(std::move(tasks)), options_(std::move(options)), url_(BrokerUrl::parse(options_.broker)) {
    if (options_.concurrency == 0) options_.concurrency = std::max(1u, std::thread::hardware_concurrency());
    if (options_.queues.empty()) options_.queues = {"celery"};
    hostname_ = options_.hostname.empty() ? "concur@" + detail::local_hostname() : options_.hostname;
    if (!options_.log)
      options_.log = [host = hostname_](std::string_view line) {
        std::string text = "[" + host + "] " + std::string(line) + "\n";
        std::fwrite(text.data(), 1, text.size(), stderr);
      };
    // The process pool first: its fork server starts before any thread of ours.
    if (options_.pool == PoolKind::processes)
      processes_.emplace(ProcessPoolOptions{.workers = options_.concurrency});
    threads_.emplace(options_.concurrency);
    events_.emplace(url_, hostname_, options_.retry, options_.log, options_.send_events,
                    std::chrono::duration<double>(options_.heartbeat_interval).count());
  }

  ~Impl() { stop(); }

  void start() {
    std::lock_guard lock(mutex_);
    if (started_) return;
    started_ = true;
    running_ = true;
    started_at_ = std::chrono::steady_clock::now();
    {
      RedisConnection setup(url_, options_.retry, options_.log);
      for (const auto& queue : options_.queues)
        setup.run({"SADD", "_kombu.binding." + queue, queue + std::string(detail::kSep) + std::string(detail::kSep) + queue});
    }
    events_->worker("worker-online", 0, 0);
    log("ready: " + std::to_string(tasks_.names().size()) + " tasks, concurrency " + std::to_string(options_.concurrency) +
        (options_.pool == PoolKind::processes ? " (processes)" : " (threads)") + ", broker " + url_.redacted());
    consumer_ = std::thread([this] { consume_loop(); });
    timer_ = std::thread([this] { timer_loop(); });
    pidbox_ = std::thread([this] { pidbox_loop(); });
  }

  void stop() {
    {
      std::unique_lock lock(mutex_);
      if (!started_ || stopped_) return;
      stopped_ = true;
      running_ = false;
    }
    cv_.notify_all();
    interrupt(consumer_fd_);
    interrupt(pidbox_fd_);
    if (consumer_.joinable()) consumer_.join();
    if (pidbox_.joinable()) pidbox_.join();
    if (timer_.joinable()) timer_.join();
    // Put back what was reserved and has not started: ETA tasks held here, and jobs still
    // waiting for a pool thread.
    std::vector<std::string> tags;
    {
      std::lock_guard lock(mutex_);
      for (auto& [tag, job] : held_) {
        int expected = kWaiting;
        if (job->phase.compare_exchange_strong(expected, kWithdrawn)) tags.push_back(tag);
      }
      eta_.clear();
    }
    if (!tags.empty()) {
      auto c = take_connection();
      try {
        tags.insert(tags.begin(), "tags");
        c->eval(detail::kRestoreScript, {"unacked", "unacked_index"}, tags);
        log("shutdown: put back " + std::to_string(tags.size() - 1) + " reserved task(s) that had not started");
      } catch (const std::exception& e) {
        log(std::string("shutdown: could not put back reserved tasks (they return after the visibility timeout): ") + e.what());
      }
      give_back(std::move(c));
    }
    {
      std::unique_lock lock(mutex_);
      if (!cv_.wait_for(lock, options_.shutdown_timeout, [&] { return running_jobs_ == 0; }))
        log("shutdown: " + std::to_string(running_jobs_) + " task(s) still running after the timeout; they will be redelivered");
    }
    threads_->shutdown(true, false);
    {
      // Every thread that settled a task has written it or left it to a committing thread still
      // at work (a pool thread whose task outlived shutdown_timeout).
      std::unique_lock lock(commit_mutex_);
      commit_cv_.wait(lock, [&] { return !committing_; });
    }
    events_->worker("worker-offline", 0, processed_.load());
    log("stopped");
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    cv_.notify_all();
  }

  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return finished_ || remote_shutdown_; });
  }

  WorkerStats stats() const {
    std::lock_guard lock(mutex_);
    WorkerStats s;
    s.received = received_;
    s.succeeded = succeeded_;
    s.failed = failed_;
    s.retried = retried_;
    s.revoked = revoked_count_;
    s.rejected = rejected_;
    s.active = running_jobs_;
    return s;
  }

  const std::string& hostname() const noexcept { return hostname_; }
  std::vector<int> child_pids() const {
    std::vector<int> out;
    if (processes_)
      for (pid_t pid : processes_->worker_pids()) out.push_back(pid);
    return out;
  }

 private:
  void log(const std::string& line) const { options_.log(line); }

  static void interrupt(std::atomic<int>& fd) {
    int value = fd.load();
    if (value >= 0) ::shutdown(value, SHUT_RDWR);
  }

  // ---- connections for pool threads (results, acks)

  std::unique_ptr<RedisConnection> take_connection() {
    {
      std::lock_guard lock(connections_mutex_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    return std::make_unique<RedisConnection>(url_, options_.retry, options_.log);
  }
  void give_back(std::unique_ptr<RedisConnection> c) {
    std::lock_guard lock(connections_mutex_);
    idle_.push_back(std::move(c));
  }

  // ---- consuming

  std::size_t prefetch_limit() const { return options_.concurrency * std::max<std::size_t>(1, options_.prefetch_multiplier); }
  // The consumer reserves again once no more than this many are left: a reserve script then
  // brings half the prefetch limit at once, instead of a round trip (and a wake-up of the
  // consumer) per finished task, while the other half keeps the pool busy.
  std::size_t refill_mark() const { return prefetch_limit() / 2; }

  // The consumer and the committing thread both reserve. Each claims its room first (counted in
  // reserved_ until its messages are dispatched), so that together they never hold more than the
  // prefetch limit. `releasing`: slots of reserved_ about to be released. mutex_ held.
  std::size_t claim_room(std::size_t releasing = 0) {
    if (!running_) return 0;
    std::size_t held = reserved_ - std::min(reserved_, releasing);
    if (held >= prefetch_limit()) return 0;
    std::size_t room = prefetch_limit() - held;
    reserved_ += room;
    return room;
  }
  void unclaim(std::size_t room) {
    bool refill;
    {
      std::lock_guard lock(mutex_);
      reserved_ -= room;
      refill = reserved_ <= refill_mark();
    }
    if (refill) cv_.notify_all();
  }

  RedisConnection::Eval reserve_call(const std::string& queue, std::size_t room) const {
    std::vector<std::string> keys{"unacked", "unacked_index"};
    for (int step : detail::kPrioritySteps) keys.push_back(detail::queue_for_priority(queue, step));
    return {detail::kReserveScript, std::move(keys),
            {std::to_string(detail::unix_now()), dead_letter_queue(queue), queue, std::to_string(room)}};
  }

  // The messages a reserve script returned: dispatched, held (ETA), rejected, or, when the worker
  // is stopping, put back at once. Returns whether there were any; `room` counts down.
  bool take_reserved(RedisConnection& c, const redisReply* reply, const std::string& queue, std::size_t& room) {
    std::vector<std::string> put_back{"tags"};
    for (std::size_t i = 0; i + 1 < reply->elements; i += 2) {
      std::string kind = detail::reply_string(reply->element[i]);
      std::string raw = detail::reply_string(reply->element[i + 1]);
      if (kind == "dead") {
        reject_logged(raw, "no delivery tag (not a kombu message)", queue);
        continue;
      }
      if (!is_running()) {
        try {
          put_back.push_back(TaskMessage::parse(raw).delivery_tag);
          continue;
        } catch (const MalformedMessage&) {
          // accept() sends it to the dead letters
        }
      }
      try {
        if (accept(std::move(raw), queue) && room > 0) --room;
      } catch (const std::exception& e) {
        // Redis refused what settling or rejecting it needed: the message stays in unacked and
        // comes back after the visibility timeout. The others go on (this may be a commit round,
        // which other threads' results wait for).
        log(std::string("reserved message not taken: ") + e.what());
      }
    }
    if (put_back.size() > 1) {
      try {
        c.eval(detail::kRestoreScript, {"unacked", "unacked_index"}, put_back);
      } catch (const std::exception& e) {
        log(std::string("shutdown: could not put back reserved tasks (they return after the visibility timeout): ") + e.what());
      }
    }
    return reply->elements > 0;
  }

  // A reserve script whose reply was lost (the link broke and the call was sent again) may have
  // taken messages that nobody holds: they would wait in unacked for the visibility timeout (an
  // hour by default). Every message a reserve takes is indexed at its call's stamp (its score in
  // unacked_index, to the microsecond), so the ones at that stamp this worker does not hold are
  // put back on their queue now. (Another worker's reserve in the same microsecond would see its
  // messages delivered twice: a duplicate, never a loss.)
  void put_back_lost_reservations(RedisConnection& c, const std::string& stamp) {
    try {
      Reply tags = c.run({"ZRANGEBYSCORE", "unacked_index", stamp, stamp});
      std::vector<std::string> lost{"tags"};
      {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < tags->elements; ++i) {
          std::string tag = detail::reply_string(tags->element[i]);
          if (!held_.count(tag)) lost.push_back(std::move(tag));
        }
      }
      if (lost.size() == 1) return;
      c.eval(detail::kRestoreScript, {"unacked", "unacked_index"}, lost);
      log("put back " + std::to_string(lost.size() - 1) + " message(s) reserved by a call whose reply was lost");
    } catch (const std::exception& e) {
      log(std::string("could not put back messages of a lost reserve (they return after the visibility timeout): ") + e.what());
    }
  }

  void consume_loop() {
    RedisConnection c(url_, options_.retry, options_.log);
    while (is_running()) {
      std::size_t claimed;
      {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, 200ms, [&] { return !running_ || reserved_ <= refill_mark(); });
        if (!running_) break;
        claimed = claim_room();
        if (claimed == 0) continue;
      }
      std::size_t room = claimed;
      try {
        c.ensure_connected();
        bool got = false;
        for (const auto& queue : options_.queues) {
          if (room == 0) break;
          RedisConnection::Eval call = reserve_call(queue, room);
          std::uint64_t connects = c.connects();
          Reply reply = c.eval(call.script, call.keys, call.args);
          got |= take_reserved(c, reply.get(), queue, room);
          if (c.connects() != connects) put_back_lost_reservations(c, call.args.front());
        }
        unclaim(claimed);
        claimed = 0;
        if (!got && is_running()) {
          // Block until the first queue has something, without taking it: BLMOVE q q RIGHT RIGHT
          // moves its last element to where it was. Others (and priority levels) are polled.
          // One attempt (stop() interrupts it by shutting the socket down); a lost link is
          // re-established by the next ensure_connected().
          c.send({"BLMOVE", options_.queues.front(), options_.queues.front(), "RIGHT", "RIGHT", "1"});
          consumer_fd_ = fd_of(c);
          if (is_running()) c.read_reply(std::chrono::milliseconds(0));
          consumer_fd_ = -1;
        }
      } catch (const detail::RedisError& e) {
        if (claimed > 0) unclaim(claimed);
        log(std::string("consumer: ") + e.what());
        std::this_thread::sleep_for(500ms);
      } catch (const std::exception& e) {
        if (claimed > 0) unclaim(claimed);
        consumer_fd_ = -1;
        if (!is_running()) break;
        log(std::string("consumer: ") + e.what());
        std::this_thread::sleep_for(200ms);
      }
    }
  }

  static int fd_of(RedisConnection& c);

  bool is_running() const {
    std::lock_guard lock(mutex_);
    return running_;
  }

  void reject_logged(const std::string& raw, const std::string& why, const std::string& queue) {
    std::string preview = raw.substr(0, 120);
    for (char& ch : preview)
      if (ch == '\n' || ch == '\r') ch = ' ';
    log("rejected malformed message on '" + queue + "' (" + why + "), moved to '" + dead_letter_queue(queue) +
        "': " + preview + (raw.size() > 120 ? "..." : ""));
    ++rejected_;
  }

  // A reserved message: dispatch it, hold it (ETA), or settle it now. Returns true if it counts
  // against the prefetch limit.
  bool accept(std::string raw, const std::string& queue) {
    auto job = std::make_shared<Job>();
    job->self = job;
    job->raw = std::move(raw);
    job->queue = queue;
    try {
      job->message = TaskMessage::parse(job->raw);
    } catch (const MalformedMessage& e) {
      std::string tag;
      Json doc = Json::parse(job->raw, nullptr, false);
      if (doc.is_object() && doc.contains("properties") && doc["properties"].is_object())
        tag = doc["properties"].value("delivery_tag", "");
      reject_logged(job->raw, e.what(), queue);
      auto c = take_connection();
      c->eval(detail::kRejectScript, {"unacked", "unacked_index", dead_letter_queue(queue)}, {tag, job->raw});
      give_back(std::move(c));
      return false;
    }
    ++received_;
    const TaskMessage& m = job->message;
    events_->task("task-received", m.id,
                  {{"name", m.task}, {"args", m.args.dump()}, {"kwargs", m.kwargs.dump()}, {"root_id", m.root_id},
                   {"parent_id", m.parent_id.empty() ? Json(nullptr) : Json(m.parent_id)}, {"retries", m.retries},
                   {"eta", m.eta ? Json(format_iso8601(*m.eta)) : Json(nullptr)},
                   {"expires", m.expires ? Json(format_iso8601(*m.expires)) : Json(nullptr)}});
    job->task = tasks_.find(m.task);
    if (!job->task) {
      log("received unregistered task '" + m.task + "' (id " + m.id + "): failed with NotRegistered");
      settle_failure(*job, {"NotRegistered", "celery.exceptions", "'" + m.task + "'", {}});
      return false;
    }
    if (m.eta && *m.eta > Clock::now()) {
      std::lock_guard lock(mutex_);
      held_[m.delivery_tag] = job;
      eta_.emplace(*m.eta, job);
      cv_.notify_all();
      return false;
    }
    dispatch(job);
    return true;
  }

  // Celery keeps the last 50 000 revoked ids (a LimitedSet); so does this worker. mutex_ held.
  void remember_revoked(const std::string& id) {
    if (!revoked_.insert(id).second) return;
    revoked_order_.push_back(id);
    while (revoked_order_.size() > 50000) {
      revoked_.erase(revoked_order_.front());
      revoked_order_.pop_front();
    }
  }

  bool is_revoked(const Job& job) {
    std::lock_guard lock(mutex_);
    return revoked_.count(job.message.id) != 0;
  }

  void dispatch(const std::shared_ptr<Job>& job) {
    {
      std::lock_guard lock(mutex_);
      held_[job->message.delivery_tag] = job;
      job->counted = true;
      ++reserved_;
    }
    bool acks_late = job->task->options.acks_late.value_or(options_.acks_late);
    if (!acks_late) {
      auto c = take_connection();
      c->pipeline({{"ZREM", "unacked_index", job->message.delivery_tag}, {"HDEL", "unacked", job->message.delivery_tag}});
      give_back(std::move(c));
      job->acked = true;
    }
    threads_->post([this, job] { run_job(job); });
  }

  void release(const Job& job) {
    bool refill;
    {
      std::lock_guard lock(mutex_);
      held_.erase(job.message.delivery_tag);
      if (job.counted) --reserved_;
      refill = reserved_ <= refill_mark();
    }
    if (refill) cv_.notify_all();  // the consumer's turn (only it waits for reserved_)
  }

  void run_job(const std::shared_ptr<Job>& job) {
    int expected = kWaiting;
    if (!job->phase.compare_exchange_strong(expected, kStarted)) return;  // put back at shutdown
    {
      std::lock_guard lock(mutex_);
      ++running_jobs_;
    }
    execute(*job);  // ends in finish(): the job's slot is released once its result is written
    bool last;
    {
      std::lock_guard lock(mutex_);
      last = --running_jobs_ == 0 && stopped_;
    }
    if (last) cv_.notify_all();  // stop() waits for this (and wakes up once a second anyway)
  }

  void execute(Job& job) {
    const TaskMessage& m = job.message;
    if (m.expires && *m.expires < Clock::now()) {
      log("task " + m.task + "[" + m.id + "] expired: revoked");
      settle_revoked(job);
      return;
    }
    if (is_revoked(job)) {
      log("task " + m.task + "[" + m.id + "] revoked: discarded");
      settle_revoked(job);
      return;
    }
    events_->task("task-started", m.id, Json::object());
    const RegisteredTask& task = *job.task;
    std::optional<double> hard = m.time_limit ? m.time_limit : task.options.time_limit;
    std::optional<double> soft = m.soft_time_limit ? m.soft_time_limit : task.options.soft_time_limit;
    auto started = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> soft_deadline;
    if (soft) soft_deadline = started + std::chrono::microseconds(static_cast<long long>(*soft * 1e6));
    Json result;
    try {
      if (processes_ && task.call_in_process && !task.options.run_in_thread) {
        auto timeout = std::chrono::milliseconds(hard ? static_cast<long long>(*hard * 1000) : 0);
        result = task.call_in_process(*processes_, m.args, m.kwargs, timeout, soft_deadline);
      } else {
        detail::SoftDeadlineScope scope(soft_deadline);
        result = task.call(m.args, m.kwargs);
      }
    } catch (...) {
      Failure failure = describe_failure();
      double runtime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (failure.retry) {
        retry(job, failure);
      } else {
        settle_failure(job, failure, runtime);
      }
      return;
    }
    double runtime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    settle_success(job, std::move(result), runtime);
  }

  // ---- settling: result, ack and follow-up messages in one script

  Json meta(const Job& job, std::string_view status, Json result, Json traceback) {
    Json doc = {{"status", status}, {"result", std::move(result)}, {"traceback", std::move(traceback)},
                {"children", Json::array()}, {"date_done", is_ready(state_from_string(status)) ? Json(date_done()) : Json(nullptr)},
                {"task_id", job.message.id}};
    if (!job.message.group.empty()) doc["group_id"] = job.message.group;
    if (!job.message.parent_id.empty()) doc["parent_id"] = job.message.parent_id;
    return doc;
  }

  // Group commit: the settling thread queues the result, ack and follow-ups; if no thread is
  // writing, it becomes the one and writes everything queued, round after round, each round one
  // pipeline, until nothing is left; otherwise the thread at it takes this one in its next round.
  // No committer thread to wake: a wake-up (two context switches) per task cost more than the
  // write on a busy machine. The job's prefetch slot is released once its result is written.
  void finish(Job& job, const Json* meta_doc, const std::vector<std::pair<std::string, std::string>>& pushes) {
    Completion completion;
    completion.meta_key = detail::meta_key(job.message.id);
    bool store = meta_doc && !job.message.ignore_result;
    std::string status = store ? meta_doc->value("status", "") : std::string();
    if (store) completion.meta = meta_doc->dump();
    if (!job.acked) completion.tag = job.message.delivery_tag;
    completion.ready = is_ready(state_from_string(status));
    completion.pushes = pushes;
    completion.job = job.self.lock();
    completion.is_success = status == "SUCCESS";
    job.acked = true;
    {
      std::lock_guard lock(commit_mutex_);
      if (job.task && !std::exchange(job.counted_total, true)) {
        // Celery's state.total_count: every request that ended (counted before its result or
        // event can be seen; once, even when a refused result is settled again as a failure)
        ++total_[job.message.task];
      }
      commits_.push_back(std::move(completion));
      if (committing_) return;
      committing_ = true;
    }
    commit_rounds();
  }

  // The committing thread's rounds (committing_ is set: this thread alone uses commit_connection_).
  void commit_rounds() {
    for (;;) {
      std::vector<Completion> batch;
      {
        std::lock_guard lock(commit_mutex_);
        if (commits_.empty()) {
          committing_ = false;
          commit_cv_.notify_all();
          return;
        }
        batch.swap(commits_);
      }
      if (!commit_connection_) commit_connection_.emplace(url_, options_.retry, options_.log);
      RedisConnection& c = *commit_connection_;
      std::vector<RedisConnection::Eval> calls{finish_call(batch, options_.result_expires)};
      // The slots this round frees are filled in the same round trip: a reserve script follows the
      // results (of the first queue; the consumer serves the others, and the first one when this
      // brings nothing). Without it, a slot waited for the write, then for the consumer's own
      // round trip: the prefetch limit, not the tasks, set the pace.
      std::size_t room = 0;
      {
        std::lock_guard lock(mutex_);
        std::size_t releasing = 0;
        for (const auto& completion : batch) releasing += completion.job && completion.job->counted;
        if (releasing > 0) room = claim_room(releasing);
      }
      if (room > 0) calls.push_back(reserve_call(options_.queues.front(), room));
      c.ensure_connected();
      std::uint64_t connects = c.connects();
      std::vector<Reply> replies;
      try {
        replies = c.eval_many(calls);  // retried until the broker is back
      } catch (const std::exception& e) {
        log(std::string("results not written: ") + e.what());
      }
      // One entry per task (1, or Redis's error for it), or one error for the whole call.
      const redisReply* settled = replies.empty() ? nullptr : replies.front().get();
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const redisReply* reply = settled;
        if (settled && settled->type == REDIS_REPLY_ARRAY) reply = i < settled->elements ? settled->element[i] : nullptr;
        bool refused = reply && (reply->type == REDIS_REPLY_ERROR || reply->type == REDIS_REPLY_STRING);
        if (refused && batch[i].is_success && batch[i].job) {
          // e.g. a result Redis refuses: the task still settles, as a failure.
          std::string why(reply->str, reply->len);
          log("task " + batch[i].job->message.task + "[" + batch[i].job->message.id + "] result not stored: " + why);
          batch[i].job->acked = false;
          settle_failure(*batch[i].job, {"BackendStoreError", "celery.exceptions", why, {}});
          continue;
        }
        if (batch[i].job) release(*batch[i].job);
      }
      if (room > 0) {
        redisReply* reply = replies.size() > 1 ? replies[1].get() : nullptr;
        std::size_t left = room;
        if (reply && reply->type == REDIS_REPLY_ARRAY) take_reserved(c, reply, options_.queues.front(), left);
        if (c.connects() != connects) put_back_lost_reservations(c, calls.back().args.front());
        unclaim(room);
      }
    }
  }

  void settle_success(Job& job, Json result, double runtime) {
    const TaskMessage& m = job.message;
    std::string encoded = result.dump();
    if (encoded.size() > options_.max_result_bytes) {
      settle_failure(job,
                     {"ResultTooLarge", "", "the result of " + m.task + " is " + std::to_string(encoded.size()) +
                                                " bytes, more than the worker's limit of " +
                                                std::to_string(options_.max_result_bytes), {}},
                     runtime);
      return;
    }
    std::vector<std::pair<std::string, std::string>> pushes;
    follow_ups(job, result, pushes);
    chord_part(job, "SUCCESS", result, pushes);
    Json doc = meta(job, "SUCCESS", result, nullptr);
    finish(job, &doc, pushes);
    ++succeeded_;
    ++processed_;
    std::string repr = encoded.size() > 1024 ? encoded.substr(0, 1024) + "..." : encoded;
    events_->task("task-succeeded", m.id, {{"result", repr}, {"runtime", runtime}});
  }

  // The message that continues `parent` (a chain's next step, a link, an errback, a chord's body):
  // `sig` with `first` prepended to its arguments unless the signature is immutable (Celery's
  // Signature.apply_async(args)), queued with the follow-ups of the parent's settling script.
  void push_follow_up(const Job& parent, const Signature& sig, const Json& first, Json chain,
                      std::vector<std::pair<std::string, std::string>>& pushes) const {
    const TaskMessage& m = parent.message;
    TaskMessage next;
    next.id = sig.options.task_id.empty() ? make_uuid() : sig.options.task_id;
    next.task = sig.task;
    next.args = Json::array();
    if (!sig.is_immutable) next.args.push_back(first);
    for (const auto& a : sig.args) next.args.push_back(a);
    next.kwargs = sig.kwargs;
    next.parent_id = m.id;
    next.root_id = m.root_id.empty() ? m.id : m.root_id;
    next.chain = std::move(chain);
    next.routing_key = sig.options.queue.empty() ? parent.queue : sig.options.queue;
    next.priority = sig.options.priority;
    next.time_limit = sig.options.time_limit;
    next.soft_time_limit = sig.options.soft_time_limit;
    next.origin = hostname_;
    if (sig.options.countdown) next.eta = Clock::now() + *sig.options.countdown;
    pushes.emplace_back(detail::queue_for_priority(next.routing_key, next.priority), next.serialize());
  }

  // Chain and link (callbacks): the next messages, sent in the same transaction as the result.
  void follow_ups(const Job& job, const Json& result, std::vector<std::pair<std::string, std::string>>& pushes) {
    const TaskMessage& m = job.message;
    try {
      if (m.chain.is_array() && !m.chain.empty()) {
        Json rest = m.chain;
        Signature next = Signature::from_json(rest.back());
        rest.erase(rest.end() - 1);
        push_follow_up(job, next, result, rest.empty() ? Json(nullptr) : rest, pushes);
      }
      if (m.callbacks.is_array())
        for (const auto& callback : m.callbacks) push_follow_up(job, Signature::from_json(callback), result, nullptr, pushes);
    } catch (const std::exception& e) {
      log("task " + m.task + "[" + m.id + "]: bad chain or callback, not followed: " + e.what());
    }
  }

  // A chord's header task: its part joins the group's (the Redis backend's native join); the part
  // that completes the chord sends the body with the list of results, or fails it (ChordError)
  // when a part failed. Sent before the ack: a crash in between runs the task again, and a part
  // already counted is not counted twice.
  void chord_part(Job& job, const std::string& state, const Json& result, std::vector<std::pair<std::string, std::string>>& pushes) {
    const TaskMessage& m = job.message;
    if (!m.chord.is_object() || m.group.empty()) return;
    std::string prefix = "celery-taskset-meta-" + m.group;
    Json part = Json::array({1, m.id, state, result});
    Reply reply;
    try {
      auto c = take_connection();
      reply = c->eval(detail::kChordPartScript, {prefix + ".j", prefix + ".t", prefix + ".s"},
                      {part.dump(), m.group_index ? std::to_string(*m.group_index) : std::string("+inf"),
                       std::to_string(options_.result_expires.count())});
      give_back(std::move(c));
    } catch (const std::exception& e) {
      log("chord " + m.group + ": part of " + m.id + " not recorded: " + e.what());
      return;
    }
    if (!reply || reply->type != REDIS_REPLY_ARRAY) return;
    Signature body;
    try {
      body = Signature::from_json(m.chord);
    } catch (const std::exception& e) {
      log("chord " + m.group + ": bad body, not sent: " + e.what());
      return;
    }
    Json results = Json::array();
    std::string failed;
    for (std::size_t i = 0; i < reply->elements; ++i) {
      Json p = Json::parse(detail::reply_string(reply->element[i]), nullptr, false);
      if (!p.is_array() || p.size() != 4) continue;
      if (p[2] == "FAILURE" && failed.empty()) failed = p[1].is_string() ? p[1].get<std::string>() : "?";
      results.push_back(p[3]);
    }
    if (body.options.task_id.empty()) body.options.task_id = make_uuid();
    if (!failed.empty()) {
      // The body fails without running, as celery's chord_error_from_stack.
      Job body_job;
      body_job.message.id = body.options.task_id;
      Json exc = {{"exc_type", "ChordError"}, {"exc_message", Json::array({"Dependency " + failed + " raised an exception"})},
                  {"exc_module", "celery.exceptions"}};
      Json doc = meta(body_job, "FAILURE", exc, nullptr);
      Completion completion;
      completion.meta_key = detail::meta_key(body_job.message.id);
      completion.meta = doc.dump();
      completion.ready = true;
      auto c = take_connection();
      RedisConnection::Eval call = finish_call({completion}, options_.result_expires);
      c->eval(call.script, call.keys, call.args);
      give_back(std::move(c));
      return;
    }
    push_follow_up(job, body, results, nullptr, pushes);
  }

  void settle_failure(Job& job, const Failure& failure, double runtime = 0) {
    const TaskMessage& m = job.message;
    Json exc = {{"exc_type", failure.type}, {"exc_message", Json::array({failure.message})},
                {"exc_module", failure.module.empty() ? Json(nullptr) : Json(failure.module)}};
    std::string traceback = traceback_for(failure, m.task, hostname_);
    Json doc = meta(job, "FAILURE", exc, traceback);
    // Errbacks get the failed task's id before their own arguments, as Celery's errbacks that do
    // not take (request, exc, traceback) (that form needs a Python request); sent with the failure.
    std::vector<std::pair<std::string, std::string>> pushes;
    if (m.errbacks.is_array())
      for (const auto& errback : m.errbacks) {
        try {
          push_follow_up(job, Signature::from_json(errback), m.id, nullptr, pushes);
        } catch (const std::exception&) {
        }
      }
    chord_part(job, "FAILURE", exc, pushes);
    finish(job, &doc, pushes);
    ++failed_;
    ++processed_;
    log("task " + m.task + "[" + m.id + "] failed: " + failure.type + ": " + failure.message);
    events_->task("task-failed", m.id,
                  {{"exception", failure.type + "(" + Json(failure.message).dump() + ")"}, {"traceback", traceback}, {"runtime", runtime}});
  }

  void settle_revoked(Job& job) {
    Json doc = meta(job, "REVOKED", {{"exc_type", "TaskRevokedError"}, {"exc_message", Json::array({"revoked"})},
                                     {"exc_module", "celery.exceptions"}},
                    nullptr);
    finish(job, &doc, {});
    ++revoked_count_;
    events_->task("task-revoked", job.message.id, {{"terminated", false}, {"signum", nullptr}, {"expired", false}});
  }

  void retry(Job& job, const Failure& failure) {
    const TaskMessage& m = job.message;
    const TaskOptions& options = job.task->options;
    if (m.retries >= options.max_retries) {
      settle_failure(job, {"MaxRetriesExceededError", "celery.exceptions",
                           "Can't retry " + m.task + "[" + m.id + "] args:" + m.args.dump() + " kwargs:" + m.kwargs.dump(), {}});
      return;
    }
    std::chrono::milliseconds countdown;
    if (failure.retry && failure.retry->countdown()) {
      countdown = *failure.retry->countdown();
    } else {
      countdown = options.retry_backoff * (1LL << std::min(m.retries, 30));
      countdown = std::min(countdown, options.retry_backoff_max);
    }
    TaskMessage next = m;
    next.retries = m.retries + 1;
    next.eta = Clock::now() + countdown;
    next.delivery_tag = make_uuid();
    next.redelivered = false;
    Json exc = {{"exc_type", "Retry"}, {"exc_message", Json::array({failure.message})}, {"exc_module", "celery.exceptions"}};
    Json doc = meta(job, "RETRY", exc, traceback_for(failure, m.task, hostname_));
    finish(job, &doc, {{detail::queue_for_priority(job.queue, m.priority), next.serialize()}});
    ++retried_;
    log("task " + m.task + "[" + m.id + "] retry " + std::to_string(next.retries) + " in " + std::to_string(countdown.count()) + " ms");
    events_->task("task-retried", m.id, {{"exception", failure.message}, {"traceback", nullptr}});
  }

  // ---- the timer: ETA tasks, heartbeats, restoring messages of dead workers

  void timer_loop() {
    RedisConnection c(url_, options_.retry, options_.log);
    auto next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat_interval;
    auto next_restore = std::chrono::steady_clock::now();  // once at start, like kombu
    std::unique_lock lock(mutex_);
    while (running_) {
      auto now_steady = std::chrono::steady_clock::now();
      // ETA tasks that are due
      std::vector<std::shared_ptr<Job>> due;
      while (!eta_.empty() && eta_.begin()->first <= Clock::now()) {
        due.push_back(eta_.begin()->second);
        eta_.erase(eta_.begin());
      }
      if (!due.empty()) {
        lock.unlock();
        for (auto& job : due) {
          bool revoked = false;
          try {
            revoked = c.run({"EXISTS", "concur-revoked-" + job->message.id})->integer != 0;
          } catch (const std::exception&) {
          }
          if (revoked) {
            std::lock_guard guard(mutex_);
            remember_revoked(job->message.id);
          }
          {
            std::lock_guard guard(mutex_);
            held_.erase(job->message.delivery_tag);
          }
          dispatch(job);
        }
        lock.lock();
        continue;
      }
      if (now_steady >= next_heartbeat) {
        std::size_t active = running_jobs_;
        lock.unlock();
        events_->worker("worker-heartbeat", active, processed_.load());
        lock.lock();
        next_heartbeat = now_steady + options_.heartbeat_interval;
      }
      if (now_steady >= next_restore) {
        lock.unlock();
        try {
          double ceiling = detail::unix_now() - options_.visibility_timeout.count() / 1000.0;
          Reply reply = c.eval(detail::kRestoreScript, {"unacked", "unacked_index"}, {"visible", std::to_string(ceiling), "1000"});
          if (reply->integer > 0)
            log("restored " + std::to_string(reply->integer) + " unacknowledged message(s) past the visibility timeout");
        } catch (const std::exception& e) {
          log(std::string("restore: ") + e.what());
        }
        lock.lock();
        next_restore = std::chrono::steady_clock::now() + options_.restore_interval;
      }
      auto wake = std::min(next_heartbeat, next_restore);
      if (!eta_.empty()) {
        auto eta_wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(eta_.begin()->first - Clock::now());
        wake = std::min(wake, std::chrono::steady_clock::now() + eta_wait);
      }
      cv_.wait_until(lock, wake);
    }
  }

  // ---- remote control (celery.pidbox): ping, revoke, shutdown

  void pidbox_loop() {
    RedisConnection c(url_, options_.retry, options_.log);
    std::string channel = detail::fanout_channel(url_.db, "celery.pidbox");
    auto delay = 50ms;
    while (is_running()) {
      try {
        c.ensure_connected();
        pidbox_fd_ = fd_of(c);
        c.send({"PSUBSCRIBE", channel});
        while (is_running()) {
          Reply reply = c.read_reply(std::chrono::milliseconds(0));
          if (!reply) break;
          delay = 50ms;
          if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 4) continue;
          handle_control(detail::reply_string(reply->element[3]));
        }
      } catch (const std::exception& e) {
        pidbox_fd_ = -1;
        c.disconnect();
        if (!is_running()) break;
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, std::chrono::milliseconds(2000));
      }
    }
    pidbox_fd_ = -1;
  }

  void handle_control(const std::string& envelope) {
    Json body;
    try {
      body = detail::kombu_body(envelope);
    } catch (const std::exception&) {
      return;
    }
    if (!body.is_object()) return;
    Json destination = body.value("destination", Json(nullptr));
    if (destination.is_array()) {
      bool mine = false;
      for (const auto& d : destination) mine |= d == hostname_;
      if (!mine) return;
    }
    std::string method = body.value("method", "");
    Json arguments = body.value("arguments", Json::object());
    Json reply;
    if (method == "ping") {
      reply = {{"ok", "pong"}};
    } else if (method == "revoke") {
      std::vector<std::string> ids;
      Json id = arguments.value("task_id", Json(nullptr));
      if (id.is_string()) ids.push_back(id);
      if (id.is_array())
        for (const auto& each : id)
          if (each.is_string()) ids.push_back(each);
      {
        std::lock_guard lock(mutex_);
        for (auto& each : ids) remember_revoked(each);
      }
      reply = {{"ok", "tasks " + Json(ids).dump() + " flagged as revoked"}};
    } else if (method == "shutdown") {
      reply = {{"ok", "shutdown in progress"}};
      {
        std::lock_guard lock(mutex_);
        remote_shutdown_ = true;
      }
      cv_.notify_all();
    } else if (method == "active") {
      Json active = Json::array();
      std::lock_guard lock(mutex_);
      for (const auto& [tag, job] : held_)
        if (job->phase.load() == kStarted)
          active.push_back({{"id", job->message.id}, {"name", job->message.task}, {"args", job->message.args},
                            {"kwargs", job->message.kwargs}, {"hostname", hostname_}, {"acknowledged", job->acked},
                            {"delivery_info", {{"routing_key", job->queue}}}});
      reply = active;
    } else if (method == "stats") {
      reply = stats_reply();
    } else {
      return;  // not ours to answer (the other inspect and control commands are Python-only)
    }
    Json reply_to = body.value("reply_to", Json(nullptr));
    if (!reply_to.is_object()) return;
    std::string exchange = reply_to.value("exchange", "");
    std::string routing_key = reply_to.value("routing_key", "");
    std::string ticket = body.value("ticket", "");
    std::string message = detail::kombu_envelope({{hostname_, reply}}, {{"ticket", ticket}, {"clock", 1}}, exchange, routing_key, 2);
    try {
      auto c = take_connection();
      Reply members = c->run({"SMEMBERS", "_kombu.binding." + exchange});
      std::vector<Command> pushes;
      for (std::size_t i = 0; i < members->elements; ++i) {
        std::string b = detail::reply_string(members->element[i]);
        auto first = b.find(detail::kSep);
        if (first == std::string::npos || b.substr(0, first) != routing_key) continue;
        auto second = b.find(detail::kSep, first + 2);
        if (second == std::string::npos) continue;
        pushes.push_back({"LPUSH", b.substr(second + 2), message});
      }
      if (!pushes.empty()) c->pipeline(pushes);
      give_back(std::move(c));
    } catch (const std::exception& e) {
      log(std::string("remote control reply failed: ") + e.what());
    }
  }

  // `celery inspect stats`: Celery 5.2's Worker.stats() (celery/worker/worker.py), with what a C++
  // worker has of it: total finished tasks by name, the pool, the broker as kombu's
  // Connection.info() describes it, the prefetch count and getrusage() of this process.
  Json stats_reply() {
    Json pool = {{"max-concurrency", options_.concurrency}};
    if (processes_) {
      pool["processes"] = child_pids();
      pool["max-tasks-per-child"] = "N/A";
      pool["put-guarded-by-semaphore"] = false;
      pool["timeouts"] = {0, 0};  // the worker's own defaults: none (tasks and messages set theirs)
    } else {
      pool["threads"] = options_.concurrency;
    }
    Json broker = {{"hostname", url_.host},
                   {"userid", url_.username.empty() ? Json(nullptr) : Json(url_.username)},
                   {"virtual_host", std::to_string(url_.db)},
                   {"port", url_.port},
                   {"insist", false},
                   {"ssl", false},
                   {"transport", "redis"},
                   {"connect_timeout", 2},
                   {"transport_options", {{"visibility_timeout", options_.visibility_timeout.count() / 1000.0}}},
                   {"login_method", nullptr},
                   {"uri_prefix", nullptr},
                   {"heartbeat", 0.0},
                   {"failover_strategy", "round-robin"},
                   {"alternates", Json::array()}};
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
    Json rusage_json = {{"utime", seconds(usage.ru_utime)}, {"stime", seconds(usage.ru_stime)}, {"maxrss", usage.ru_maxrss},
                        {"ixrss", usage.ru_ixrss},   {"idrss", usage.ru_idrss},   {"isrss", usage.ru_isrss},
                        {"minflt", usage.ru_minflt}, {"majflt", usage.ru_majflt}, {"nswap", usage.ru_nswap},
                        {"inblock", usage.ru_inblock}, {"oublock", usage.ru_oublock}, {"msgsnd", usage.ru_msgsnd},
                        {"msgrcv", usage.ru_msgrcv}, {"nsignals", usage.ru_nsignals}, {"nvcsw", usage.ru_nvcsw},
                        {"nivcsw", usage.ru_nivcsw}};
    Json total = Json::object();
    {
      std::lock_guard lock(commit_mutex_);
      for (const auto& [name, count] : total_) total[name] = count;
    }
    return {{"total", std::move(total)},
            {"pid", static_cast<int>(getpid())},
            {"clock", std::to_string(events_->clock())},
            {"uptime", std::llround(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at_).count())},
            {"pool", std::move(pool)},
            {"broker", std::move(broker)},
            {"prefetch_count", prefetch_limit()},
            {"rusage", std::move(rusage_json)}};
  }

  TaskRegistry tasks_;
  WorkerOptions options_;
  BrokerUrl url_;
  std::string hostname_;
  std::optional<ProcessPool> processes_;
  std::optional<ThreadPool> threads_;
  std::optional<detail::EventPublisher> events_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool started_ = false, running_ = false, stopped_ = false, finished_ = false, remote_shutdown_ = false;
  std::size_t reserved_ = 0;
  std::size_t running_jobs_ = 0;
  std::map<std::string, std::shared_ptr<Job>> held_;  // delivery tag -> reserved, not finished
  std::multimap<Clock::time_point, std::shared_ptr<Job>> eta_;
  std::set<std::string> revoked_;
  std::deque<std::string> revoked_order_;
  std::atomic<std::uint64_t> received_{0}, succeeded_{0}, failed_{0}, retried_{0}, revoked_count_{0}, rejected_{0};
  std::chrono::steady_clock::time_point started_at_{};
  std::atomic<std::uint64_t> processed_{0};

  std::mutex connections_mutex_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;

  std::mutex commit_mutex_;
  std::condition_variable commit_cv_;
  std::vector<Completion> commits_;  // guarded by commit_mutex_
  bool committing_ = false;          // a thread is in commit_rounds(); guarded by commit_mutex_
  std::map<std::string, std::uint64_t, std::less<>> total_;  // finished tasks by name; commit_mutex_
  std::optional<RedisConnection> commit_connection_;  // used by the committing thread only

  std::atomic<int> consumer_fd_{-1};
  std::atomic<int> pidbox_fd_{-1};
  std::thread consumer_, timer_, pidbox_;
};

int Worker::Impl::fd_of(RedisConnection& c) { return c.fd(); }

Worker::Worker(TaskRegistry tasks, WorkerOptions options) : impl_(std::make_unique<Impl>(std::move(tasks), std::move(options))) {}
Worker::~Worker() = default;
void Worker::start() { impl_->start(); }
void Worker::stop() { impl_->stop(); }
void Worker::wait() { impl_->wait(); }
WorkerStats Worker::stats() const { return impl_->stats(); }
const std::string& Worker::hostname() const noexcept { return impl_->hostname(); }
std::vector<int> Worker::child_pids() const { return impl_->child_pids(); }

}  // namespace concur::queue
