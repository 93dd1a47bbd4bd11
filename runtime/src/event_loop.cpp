// concur::EventLoop: the ready queue, the timer heap, epoll with a timerfd and an eventfd, the
// spawned-task registry and close().
//
// One iteration: run every node that was ready when the iteration began (nodes queued meanwhile
// wait for the next one, after I/O has been polled, so a task that keeps yielding cannot starve
// sockets or timers); then poll. Polling drains the work other threads posted, submits queued
// io_uring operations, fires due timers, and calls epoll_wait: with a zero timeout when work is
// ready, else blocking, with the timerfd armed for the earliest timer. When nothing is ready and
// no file descriptor but the loop's own is registered, the zero-timeout epoll_wait is skipped
// (the posted-work flag and the clock are checked directly).
#include "concur/event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <system_error>
#include <thread>

#include "concur/outcome.h"
#include "concur/thread_pool.h"
#include "exception_info.h"
#include "file_engine.h"

namespace concur {
namespace detail {

namespace {

// Which loop runs on this thread: per thread, so not shared between threads (see event_loop.h).
thread_local LoopCore* tls_current_loop = nullptr;

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

std::exception_ptr cancelled_error() noexcept {
  return std::make_exception_ptr(CancelledError("concur: the task was cancelled"));
}

bool earlier(const TimerNode* a, const TimerNode* b) noexcept {
  return a->deadline < b->deadline || (a->deadline == b->deadline && a->sequence < b->sequence);
}

// A call_soon callback: owns itself while queued.
struct CallbackNode : ReadyNode {
  UniqueTask function;
  LoopCore* loop = nullptr;

  static void run(ReadyNode& node) noexcept {
    std::unique_ptr<CallbackNode> self(static_cast<CallbackNode*>(&node));
    try {
      self->function();
    } catch (...) {
      self->loop->report({"exception in a callback", std::current_exception()});
    }
  }
};

}  // namespace

// ---- RemoteQueue ------------------------------------------------------------------------------

RemoteQueue::RemoteQueue() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (fd_ < 0) throw_errno("concur::EventLoop: eventfd");
}

RemoteQueue::~RemoteQueue() { ::close(fd_); }

bool RemoteQueue::post(UniqueTask&& task) {
  bool wake;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    wake = items_.empty();
    items_.push_back(std::move(task));
    if (wake) pending_.store(true, std::memory_order_release);
  }
  // Only the post that makes the queue non-empty writes: the loop takes everything at once.
  if (wake) {
    std::uint64_t one = 1;
    ssize_t written = ::write(fd_, &one, sizeof one);
    (void)written;  // EAGAIN would mean the counter is already huge, i.e. readable: fine
  }
  return true;
}

std::vector<UniqueTask> RemoteQueue::take() {
  std::lock_guard lock(mutex_);
  pending_.store(false, std::memory_order_relaxed);
  return std::exchange(items_, {});
}

std::vector<UniqueTask> RemoteQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  pending_.store(false, std::memory_order_relaxed);
  return std::exchange(items_, {});
}

// ---- exception reports ------------------------------------------------------------------------

void HandlerSlot::report(const ExceptionContext& context) const noexcept {
  if (handler) {
    try {
      handler(context);
      return;
    } catch (...) {
      std::fputs("concur: the event loop's exception handler threw; reporting on stderr\n", stderr);
    }
  }
  if (!context.exception) {
    std::fprintf(stderr, "concur: %s\n", context.message.c_str());
    return;
  }
  try {
    std::rethrow_exception(context.exception);
  } catch (...) {
    ExceptionInfo info = describe_current_exception();
    std::fprintf(stderr, "concur: %s: %s: %s\n", context.message.c_str(), info.type_name.c_str(),
                 info.message.c_str());
  }
}

// ---- SpawnedBase ------------------------------------------------------------------------------

SpawnedBase::SpawnedBase(LoopCore& loop, std::shared_ptr<const HandlerSlot> handler) noexcept
    : TaskState(loop), handler_(std::move(handler)) {
  start_node_.owner = this;
  start_node_.callback = &SpawnedBase::start;
}

SpawnedBase::~SpawnedBase() {
  if (error_ && !cancelled_ && !observed_) handler_->report({"Task exception was never retrieved", error_});
}

void SpawnedBase::launch(std::shared_ptr<SpawnedBase> self) noexcept {
  self_ = std::move(self);
  loop().register_task(*this);
  loop().schedule(start_node_);
}

void SpawnedBase::start(ReadyNode& node) noexcept {
  SpawnedBase& self = *static_cast<StartNode&>(node).owner;
  if (self.take_cancel()) {
    // Cancelled before it started: like asyncio, its coroutine never runs.
    self.destroy_root();
    self.finish(cancelled_error());
    return;
  }
  self.phase_ = Phase::running;
  self.loop().resume(self.root());
}

std::coroutine_handle<> SpawnedBase::on_root_finished() noexcept {
  std::exception_ptr error = harvest();  // destroys the coroutine frame: touch nothing of it after
  // A cancellation requested after the task's last suspension point still counts (asyncio too):
  // the task reports cancelled, whatever it returned.
  if (!error && take_cancel()) error = cancelled_error();
  finish(std::move(error));  // may destroy this
  return nullptr;
}

void SpawnedBase::abandon() noexcept {
  handler_->report({"Task was destroyed but it is pending (still waiting when the loop closed, after "
                    "being cancelled)",
                    nullptr});
  destroy_root();
  finish(cancelled_error());
}

void SpawnedBase::finish(std::exception_ptr error) noexcept {
  phase_ = Phase::finished;
  cancelled_ = is_cancelled(error);
  error_ = std::move(error);
  while (Waiter* waiter = waiters_.pop_front()) waiter->wake();
  loop().unregister_task(*this);
  std::shared_ptr<SpawnedBase> loop_reference = std::move(self_);  // may be the last: destroys this
}

// ---- LoopCore ---------------------------------------------------------------------------------

class LoopCore::Running {
 public:
  explicit Running(LoopCore& loop) : loop_(loop), previous_(tls_current_loop) {
    tls_current_loop = &loop;
    loop.running_ = true;
  }
  ~Running() {
    tls_current_loop = previous_;
    loop_.running_ = false;
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  LoopCore& loop_;
  LoopCore* previous_;
};

LoopCore::LoopCore(EventLoop& owner, std::size_t to_thread_threads, FileBackend file_backend)
    : owner_(&owner),
      anchor_(std::make_shared<LoopCore*>(this)),
      remote_(std::make_shared<RemoteQueue>()),
      handler_(std::make_shared<HandlerSlot>()),
      to_thread_threads_(to_thread_threads),
      requested_file_backend_(file_backend) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw_errno("concur::EventLoop: epoll_create1");
  timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer_fd_ < 0) {
    int error = errno;
    ::close(epoll_fd_);
    throw std::system_error(error, std::generic_category(), "concur::EventLoop: timerfd_create");
  }
  wakeup_source_.on_events = &LoopCore::on_wakeup_fd;
  wakeup_source_.loop = this;
  timer_source_.on_events = &LoopCore::on_timer_fd;
  timer_source_.loop = this;
  epoll_event wakeup{};
  wakeup.events = EPOLLIN;
  wakeup.data.ptr = &wakeup_source_;
  epoll_event timer{};
  timer.events = EPOLLIN;
  timer.data.ptr = &timer_source_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, remote_->fd(), &wakeup) != 0 ||
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, &timer) != 0) {
    int error = errno;
    ::close(timer_fd_);
    ::close(epoll_fd_);
    throw std::system_error(error, std::generic_category(), "concur::EventLoop: epoll_ctl");
  }
}

LoopCore::~LoopCore() {
  close();
  *anchor_ = nullptr;
  ::close(timer_fd_);
  ::close(epoll_fd_);
}

LoopCore* LoopCore::current() noexcept { return tls_current_loop; }

// -- timers: a binary min-heap of TimerNode pointers, each node knowing its index

// Moves the timer at i up the heap while it is due before its parent; returns where it ends.
std::size_t LoopCore::sift_up(std::size_t i) noexcept {
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!earlier(timers_[i], timers_[parent])) break;
    std::swap(timers_[i], timers_[parent]);
    timers_[i]->heap_index = i;
    timers_[parent]->heap_index = parent;
    i = parent;
  }
  return i;
}

void LoopCore::add_timer(TimerNode& timer) {
  timer.sequence = timer_sequence_++;
  timers_.push_back(&timer);
  std::size_t i = timers_.size() - 1;
  timer.heap_index = i;
  sift_up(i);
}

void LoopCore::remove_timer(TimerNode& timer) noexcept {
  if (!timer.armed()) return;
  std::size_t i = timer.heap_index;
  timer.heap_index = TimerNode::kNotArmed;
  TimerNode* last = timers_.back();
  timers_.pop_back();
  if (i == timers_.size()) return;  // it was the last one
  timers_[i] = last;
  last->heap_index = i;
  // Restore the heap around i: up, then down.
  i = sift_up(i);
  for (;;) {
    std::size_t smallest = i;
    std::size_t left = 2 * i + 1;
    std::size_t right = left + 1;
    if (left < timers_.size() && earlier(timers_[left], timers_[smallest])) smallest = left;
    if (right < timers_.size() && earlier(timers_[right], timers_[smallest])) smallest = right;
    if (smallest == i) break;
    std::swap(timers_[i], timers_[smallest]);
    timers_[i]->heap_index = i;
    timers_[smallest]->heap_index = smallest;
    i = smallest;
  }
}

void LoopCore::fire_due_timers() noexcept {
  if (timers_.empty()) return;
  auto now = this->now();
  while (!timers_.empty() && timers_.front()->deadline <= now) {
    TimerNode& timer = *timers_.front();
    remove_timer(timer);
    timer.fire(timer);  // only queues work
  }
}

void LoopCore::arm_timerfd(std::chrono::steady_clock::time_point deadline) noexcept {
  if (deadline == timerfd_armed_for_) return;
  // steady_clock is CLOCK_MONOTONIC on Linux; an absolute deadline needs no reading of the clock.
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline.time_since_epoch()).count();
  if (ns <= 0) ns = 1;  // 0 would disarm
  itimerspec spec{};
  spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
  spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  if (::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr) == 0) timerfd_armed_for_ = deadline;
}

void LoopCore::on_timer_fd(PollSource& source, std::uint32_t) noexcept {
  LoopCore& loop = *static_cast<LoopSource&>(source).loop;
  std::uint64_t expirations;
  ssize_t got = ::read(loop.timer_fd_, &expirations, sizeof expirations);
  (void)got;
  loop.timerfd_armed_for_ = {};  // expired: the next arm must write it again
}

// -- file descriptors

void LoopCore::add_fd(int fd, PollSource& source, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = &source;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) throw_errno("concur::EventLoop: epoll_ctl(ADD)");
  ++fds_;
}

void LoopCore::remove_fd(int fd) noexcept {
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr) == 0) --fds_;
}

void LoopCore::modify_fd(int fd, PollSource& source, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = &source;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) != 0) throw_errno("concur::EventLoop: epoll_ctl(MOD)");
}

// -- callbacks and work from other threads

void LoopCore::call_soon(UniqueTask&& callback) {
  auto node = std::make_unique<CallbackNode>();
  node->function = std::move(callback);
  node->loop = this;
  node->callback = &CallbackNode::run;
  schedule(*node.release());  // owned by the queue until it runs (or close() frees it)
}

void LoopCore::on_wakeup_fd(PollSource& source, std::uint32_t) noexcept {
  LoopCore& loop = *static_cast<LoopSource&>(source).loop;
  std::uint64_t count;
  ssize_t got = ::read(loop.remote_->fd(), &count, sizeof count);
  (void)got;
  loop.drain_remote();
}

void LoopCore::drain_remote() noexcept {
  std::vector<UniqueTask> items = remote_->take();
  for (UniqueTask& item : items) {
    try {
      item();
    } catch (...) {
      report({"exception in a call_soon_threadsafe callback", std::current_exception()});
    }
  }
}

ThreadPool& LoopCore::executor() {
  if (!executor_) {
    std::size_t threads = to_thread_threads_;
    if (threads == 0) threads = std::min<std::size_t>(32, std::max(1u, std::thread::hardware_concurrency()) + 4);
    executor_ = std::make_unique<ThreadPool>(threads);
  }
  return *executor_;
}

FileEngine& LoopCore::files() {
  if (!files_) files_ = make_file_engine(*this, requested_file_backend_);
  return *files_;
}

FileBackend LoopCore::file_backend() { return files().kind(); }

// -- tasks

void LoopCore::set_exception_handler(ExceptionHandler handler) { handler_->handler = std::move(handler); }

void LoopCore::register_task(SpawnedBase& task) noexcept {
  task.registry_prev = nullptr;
  task.registry_next = tasks_;
  if (tasks_) tasks_->registry_prev = &task;
  tasks_ = &task;
}

void LoopCore::unregister_task(SpawnedBase& task) noexcept {
  if (task.registry_prev) {
    task.registry_prev->registry_next = task.registry_next;
  } else if (tasks_ == &task) {
    tasks_ = task.registry_next;
  } else {
    return;  // not registered
  }
  if (task.registry_next) task.registry_next->registry_prev = task.registry_prev;
  task.registry_prev = task.registry_next = nullptr;
}

// -- running

void LoopCore::run_until(const bool& done) {
  if (closed_ || closing_) throw std::logic_error("concur::EventLoop: the loop is closed");
  if (tls_current_loop)
    throw std::logic_error("concur::EventLoop: cannot run a loop from inside a running loop (this thread runs one)");
  Running running(*this);
  while (!done) {
    run_ready();
    if (done) break;
    poll(true);
  }
}

void LoopCore::run_ready() noexcept {
  ReadyList batch;
  batch.splice_back(ready_);
  while (ReadyNode* node = batch.pop_front()) {
    if (node->callback) {
      node->callback(*node);
    } else {
      resume(node->handle);
    }
  }
}

void LoopCore::poll(bool may_block) noexcept {
  if (remote_->pending()) drain_remote();
  if (files_) files_->before_poll();
  bool block = may_block && ready_.empty();
  if (block && !timers_.empty()) {
    if (timers_.front()->deadline <= now()) {
      block = false;
    } else {
      arm_timerfd(timers_.front()->deadline);
    }
  }
  if (block || fds_ > 0) {
    epoll_event events[128];
    int count;
    do {
      count = ::epoll_wait(epoll_fd_, events, 128, block ? -1 : 0);
    } while (count < 0 && errno == EINTR);
    for (int i = 0; i < count; ++i) {
      auto* source = static_cast<PollSource*>(events[i].data.ptr);
      source->on_events(*source, events[i].events);
    }
  }
  fire_due_timers();
}

bool LoopCore::may_progress() const noexcept {
  return !ready_.empty() || !timers_.empty() || io_waits_ > 0 || offloads_ > 0 || (files_ && files_->busy()) ||
         remote_->pending();
}

void LoopCore::close() noexcept {
  if (closed_ || closing_ || running_) return;
  closing_ = true;
  {
    Running running(*this);
    // asyncio.run's ending: cancel every task still running (once each; one that spawns more during
    // its cancellation gets those cancelled too), and run the loop until they finish.
    for (;;) {
      for (SpawnedBase* task = tasks_; task; task = task->registry_next) {
        if (!task->cancelled_by_close) {
          task->cancelled_by_close = true;
          task->request_cancel();
        }
      }
      if (!tasks_) break;
      if (!ready_.empty()) {
        run_ready();
        poll(false);
        continue;
      }
      if (!may_progress()) break;
      poll(true);  // nothing ready, but a timer, a file descriptor or a thread will wake us
    }
    // What is left waits for something nothing can bring about any more (an event nobody will
    // set): destroy those tasks, so that their destructors run and nothing leaks.
    while (tasks_) tasks_->abandon();
    run_ready();
  }
  if (files_) {
    files_->shut_down();
    files_.reset();
  }
  executor_.reset();  // waits for to_thread work still running; what it posts back is dropped below, unrun
  std::vector<UniqueTask> dropped = remote_->close();
  dropped.clear();
  // Callbacks queued by the last tasks' destructors never run; free them.
  while (ReadyNode* node = ready_.pop_front()) {
    if (node->callback == &CallbackNode::run) std::unique_ptr<CallbackNode> free(static_cast<CallbackNode*>(node));
  }
  closed_ = true;
  closing_ = false;
}

}  // namespace detail

// ---- EventLoop --------------------------------------------------------------------------------

EventLoop::EventLoop(EventLoopOptions options)
    : core_(std::make_unique<detail::LoopCore>(*this, options.to_thread_threads, options.file_backend)) {}

EventLoop::~EventLoop() { core_->close(); }

EventLoop* EventLoop::current() noexcept {
  detail::LoopCore* core = detail::LoopCore::current();
  return core ? &core->owner() : nullptr;
}

void EventLoop::close() {
  if (current() == this) throw std::logic_error("concur::EventLoop::close: the loop is running");
  core_->close();
}
bool EventLoop::is_closed() const noexcept { return core_->closed(); }
void EventLoop::set_exception_handler(ExceptionHandler handler) { core_->set_exception_handler(std::move(handler)); }
ThreadPool& EventLoop::default_executor() { return core_->executor(); }
FileBackend EventLoop::file_backend() { return core_->files().kind(); }

}  // namespace concur
