// A blocking hiredis connection that reconnects with backoff (private to concur::queue).
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "concur/queue/broker_url.h"
#include "concur/queue/retry_policy.h"

namespace concur::queue::detail {

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
  void operator()(redisContext* context) const noexcept { redisFree(context); }
};

using Command = std::vector<std::string>;

// An error reply from Redis (a script error, WRONGTYPE...): not retried.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};


class RedisConnection {
 public:
  using Log = std::function<void(std::string_view)>;
  RedisConnection(BrokerUrl url, RetryPolicy retry, Log log = {});

  // One command. A lost connection is re-established (with backoff) and the command sent again,
  // until the policy gives up (BrokerUnavailable). Error replies throw RedisError.
  Reply run(const Command& command);
  // Several commands in one round trip; the replies in order.
  std::vector<Reply> pipeline(const std::vector<Command>& commands);
  // EVALSHA of a script (loaded on first use and again after a server restart) keys... args...
  Reply eval(std::string_view script, const std::vector<std::string>& keys, const std::vector<std::string>& args);
  // Many EVALSHAs in one round trip; the replies in order, error replies included (not thrown).
  // A lost connection sends the whole batch again.
  struct Eval {
    std::string_view script;
    std::vector<std::string> keys;
    std::vector<std::string> args;
  };
  std::vector<Reply> eval_many(const std::vector<Eval>& calls);
  int fd() const noexcept { return context_ ? context_->fd : -1; }
  // How many times this connection was (re)established: a change across a call means the call may
  // have been sent twice (its first reply lost).
  std::uint64_t connects() const noexcept { return connects_; }

  // For blocking reads (BLMOVE, SUBSCRIBE): one attempt, no retry, with this read timeout.
  // Returns null on timeout; throws std::system_error-like ConnectionLost on a broken link.
  Reply run_once(const Command& command, std::chrono::milliseconds timeout);
  // Sends without reading (SUBSCRIBE), then read_reply().
  void send(const Command& command);
  Reply read_reply(std::chrono::milliseconds timeout);  // null on timeout
  void disconnect() noexcept { context_.reset(); }
  bool connected() const noexcept { return context_ != nullptr; }
  // Connects now (with the retry policy).
  void ensure_connected();

 private:
  void connect_once();
  // The commands in one round trip (retried on a lost link), their replies in order; the ones a
  // restarted server refuses while LOADING are sent again once it is ready.
  std::vector<Reply> round_trip(const std::vector<Command>& commands);
  template <class F>
  auto with_retry(F&& attempt) -> decltype(attempt());

  BrokerUrl url_;
  RetryPolicy retry_;
  Log log_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  std::chrono::milliseconds current_timeout_{-1};
  std::uint64_t connects_ = 0;
  std::map<const char*, std::string> shas_;  // script text -> SHA1 known to the server
};

// Thrown by run_once/read_reply when the connection broke (the caller reconnects).
class ConnectionLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline std::string reply_string(const redisReply* reply) {
  if (reply && (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS)) return {reply->str, reply->len};
  return {};
}

}  // namespace concur::queue::detail
