// concur::File and the two file back ends: io_uring (liburing) and a thread offload.
//
// An operation is a FileRequest shared between the awaiting task and the back end: it owns the
// path and the buffer, so it can outlive a task that was cancelled while it waited. The task
// waits in a FileWait; the back end fills in the result and wakes it (if it still waits).
#include "concur/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "concur/event_loop.h"
#include "concur/thread_pool.h"
#include "file_engine.h"

#if CONCUR_HAVE_LIBURING
#include <liburing.h>
#include <sys/epoll.h>
#endif

namespace concur {
namespace detail {

struct FileRequest {
  enum class Op { open, read, write, fsync, close };
  Op op = Op::read;
  int fd = -1;
  std::string path;  // open
  int flags = 0;     // open
  std::uint64_t offset = 0;
  bool at_position = false;  // write at the file's own position (append mode)
  std::string buffer;        // read: sized to the maximum, then to what was read; write: the data
  std::size_t length = 0;    // write: bytes to write from buffer[done...]
  std::size_t done = 0;      // write: bytes of buffer already written
  long result = 0;           // >= 0, or -errno
  Waiter* waiter = nullptr;  // the awaiting task's FileWait (loop thread only); null once nobody waits
};

// What the back ends implement beyond the loop's view (file_engine.h).
class FileEngineImpl : public FileEngine {
 public:
  virtual void submit(const std::shared_ptr<FileRequest>& request) = 0;
  // The awaiting task stopped waiting (cancelled): stop the operation if that is possible.
  virtual void abandon(FileRequest& request) noexcept = 0;
};

void complete(FileRequest& request) noexcept {
  if (Waiter* waiter = std::exchange(request.waiter, nullptr)) waiter->wake();
}

// The system call of a request, done synchronously (the thread back end).
void perform(FileRequest& request) noexcept {
  long result = 0;
  switch (request.op) {
    case FileRequest::Op::open:
      result = ::open(request.path.c_str(), request.flags | O_CLOEXEC, 0666);
      break;
    case FileRequest::Op::read:
      do {
        result = ::pread(request.fd, request.buffer.data(), request.buffer.size(), static_cast<off_t>(request.offset));
      } while (result < 0 && errno == EINTR);
      break;
    case FileRequest::Op::write:
      do {
        const char* data = request.buffer.data() + request.done;
        result = request.at_position ? ::write(request.fd, data, request.length)
                                     : ::pwrite(request.fd, data, request.length, static_cast<off_t>(request.offset));
      } while (result < 0 && errno == EINTR);
      break;
    case FileRequest::Op::fsync:
      result = ::fdatasync(request.fd);
      break;
    case FileRequest::Op::close:
      result = ::close(request.fd);
      break;
  }
  request.result = result < 0 ? -errno : result;
}

// ---- threads ----------------------------------------------------------------------------------

class ThreadEngine final : public FileEngineImpl {
 public:
  explicit ThreadEngine(LoopCore& loop) noexcept : loop_(loop) {}
  FileBackend kind() const noexcept override { return FileBackend::threads; }
  bool busy() const noexcept override { return false; }  // counted by the loop as offloads

  void submit(const std::shared_ptr<FileRequest>& request) override {
    LoopCore& loop = loop_;
    loop.offload_begin();
    try {
      loop.executor().post([request, remote = loop.remote(), loop = &loop] {
        perform(*request);
        remote->post([request, loop] {
          loop->offload_end();
          complete(*request);
        });
      });
    } catch (...) {
      loop.offload_end();
      throw;
    }
  }
  void abandon(FileRequest&) noexcept override {}  // a running system call cannot be stopped

 private:
  LoopCore& loop_;
};

// ---- io_uring ---------------------------------------------------------------------------------

#if CONCUR_HAVE_LIBURING

// Creates a ring and checks that the kernel supports the operations used here. Returns 0 or an
// errno (EPERM/ENOSYS when io_uring is forbidden or absent, EOPNOTSUPP for an older kernel).
int setup_ring(io_uring& ring, unsigned entries) noexcept {
  int status = ::io_uring_queue_init(entries, &ring, 0);
  if (status < 0) return -status;
  io_uring_probe* probe = ::io_uring_get_probe_ring(&ring);
  bool supported = probe != nullptr;
  for (int op : {IORING_OP_OPENAT, IORING_OP_READ, IORING_OP_WRITE, IORING_OP_FSYNC, IORING_OP_CLOSE,
                 IORING_OP_ASYNC_CANCEL})
    supported = supported && ::io_uring_opcode_supported(probe, op);
  if (probe) ::io_uring_free_probe(probe);
  if (!supported) {
    ::io_uring_queue_exit(&ring);
    return EOPNOTSUPP;
  }
  return 0;
}

class UringEngine final : public FileEngineImpl, private PollSource {
 public:
  static constexpr unsigned kEntries = 256;

  explicit UringEngine(LoopCore& loop) : loop_(loop) {
    int error = setup_ring(ring_, kEntries);
    if (error != 0) throw std::system_error(error, std::generic_category(), "concur: io_uring is not available");
    on_events = &UringEngine::on_ring_ready;
    try {
      loop.add_fd(ring_.ring_fd, *this, EPOLLIN);  // level-triggered: readable while completions wait
    } catch (...) {
      ::io_uring_queue_exit(&ring_);
      throw;
    }
  }
  ~UringEngine() override {
    shut_down();
    loop_.remove_fd(ring_.ring_fd);
    ::io_uring_queue_exit(&ring_);
  }

  FileBackend kind() const noexcept override { return FileBackend::io_uring; }
  bool busy() const noexcept override { return !in_flight_.empty(); }

  void submit(const std::shared_ptr<FileRequest>& request) override {
    io_uring_sqe* sqe = next_sqe();
    FileRequest& r = *request;
    switch (r.op) {
      case FileRequest::Op::open:
        ::io_uring_prep_openat(sqe, AT_FDCWD, r.path.c_str(), r.flags | O_CLOEXEC, 0666);
        break;
      case FileRequest::Op::read:
        ::io_uring_prep_read(sqe, r.fd, r.buffer.data(), static_cast<unsigned>(std::min<std::size_t>(r.buffer.size(), 1u << 30)),
                             r.offset);
        break;
      case FileRequest::Op::write:
        // offset -1: at the file position (and so at the end in O_APPEND mode).
        ::io_uring_prep_write(sqe, r.fd, r.buffer.data() + r.done, static_cast<unsigned>(std::min<std::size_t>(r.length, 1u << 30)),
                              r.at_position ? static_cast<std::uint64_t>(-1) : r.offset);
        break;
      case FileRequest::Op::fsync:
        ::io_uring_prep_fsync(sqe, r.fd, IORING_FSYNC_DATASYNC);
        break;
      case FileRequest::Op::close:
        ::io_uring_prep_close(sqe, r.fd);
        break;
    }
    ::io_uring_sqe_set_data(sqe, request.get());
    in_flight_.emplace(request.get(), request);  // keeps the buffer alive until the completion
    unsubmitted_ = true;
  }

  void abandon(FileRequest& request) noexcept override {
    if (!in_flight_.count(&request)) return;
    io_uring_sqe* sqe = next_sqe();
    ::io_uring_prep_cancel(sqe, &request, 0);
    ::io_uring_sqe_set_data(sqe, nullptr);  // its own completion is ignored
    unsubmitted_ = true;
  }

  void before_poll() noexcept override {
    if (unsubmitted_) {
      ::io_uring_submit(&ring_);
      unsubmitted_ = false;
    }
  }

  // Waits for every operation in flight, cancelling them first: their buffers are about to go.
  void shut_down() noexcept override {
    for (auto& [raw, request] : in_flight_) {
      request->waiter = nullptr;
      io_uring_sqe* sqe = next_sqe();
      ::io_uring_prep_cancel(sqe, raw, 0);
      ::io_uring_sqe_set_data(sqe, nullptr);
    }
    ::io_uring_submit(&ring_);
    unsubmitted_ = false;
    while (!in_flight_.empty()) {
      io_uring_cqe* cqe = nullptr;
      if (::io_uring_wait_cqe(&ring_, &cqe) < 0) break;
      reap();
    }
  }

 private:
  io_uring_sqe* next_sqe() noexcept {
    io_uring_sqe* sqe = ::io_uring_get_sqe(&ring_);
    while (!sqe) {  // the submission queue is full: hand it to the kernel first
      ::io_uring_submit(&ring_);
      sqe = ::io_uring_get_sqe(&ring_);
    }
    return sqe;
  }

  void reap() noexcept {
    io_uring_cqe* cqe = nullptr;
    while (::io_uring_peek_cqe(&ring_, &cqe) == 0 && cqe) {
      auto* raw = static_cast<FileRequest*>(::io_uring_cqe_get_data(cqe));
      long result = cqe->res;
      ::io_uring_cqe_seen(&ring_, cqe);
      if (!raw) continue;  // a cancellation's own completion
      auto found = in_flight_.find(raw);
      if (found == in_flight_.end()) continue;
      std::shared_ptr<FileRequest> request = std::move(found->second);
      in_flight_.erase(found);
      request->result = result;
      complete(*request);
    }
  }

  static void on_ring_ready(PollSource& source, std::uint32_t) noexcept { static_cast<UringEngine&>(source).reap(); }

  LoopCore& loop_;
  io_uring ring_{};
  std::unordered_map<FileRequest*, std::shared_ptr<FileRequest>> in_flight_;
  bool unsubmitted_ = false;
};

#endif  // CONCUR_HAVE_LIBURING

// ---- the awaiter ------------------------------------------------------------------------------

class FileWait : public Waiter {
 public:
  FileWait(FileEngineImpl& engine, std::shared_ptr<FileRequest> request) noexcept
      : engine_(engine), request_(std::move(request)) {}
  ~FileWait() {
    if (request_->waiter == this) {
      request_->waiter = nullptr;
      engine_.abandon(*request_);
    }
  }
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> handle) {
    if (!this->bind(handle)) return false;
    request_->waiter = this;
    try {
      engine_.submit(request_);
    } catch (...) {
      request_->waiter = nullptr;
      throw;
    }
    this->suspend_here();
    return true;
  }
  // The system call's result; throws CancelledError, or std::system_error for a failure.
  long await_resume() {
    this->throw_if_cancelled();
    if (request_->result < 0)
      throw std::system_error(static_cast<int>(-request_->result), std::generic_category(), what());
    return request_->result;
  }
  void interrupt() noexcept override {
    request_->waiter = nullptr;
    engine_.abandon(*request_);
    this->wake();
  }

 private:
  const char* what() const noexcept {
    switch (request_->op) {
      case FileRequest::Op::open:
        return "concur::File::open";
      case FileRequest::Op::read:
        return "concur::File: read";
      case FileRequest::Op::write:
        return "concur::File: write";
      case FileRequest::Op::fsync:
        return "concur::File::sync";
      default:
        return "concur::File::close";
    }
  }

  FileEngineImpl& engine_;
  std::shared_ptr<FileRequest> request_;
};

FileEngineImpl& engine_of_running_loop() {
  LoopCore* loop = LoopCore::current();
  if (!loop) throw std::logic_error("concur::File: no event loop is running on this thread");
  return static_cast<FileEngineImpl&>(loop->files());
}

std::unique_ptr<FileEngine> make_file_engine(LoopCore& loop, FileBackend requested) {
  switch (requested) {
    case FileBackend::threads:
      return std::make_unique<ThreadEngine>(loop);
    case FileBackend::io_uring:
#if CONCUR_HAVE_LIBURING
      return std::make_unique<UringEngine>(loop);
#else
      throw std::system_error(ENOSYS, std::generic_category(), "concur: this build has no io_uring support (liburing)");
#endif
    case FileBackend::automatic:
    default:
#if CONCUR_HAVE_LIBURING
      try {
        return std::make_unique<UringEngine>(loop);
      } catch (const std::system_error&) {
        // Forbidden (seccomp, sysctl kernel.io_uring_disabled) or too old: fall back.
      }
#endif
      return std::make_unique<ThreadEngine>(loop);
  }
}

// One operation on a file: submits `request` and waits for its result.
Task<long> run_request(std::shared_ptr<FileRequest> request) {
  FileEngineImpl& engine = engine_of_running_loop();
  co_return co_await FileWait(engine, std::move(request));
}

std::shared_ptr<FileRequest> make_request(FileRequest::Op op, int fd) {
  auto request = std::make_shared<FileRequest>();
  request->op = op;
  request->fd = fd;
  return request;
}

}  // namespace detail

// ---- File -------------------------------------------------------------------------------------

File::File(File&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), position_(other.position_), mode_(other.mode_), backend_(other.backend_) {}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    position_ = other.position_;
    mode_ = other.mode_;
    backend_ = other.backend_;
  }
  return *this;
}

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

Task<File> File::open(std::string path, OpenMode mode) {
  auto request = detail::make_request(detail::FileRequest::Op::open, -1);
  request->path = std::move(path);
  switch (mode) {
    case OpenMode::read:
      request->flags = O_RDONLY;
      break;
    case OpenMode::write:
      request->flags = O_WRONLY | O_CREAT | O_TRUNC;
      break;
    case OpenMode::append:
      request->flags = O_WRONLY | O_CREAT | O_APPEND;
      break;
    case OpenMode::read_write:
      request->flags = O_RDWR;
      break;
  }
  FileBackend backend = detail::engine_of_running_loop().kind();
  long fd = co_await detail::run_request(std::move(request));
  co_return File(static_cast<int>(fd), mode, backend);
}

Task<std::string> File::read_at(std::uint64_t offset, std::size_t max_bytes) {
  if (fd_ < 0) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::File: closed");
  auto request = detail::make_request(detail::FileRequest::Op::read, fd_);
  request->offset = offset;
  request->buffer.resize(max_bytes);
  std::shared_ptr<detail::FileRequest> keep = request;
  long got = co_await detail::run_request(std::move(request));
  keep->buffer.resize(static_cast<std::size_t>(got));
  co_return std::move(keep->buffer);
}

Task<std::string> File::read(std::size_t max_bytes) {
  std::string data = co_await read_at(position_, max_bytes);
  position_ += data.size();
  co_return std::move(data);
}

Task<std::string> File::read_all() {
  std::string all;
  std::size_t chunk = 64 * 1024;
  struct stat info {};
  if (fd_ >= 0 && ::fstat(fd_, &info) == 0 && info.st_size > 0 &&
      static_cast<std::uint64_t>(info.st_size) > position_)
    chunk = static_cast<std::size_t>(info.st_size - static_cast<off_t>(position_)) + 1;  // +1: sees the end at once
  for (;;) {
    std::string part = co_await read(chunk);
    if (part.empty()) break;
    if (all.empty()) {
      all = std::move(part);
    } else {
      all += part;
    }
    chunk = std::max<std::size_t>(chunk, 64 * 1024);
  }
  co_return std::move(all);
}

Task<void> File::write_at(std::uint64_t offset, std::string data) {
  if (fd_ < 0) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::File: closed");
  auto request = detail::make_request(detail::FileRequest::Op::write, fd_);
  request->offset = offset;
  request->at_position = mode_ == OpenMode::append;
  request->buffer = std::move(data);
  while (request->done < request->buffer.size()) {
    request->length = request->buffer.size() - request->done;
    long written = co_await detail::run_request(request);
    if (written == 0) throw std::system_error(std::make_error_code(std::errc::io_error), "concur::File: write wrote nothing");
    request->done += static_cast<std::size_t>(written);
    request->offset += static_cast<std::uint64_t>(written);
  }
}

Task<void> File::write(std::string data) {
  std::size_t size = data.size();
  co_await write_at(position_, std::move(data));
  position_ += size;
}

Task<void> File::sync() {
  if (fd_ < 0) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::File: closed");
  co_await detail::run_request(detail::make_request(detail::FileRequest::Op::fsync, fd_));
}

Task<void> File::close() {
  if (fd_ < 0) co_return;
  int fd = std::exchange(fd_, -1);  // closed whatever happens: a failed close(2) still frees the fd
  co_await detail::run_request(detail::make_request(detail::FileRequest::Op::close, fd));
}

Task<std::string> read_file(std::string path) {
  File file = co_await File::open(std::move(path), OpenMode::read);
  std::string data = co_await file.read_all();
  co_await file.close();
  co_return std::move(data);
}

Task<void> write_file(std::string path, std::string data) {
  File file = co_await File::open(std::move(path), OpenMode::write);
  co_await file.write(std::move(data));
  co_await file.close();
}

bool file_backend_available(FileBackend backend) noexcept {
  if (backend != FileBackend::io_uring) return true;
#if CONCUR_HAVE_LIBURING
  io_uring ring{};
  if (detail::setup_ring(ring, 4) != 0) return false;
  ::io_uring_queue_exit(&ring);
  return true;
#else
  return false;
#endif
}

}  // namespace concur
