// Exceptions of concur::queue. As with concur::Future, a task's failure reaches the caller of
// AsyncResult::get(): a TaskFailed carrying the exception's type, module, message and traceback
// as the worker (C++ or Python) reported them.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "concur/errors.h"

namespace concur::queue {

// The task raised (or the worker failed it: time limit, lost worker, result too large...).
// type_name() is the Python-style exception type ("ValueError", "TimeLimitExceeded", or a C++
// type such as "std::logic_error" for exceptions with no Python counterpart).
class TaskFailed : public RemoteError {
 public:
  TaskFailed(std::string task_id, std::string type_name, std::string module, std::string message, std::string traceback)
      : RemoteError(std::move(type_name), std::move(message)),
        task_id_(std::move(task_id)),
        module_(std::move(module)),
        traceback_(std::move(traceback)) {}
  const std::string& task_id() const noexcept { return task_id_; }
  // "builtins" for Python's built-in exceptions, "celery.exceptions" for Celery's own; empty when
  // the worker gave none.
  const std::string& module() const noexcept { return module_; }
  const std::string& traceback() const noexcept { return traceback_; }

 private:
  std::string task_id_;
  std::string module_;
  std::string traceback_;
};

// get() on a task that was revoked (or expired before it ran): state REVOKED.
class TaskRevoked : public std::runtime_error {
 public:
  explicit TaskRevoked(const std::string& task_id) : std::runtime_error("task " + task_id + " was revoked"), task_id_(task_id) {}
  const std::string& task_id() const noexcept { return task_id_; }

 private:
  std::string task_id_;
};

// The broker could not be reached within the retry policy's limit (the client gives up; a
// worker never does).
class BrokerUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by a task to ask for another run later (Celery's self.retry()). Without a countdown the
// worker backs off exponentially (TaskOptions::retry_backoff). Past max_retries the task fails with
// MaxRetriesExceededError. Works in thread and process pools alike: what() carries the countdown.
class Retry : public std::runtime_error {
 public:
  explicit Retry(std::string reason = "retry", std::optional<std::chrono::milliseconds> countdown = std::nullopt)
      : std::runtime_error(encode(reason, countdown)), reason_(std::move(reason)), countdown_(countdown) {}
  const std::string& reason() const noexcept { return reason_; }
  std::optional<std::chrono::milliseconds> countdown() const noexcept { return countdown_; }

  // The other way: a Retry's what() (as a process pool worker reports it) back into a Retry.
  static std::optional<Retry> from_message(const std::string& what);

 private:
  static std::string encode(const std::string& reason, std::optional<std::chrono::milliseconds> countdown);
  std::string reason_;
  std::optional<std::chrono::milliseconds> countdown_;
};

// A task may throw this to fail with a Python exception type of its choosing (what a Python
// client then catches), e.g. throw TaskError("KeyError", "no such user"). what() is the last line
// of a Python traceback, "KeyError: no such user" (with "module." before the type unless the
// module is builtins), which is also how it crosses a process pool.
class TaskError : public std::runtime_error {
 public:
  TaskError(std::string type_name, const std::string& message, std::string module = "builtins")
      : std::runtime_error((module == "builtins" || module.empty() ? "" : module + ".") + type_name + ": " + message),
        type_name_(std::move(type_name)),
        module_(std::move(module)),
        message_(message) {}
  const std::string& type_name() const noexcept { return type_name_; }
  const std::string& module() const noexcept { return module_; }
  const std::string& message() const noexcept { return message_; }
  // what() back into a TaskError (nullopt if it has no "Type: " prefix).
  static std::optional<TaskError> from_message(const std::string& what);

 private:
  std::string type_name_;
  std::string module_;
  std::string message_;
};

// A message that is not a Celery protocol 2 task message (bad JSON, missing headers, bad body).
class MalformedMessage : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace concur::queue
