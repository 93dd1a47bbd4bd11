// The pool side of concur::ProcessPool: worker bookkeeping and the dispatcher thread.
//
// One dispatcher thread waits (epoll) on every worker socket, the fork server's control socket and
// an eventfd. Submitting threads write requests straight to free workers (no hand-off to the
// dispatcher on the fast path); the rest wait in `pending_` and are sent as workers free up. A
// thread blocked in Future::get() on a call reads that call's reply itself (see drive()). All pool
// state is guarded by `mutex_`, and every read or write of a worker socket happens under it; a
// socket is shared (shared_ptr) only so that a driving waiter can poll it outside the lock.
#include "concur/process_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <system_error>
#include <thread>

#include "exception_info.h"
#include "fork_server.h"

namespace concur {
namespace detail {

void write_error_reply(Writer& reply) noexcept {
  try {
    ExceptionInfo info = describe_current_exception();
    reply.put<std::uint8_t>(kReplyError);
    reply.put(info.type_name);
    reply.put(info.message);
  } catch (...) {
    // Out of memory while describing the failure: the truncated reply becomes a CodecError.
  }
}

RemoteError read_error_reply(Reader& reply) {
  std::string type_name = reply.get<std::string>();
  std::string message = reply.get<std::string>();
  return RemoteError(std::move(type_name), std::move(message));
}

// A request frame starts with its body length, then the two code addresses the worker calls.
constexpr std::size_t kInvokerOffset = sizeof(std::uint32_t);
constexpr std::size_t kFunctionOffset = kInvokerOffset + sizeof(std::uint64_t);

Writer begin_frame(RemoteInvoker invoker, std::uintptr_t fn) {
  Writer frame;
  frame.put<std::uint32_t>(0);  // body length, filled in by finish_frame
  frame.put<std::uint64_t>(reinterpret_cast<std::uintptr_t>(invoker));
  frame.put<std::uint64_t>(fn);
  return frame;
}

std::string finish_frame(Writer frame) {
  frame.patch_u32(0, static_cast<std::uint32_t>(frame.size() - sizeof(std::uint32_t)));
  return frame.take();
}

namespace {

// Requests a worker may hold at once: the running one and more waiting in its socket, so that a
// worker that finishes a map chunk starts the next at once instead of idling for a round trip to
// the dispatcher (CPython's ProcessPoolExecutor queues ahead too). Workers whose recent jobs were
// short get a deeper pipeline: it saves a wake-up per job, and what it can hold back from an idle
// worker (at most kDeepPipeline short jobs) is small. Only small frames are queued behind a busy
// worker, so that sending never blocks on a full socket while the pool's mutex is held.
constexpr std::size_t kPipelineDepth = 2;
constexpr std::size_t kDeepPipeline = 8;
constexpr auto kShortJob = std::chrono::microseconds(200);
constexpr std::size_t kMaxQueuedBytes = 64 * 1024;

std::string describe_exit(pid_t pid, int status) {
  std::string text = "concur::ProcessPool: worker " + std::to_string(pid);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = ::sigabbrev_np(sig);
    text += " was killed by signal " + std::to_string(sig) + " (SIG" + (name ? name : "?") + ")";
  } else if (WIFEXITED(status)) {
    text += " exited with status " + std::to_string(WEXITSTATUS(status));
  } else {
    text += " ended (wait status " + std::to_string(status) + ")";
  }
  return text + " while running a task";
}

}  // namespace

class ProcessPoolCore final : public RemoteDriver {
 public:
  explicit ProcessPoolCore(const ProcessPoolOptions& options)
      : target_workers_(options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency())),
        max_tasks_per_child_(options.max_tasks_per_child),
        default_timeout_(options.task_timeout) {
    // Started before this pool has any thread of its own (it matters for fork_of_caller).
    ForkServerHandle server = start_fork_server(options.server_image);
    server_pid_ = server.pid;
    control_ = std::move(server.control);
    addresses_ = std::move(server.addresses);
    image_ = server.image;
    try {
      wakeup_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
      epoll_ = UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
      if (!wakeup_ || !epoll_)
        throw std::system_error(errno, std::generic_category(), "concur::ProcessPool: eventfd/epoll");
      watch(wakeup_.get(), kWakeupKey, EPOLLIN);
      watch(control_.get(), kControlKey, EPOLLIN);
      {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < target_workers_; ++i) spawn_worker_locked();
      }
      dispatcher_ = std::thread([this] { dispatch(); });
    } catch (...) {
      // No destructor runs for a constructor that throws: the processes started so far are
      // stopped and reaped here (worker sockets first, so that the server need not wait for them).
      workers_.clear();
      stop_fork_server();
      throw;
    }
  }

  ~ProcessPoolCore() {
    shutdown(true, false);
    if (dispatcher_.joinable()) dispatcher_.join();
  }

  void submit(std::vector<RemoteRequest>&& requests) {
    // Before anything is sent, so that a function the server cannot run fails the whole call here.
    for (auto& request : requests) translate_frame(request.frame);
    std::unique_lock lock(mutex_);
    // broken_ first: a broken pool also stops accepting, and the precise reason is the useful one.
    if (broken_) throw BrokenPool("concur::ProcessPool: the fork server died; the pool cannot run tasks");
    if (!accepting_) throw PoolShutdown();
    for (auto& request : requests) {
      if (request.timeout.count() == 0) request.timeout = default_timeout_;
      pending_.push_back(std::move(request));
    }
    // Sent from this thread when workers are free: no hand-off to the dispatcher on the fast path.
    bool new_deadline = fill_workers_locked();
    bool queued = !pending_.empty();
    lock.unlock();
    // The dispatcher sends the rest as workers free up, and must know of a new deadline.
    if (queued || new_deadline) wake_dispatcher();
  }

  void shutdown(bool wait, bool cancel_pending) {
    {
      std::lock_guard lock(mutex_);
      accepting_ = false;
      if (cancel_pending) {
        // Under the mutex, like every other completion: the chunks of one map share a MapBatch
        // whose bookkeeping is only ever touched with mutex_ held (see MapBatch).
        for (auto& request : pending_) request.sink->abandon();
        pending_.clear();
      }
    }
    wake_dispatcher();
    if (wait && dispatcher_.joinable() && std::this_thread::get_id() != dispatcher_.get_id()) {
      std::lock_guard lock(join_mutex_);
      if (dispatcher_.joinable()) dispatcher_.join();
    }
  }

  // A waiter of `call` (see RemoteDriver) reads the reply from the worker's socket itself. Its
  // socket is muted in the dispatcher's epoll set meanwhile (a hang-up is still reported there),
  // so the reply wakes only this thread: one wake-up per round trip fewer than a hand-off through
  // the dispatcher.
  //
  // While `driven`, the driver is the only reader of that socket; see dispatch().
  void drive(const RemoteSink& call, const std::chrono::steady_clock::time_point* deadline) noexcept override {
    std::unique_lock lock(mutex_);
    Worker* worker = running_worker_of_locked(call);
    if (!worker || worker->driven || !can_read(*worker)) return;
    const std::uint64_t token = worker->token;
    // A copy of the socket: the descriptor stays ours while we poll it outside the lock, even if
    // the dispatcher drops the worker meanwhile.
    std::shared_ptr<UniqueFd> socket = worker->socket;
    worker->driven = true;
    rewatch(*worker, 0);
    bool settled = false;
    for (;;) {
      read_worker_locked(*worker);
      settled = running_worker_of_locked(call) != worker;
      if (settled || !can_read(*worker)) break;
      int timeout_ms = -1;
      if (deadline) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        timeout_ms = static_cast<int>(std::min<std::int64_t>(left.count(), INT32_MAX));
      }
      lock.unlock();
      pollfd readable{socket->get(), POLLIN, 0};
      (void)::poll(&readable, 1, timeout_ms);  // spurious returns are fine: the loop re-checks
      lock.lock();
      worker = find_worker_locked(token);
      if (!worker) break;  // exited meanwhile; the dispatcher settled its jobs
    }
    if (worker) {
      worker->driven = false;
      if (can_read(*worker)) rewatch(*worker, EPOLLIN);
    }
    // What the dispatcher does after a reply: the worker may be free for queued requests, or retire.
    // The dispatcher is woken whenever its view is now out of date: requests still wait, a worker
    // retired (to be replaced), a job with a timeout started (its epoll timeout must shrink), or
    // a shutdown waits for the pool to become idle.
    if (settled) {
      bool new_deadline = fill_workers_locked();
      bool front_timed = worker && !worker->jobs.empty() && worker->jobs.front().timeout.count() > 0;
      if (new_deadline || front_timed || !pending_.empty() || (worker && !worker->socket) || !accepting_)
        wake_dispatcher();
    }
  }

  std::size_t worker_count() const noexcept { return target_workers_; }
  pid_t fork_server_pid() const noexcept { return server_pid_; }
  ServerImage server_image() const noexcept { return image_; }
  std::vector<pid_t> worker_pids() {
    std::unique_lock lock(mutex_);
    // A worker learns its pid from the fork server's start event, which can trail the worker's
    // first replies (a waiter may even have read them itself, see drive()): give such workers a
    // moment, so that a worker that has already served a task is listed.
    pids_known_.wait_for(lock, std::chrono::seconds(1), [this] {
      return broken_ || std::none_of(workers_.begin(), workers_.end(),
                                     [](const auto& w) { return w->pid <= 0 && can_read(*w); });
    });
    std::vector<pid_t> pids;
    for (auto& worker : workers_)
      if (worker->pid > 0 && !worker->hung_up) pids.push_back(worker->pid);
    return pids;
  }

 private:
  // epoll keys of the two non-worker descriptors; workers are keyed by their token (from 1 up).
  static constexpr std::uint64_t kWakeupKey = UINT64_MAX;
  static constexpr std::uint64_t kControlKey = UINT64_MAX - 1;

  struct Worker {
    std::uint64_t token = 0;
    pid_t pid = -1;  // known once the fork server reports the start
    // Shared with a thread driving one of its calls (see drive()); reset when the worker retires.
    std::shared_ptr<UniqueFd> socket;
    std::string inbox;  // bytes read but not yet a complete reply
    // Requests sent, in order: the front one is running (or about to), the others wait in the
    // socket (see kPipelineDepth).
    std::deque<RemoteRequest> jobs;
    std::size_t unsent = 0;        // the last `unsent` jobs are assigned but not written yet
    std::size_t queued_bytes = 0;  // frame bytes of the jobs behind the front one
    std::chrono::steady_clock::time_point front_started{};
    std::chrono::steady_clock::time_point deadline{};  // of the front job, if it has a timeout
    std::chrono::nanoseconds average_job = kUnknownAverage;
    std::size_t tasks_started = 0;
    bool retiring = false;   // reached max_tasks_per_child: gets no more work
    bool hung_up = false;    // its socket reached EOF: the process is gone or going
    bool timed_out = false;  // we asked the fork server to kill it for a timeout
    bool kill_requested = false;
    bool driven = false;  // a waiter reads its socket (see drive())
  };
  static constexpr std::chrono::nanoseconds kUnknownAverage = std::chrono::hours(1);

  void watch(int fd, std::uint64_t key, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.u64 = key;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0)
      throw std::system_error(errno, std::generic_category(), "concur::ProcessPool: epoll_ctl");
  }
  void rewatch(const Worker& worker, std::uint32_t events) noexcept {
    epoll_event event{};
    event.events = events;
    event.data.u64 = worker.token;
    (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, worker.socket->get(), &event);
  }
  // Stops watching and drops our end of the worker's socket (EOF tells an idle worker to exit).
  // Removed from the epoll set explicitly: a driving waiter may keep the descriptor open a moment
  // longer, and a registered descriptor that hung up would be reported again and again.
  void close_socket_locked(Worker& worker) noexcept {
    if (!worker.socket) return;
    (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, worker.socket->get(), nullptr);
    worker.socket.reset();
  }

  static bool can_read(const Worker& worker) { return worker.socket && !worker.hung_up; }

  Worker* find_worker_locked(std::uint64_t token) {
    for (auto& worker : workers_)
      if (worker->token == token) return worker.get();
    return nullptr;
  }

  // The worker whose running (front) job is `call`, if any.
  Worker* running_worker_of_locked(const RemoteSink& call) {
    for (auto& worker : workers_)
      if (!worker->jobs.empty() && worker->jobs.front().sink.get() == &call) return worker.get();
    return nullptr;
  }

  // Rewrites the frame's code addresses into the server's address space (see AddressMap).
  void translate_frame(std::string& frame) const {
    for (std::size_t offset : {kInvokerOffset, kFunctionOffset}) {
      std::uint64_t address;
      std::memcpy(&address, frame.data() + offset, sizeof address);
      address = addresses_.translate(address);
      std::memcpy(frame.data() + offset, &address, sizeof address);
    }
  }

  void wake_dispatcher() noexcept {
    std::uint64_t one = 1;
    (void)!::write(wakeup_.get(), &one, sizeof one);
  }

  static bool can_take_work(const Worker& worker) {
    return !worker.retiring && !worker.timed_out && can_read(worker);
  }

  // Whether `worker` may take `request` now: any request when idle; behind other jobs only a
  // small pipelinable one, within the worker's pipeline depth.
  static bool accepts(const Worker& worker, const RemoteRequest& request) {
    if (!can_take_work(worker)) return false;
    if (worker.jobs.empty()) return true;
    std::size_t depth = worker.average_job < kShortJob ? kDeepPipeline : kPipelineDepth;
    return request.pipelinable && worker.jobs.size() < depth &&
           worker.queued_bytes + request.frame.size() <= kMaxQueuedBytes;
  }

  // Hands queued requests to workers in order: first one to each idle worker (so a few heavy items
  // spread out before any pipeline fills), then round by round into the pipelines. Each worker's
  // new requests go out with a single sendmsg. Returns true if a request that started has a timeout.
  bool fill_workers_locked() {
    bool timed = false;
    auto assign_front = [&](Worker& worker) {
      RemoteRequest request = std::move(pending_.front());
      pending_.pop_front();
      if (!request.sink->try_start()) return;  // cancelled while queued: dropped
      timed |= request.timeout.count() > 0;
      assign_locked(worker, std::move(request));
    };
    for (auto& worker : workers_) {
      if (pending_.empty()) break;
      if (worker->jobs.empty() && can_take_work(*worker)) assign_front(*worker);
    }
    for (bool progress = true; progress && !pending_.empty();) {
      progress = false;
      for (auto& worker : workers_) {
        if (pending_.empty()) break;
        if (!accepts(*worker, pending_.front())) continue;
        assign_front(*worker);
        progress = true;
      }
    }
    for (auto& worker : workers_)
      if (worker->unsent > 0) send_unsent_locked(*worker);
    return timed;
  }

  void assign_locked(Worker& worker, RemoteRequest&& request) {
    ++worker.tasks_started;
    if (max_tasks_per_child_ && worker.tasks_started >= max_tasks_per_child_) worker.retiring = true;
    if (!worker.jobs.empty()) worker.queued_bytes += request.frame.size();
    worker.jobs.push_back(std::move(request));
    ++worker.unsent;
    if (worker.jobs.size() == 1) start_clock_locked(worker);
  }

  void send_unsent_locked(Worker& worker) {
    std::vector<iovec> parts;
    parts.reserve(worker.unsent);
    for (std::size_t i = worker.jobs.size() - worker.unsent; i < worker.jobs.size(); ++i) {
      std::string& frame = worker.jobs[i].frame;
      parts.push_back({frame.data(), frame.size()});
    }
    worker.unsent = 0;
    // A failed send means the worker is dying: its hang-up and exit report settle the jobs.
    send_all(worker.socket->get(), parts);
  }

  void spawn_worker_locked() {
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) return;  // retried later
    auto pool_end = std::make_shared<UniqueFd>(sockets[0]);
    UniqueFd worker_end(sockets[1]);
    ForkServerRequest request{ForkServerRequest::kSpawnWorker, 0, ++last_token_};
    if (!send_request(control_.get(), request, worker_end.get())) return;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = request.token;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, pool_end->get(), &event) != 0) return;  // EOF ends it
    auto worker = std::make_unique<Worker>();
    worker->token = request.token;
    worker->socket = std::move(pool_end);
    workers_.push_back(std::move(worker));
  }

  std::size_t serving_workers_locked() const {
    return static_cast<std::size_t>(std::count_if(workers_.begin(), workers_.end(), [](const auto& w) {
      return !w->retiring && !w->hung_up && !w->timed_out;
    }));
  }

  // The front job's timeout runs from when it can start: when it is sent to an idle worker, or
  // when the reply of the job before it has been read.
  static void start_clock_locked(Worker& worker) {
    const RemoteRequest& front = worker.jobs.front();
    worker.front_started = std::chrono::steady_clock::now();
    if (front.timeout.count() > 0) worker.deadline = worker.front_started + front.timeout;
  }

  void request_kill_locked(Worker& worker) {
    if (worker.pid <= 0 || worker.kill_requested) return;
    worker.kill_requested = true;
    ForkServerRequest request{ForkServerRequest::kKillWorker, worker.pid, 0};
    (void)::send(control_.get(), &request, sizeof request, MSG_NOSIGNAL);
  }

  // Reads what the worker sent; completes its front job for each whole reply.
  void read_worker_locked(Worker& worker) {
    if (!can_read(worker)) return;
    char buffer[65536];
    for (;;) {
      ssize_t got = ::recv(worker.socket->get(), buffer, sizeof buffer, MSG_DONTWAIT);
      if (got > 0) {
        worker.inbox.append(buffer, static_cast<std::size_t>(got));
        // A short read took all there was; more will be reported by epoll. (Reading until EAGAIN
        // would cost one more system call for every reply.)
        if (static_cast<std::size_t>(got) < sizeof buffer) break;
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        // The process is gone or going; its exit event settles the jobs. Unwatched, or epoll would
        // report the hang-up again at every wait.
        worker.hung_up = true;
        (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, worker.socket->get(), nullptr);
      }
      break;
    }
    while (worker.inbox.size() >= sizeof(std::uint32_t)) {
      std::uint32_t length;
      std::memcpy(&length, worker.inbox.data(), sizeof length);
      if (worker.inbox.size() < sizeof length + length) break;
      if (!worker.jobs.empty()) {
        Reader reply(std::string_view(worker.inbox).substr(sizeof length, length));
        worker.jobs.front().sink->complete(reply);
        worker.jobs.pop_front();
        // An exponential average of the time per job sets the pipeline depth (see kDeepPipeline).
        auto took = std::chrono::steady_clock::now() - worker.front_started;
        worker.average_job = worker.average_job == kUnknownAverage ? took : (3 * worker.average_job + took) / 4;
        if (!worker.jobs.empty()) {
          worker.queued_bytes -= worker.jobs.front().frame.size();
          start_clock_locked(worker);
        }
      }
      worker.inbox.erase(0, sizeof length + length);
      if (worker.retiring && worker.jobs.empty()) {
        close_socket_locked(worker);  // EOF tells it to exit
        break;
      }
    }
  }

  void worker_exited_locked(pid_t pid, int status) {
    auto it = std::find_if(workers_.begin(), workers_.end(), [pid](const auto& w) { return w->pid == pid; });
    if (it == workers_.end()) return;
    Worker& worker = **it;
    read_worker_locked(worker);  // a reply written just before exiting still counts
    if (!worker.jobs.empty()) {
      std::exception_ptr error;
      if (worker.timed_out) {
        error = std::make_exception_ptr(TaskTimeout(
            "concur::ProcessPool: task exceeded its timeout of " +
            std::to_string(worker.jobs.front().timeout.count()) + " ms; worker " + std::to_string(pid) +
            " was killed"));
      } else {
        error = std::make_exception_ptr(WorkerDied(pid, WIFSIGNALED(status) ? WTERMSIG(status) : 0,
                                                   WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                                                   describe_exit(pid, status)));
      }
      worker.jobs.front().sink->fail(std::move(error));
      worker.jobs.pop_front();
      // The jobs queued behind it never started (a worker reads its next request only after
      // replying to the current one): they go back to the head of the queue, in order.
      for (auto job = worker.jobs.rbegin(); job != worker.jobs.rend(); ++job) pending_.push_front(std::move(*job));
    }
    close_socket_locked(worker);
    workers_.erase(it);
  }

  void read_control_locked() {
    for (;;) {
      ForkServerEvent event{};
      ssize_t got = ::recv(control_.get(), &event, sizeof event, MSG_DONTWAIT);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return;
      if (got == 0) {
        mark_broken_locked();
        return;
      }
      switch (event.kind) {
        case ForkServerEvent::kWorkerStarted:
          if (Worker* worker = find_worker_locked(event.token)) {
            worker->pid = event.pid;
            if (worker->timed_out) request_kill_locked(*worker);
          }
          break;
        case ForkServerEvent::kWorkerExited:
          worker_exited_locked(event.pid, event.status);
          break;
        case ForkServerEvent::kSpawnFailed:
          std::erase_if(workers_, [&](const auto& w) {
            if (w->token != event.token) return false;
            for (auto& job : w->jobs) job.sink->fail(std::make_exception_ptr(BrokenPool("concur::ProcessPool: fork failed")));
            close_socket_locked(*w);
            return true;
          });
          break;
      }
      pids_known_.notify_all();
    }
  }

  // The fork server is gone: nothing can be replaced or reaped any more. Fail everything.
  void mark_broken_locked() {
    broken_ = true;
    pids_known_.notify_all();
    accepting_ = false;
    auto error = std::make_exception_ptr(BrokenPool("concur::ProcessPool: the fork server died"));
    for (auto& request : pending_) request.sink->fail(error);
    pending_.clear();
    close_all_workers_locked(error);
  }

  // Closes every worker socket (the workers exit on EOF), failing their jobs with `error` if any.
  void close_all_workers_locked(const std::exception_ptr& error) {
    for (auto& worker : workers_) {
      if (error)
        for (auto& job : worker->jobs) job.sink->fail(error);
      close_socket_locked(*worker);
    }
    workers_.clear();
  }

  void stop_fork_server() noexcept {
    control_.reset();  // the server winds down on EOF
    while (::waitpid(server_pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }

  void dispatch() {
    std::array<epoll_event, 64> events;
    std::unique_lock lock(mutex_);
    for (;;) {
      // Hand queued work to free workers; keep the worker count up while there is work to do.
      fill_workers_locked();
      bool busy = !pending_.empty() ||
                  std::any_of(workers_.begin(), workers_.end(), [](const auto& w) { return !w->jobs.empty(); });
      if (!broken_ && (accepting_ || busy)) {
        for (std::size_t n = serving_workers_locked(); n < target_workers_; ++n) spawn_worker_locked();
      }
      if ((!accepting_ && !busy) || broken_) break;

      auto now = std::chrono::steady_clock::now();
      std::optional<std::chrono::steady_clock::time_point> next_deadline;
      for (auto& worker : workers_) {
        if (worker->jobs.empty() || worker->jobs.front().timeout.count() == 0 || worker->timed_out) continue;
        if (worker->deadline <= now) {
          worker->timed_out = true;
          request_kill_locked(*worker);
        } else if (!next_deadline || worker->deadline < *next_deadline) {
          next_deadline = worker->deadline;
        }
      }
      int timeout_ms = -1;
      if (next_deadline)
        timeout_ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(*next_deadline - now).count());

      lock.unlock();
      int ready = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), timeout_ms);
      lock.lock();
      if (ready <= 0) continue;

      // Worker sockets before control events, so a reply sent right before an exit is read first.
      bool control_ready = false;
      for (int i = 0; i < ready; ++i) {
        std::uint64_t key = events[i].data.u64;
        if (key == kWakeupKey) {
          std::uint64_t count;
          (void)!::read(wakeup_.get(), &count, sizeof count);
        } else if (key == kControlKey) {
          control_ready = true;
        } else if (Worker* worker = find_worker_locked(key)) {
          if (!worker->driven) {
            read_worker_locked(*worker);
          } else if (events[i].events & (EPOLLHUP | EPOLLERR)) {
            // Its driver sees the hang-up too and the exit event settles the jobs; unwatched here
            // so that the level-triggered hang-up does not spin this loop meanwhile.
            (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, worker->socket->get(), nullptr);
          }
          // Data of a driven worker is left to its driver, the only one polling for it: consumed
          // here, it would leave the driver asleep on an empty socket (an event can still arrive
          // from before the driver muted the socket).
        }
      }
      if (control_ready) read_control_locked();
    }
    // Closing the sockets ends idle workers; closing the control socket ends the fork server
    // once it has reaped them; then it is reaped here, so nothing is left behind.
    close_all_workers_locked(nullptr);
    lock.unlock();
    stop_fork_server();
  }

  const std::size_t target_workers_;
  const std::size_t max_tasks_per_child_;
  const std::chrono::milliseconds default_timeout_;
  pid_t server_pid_ = -1;
  AddressMap addresses_;
  ServerImage image_ = ServerImage::fresh;
  UniqueFd control_;
  UniqueFd wakeup_;
  UniqueFd epoll_;

  std::mutex mutex_;
  std::condition_variable pids_known_;  // a start event was processed (see worker_pids())
  std::deque<RemoteRequest> pending_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::uint64_t last_token_ = 0;
  bool accepting_ = true;
  bool broken_ = false;

  std::mutex join_mutex_;
  std::thread dispatcher_;
};

}  // namespace detail

ProcessPool::ProcessPool(ProcessPoolOptions options) : core_(std::make_shared<detail::ProcessPoolCore>(options)) {}
ProcessPool::~ProcessPool() { core_->shutdown(true, false); }

void ProcessPool::shutdown(bool wait, bool cancel_pending) { core_->shutdown(wait, cancel_pending); }
std::size_t ProcessPool::worker_count() const noexcept { return core_->worker_count(); }
std::vector<pid_t> ProcessPool::worker_pids() const { return core_->worker_pids(); }
pid_t ProcessPool::fork_server_pid() const noexcept { return core_->fork_server_pid(); }
std::weak_ptr<detail::RemoteDriver> ProcessPool::driver() const noexcept { return core_; }
ServerImage ProcessPool::server_image() const noexcept { return core_->server_image(); }

void ProcessPool::send_batch_one(detail::RemoteRequest&& request) {
  std::vector<detail::RemoteRequest> one;
  one.push_back(std::move(request));
  core_->submit(std::move(one));
}
void ProcessPool::send_batch(std::vector<detail::RemoteRequest>&& requests) { core_->submit(std::move(requests)); }

ProcessPool::NamedTask ProcessPool::lookup(std::string_view name, const std::type_info& signature) const {
  std::lock_guard lock(registry_mutex_);
  auto it = registry_.find(name);
  if (it == registry_.end())
    throw std::invalid_argument("concur::ProcessPool: no task registered as '" + std::string(name) + "'");
  if (*it->second.signature != signature)
    throw std::invalid_argument("concur::ProcessPool: task '" + std::string(name) +
                                "' called with arguments or result that do not match its registration");
  return it->second;
}

}  // namespace concur
