// Exceptions thrown by the concur runtime.
//
// Every failure a caller can observe through a Future or a pool call is one of these types (or the
// task's own exception, re-thrown unchanged for thread pools), so callers can catch precisely.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <sys/types.h>

namespace concur {

// get() on a future whose task was cancelled before it started; in a coroutine (concur::Task), the
// exception a cancelled task receives at its next suspension point (asyncio.CancelledError).
class CancelledError : public std::runtime_error {
 public:
  CancelledError() : std::runtime_error("concur: the task was cancelled before it ran") {}
  explicit CancelledError(const char* message) : std::runtime_error(message) {}
};

// submit()/map() on a pool after shutdown() (or while it is being destroyed).
class PoolShutdown : public std::runtime_error {
 public:
  PoolShutdown() : std::runtime_error("concur: the pool has been shut down") {}
};

// Misuse of a Future: get() on an empty future or a second get() on the same future.
class FutureError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// A value could not be decoded: truncated or mismatched bytes between caller and worker.
class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An exception thrown by a task inside a ProcessPool worker, carried back to the caller.
// The exception object itself cannot cross the process boundary, so its dynamic type name and
// what() are kept instead.
class RemoteError : public std::runtime_error {
 public:
  RemoteError(std::string type_name, std::string message)
      : std::runtime_error(type_name + ": " + message),
        type_name_(std::move(type_name)),
        message_(std::move(message)) {}
  // Demangled dynamic type of the exception thrown in the worker, e.g. "std::invalid_argument".
  const std::string& type_name() const noexcept { return type_name_; }
  // The remote exception's what().
  const std::string& message() const noexcept { return message_; }

 private:
  std::string type_name_;
  std::string message_;
};

// The worker process running a task died (killed by a signal, crashed, or exited) before replying.
class WorkerDied : public std::runtime_error {
 public:
  WorkerDied(pid_t pid, int term_signal, int exit_status, const std::string& message)
      : std::runtime_error(message), pid_(pid), signal_(term_signal), exit_status_(exit_status) {}
  pid_t pid() const noexcept { return pid_; }
  // The signal that killed the worker, or 0 if it exited.
  int signal_number() const noexcept { return signal_; }
  // The worker's exit status if it exited, or -1 if it was killed by a signal.
  int exit_status() const noexcept { return exit_status_; }

 private:
  pid_t pid_;
  int signal_;
  int exit_status_;
};

// concur::as_completed with a timeout: the timeout passed before every future completed
// (concurrent.futures.TimeoutError). The futures themselves are unaffected. Also thrown by
// concur::wait_for when the awaited task ran past its timeout (and was cancelled).
class TimeoutError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A ProcessPool task ran past its timeout; its worker was killed and replaced.
class TaskTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The ProcessPool lost its fork server, so it cannot replace workers any more.
class BrokenPool : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// concur::net: the stream ended before read_exactly() got the bytes it asked for
// (asyncio.IncompleteReadError). partial() holds what did arrive.
class IncompleteReadError : public std::runtime_error {
 public:
  IncompleteReadError(std::string partial, std::size_t expected)
      : std::runtime_error("concur: the stream ended after " + std::to_string(partial.size()) + " of " +
                           std::to_string(expected) + " bytes"),
        partial_(std::move(partial)),
        expected_(expected) {}
  const std::string& partial() const noexcept { return partial_; }
  std::size_t expected() const noexcept { return expected_; }

 private:
  std::string partial_;
  std::size_t expected_;
};

}  // namespace concur
