#include "redis.h"

#include <sys/time.h>

#include <thread>

#include "concur/queue/errors.h"

namespace concur::queue::detail {

RedisConnection::RedisConnection(BrokerUrl url, RetryPolicy retry, Log log)
    : url_(std::move(url)), retry_(retry), log_(std::move(log)) {}

namespace {

Reply command_argv(redisContext* context, const Command& command) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(command.size());
  lengths.reserve(command.size());
  for (const auto& part : command) {
    argv.push_back(part.data());
    lengths.push_back(part.size());
  }
  return Reply(static_cast<redisReply*>(redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

void append_argv(redisContext* context, const Command& command) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& part : command) {
    argv.push_back(part.data());
    lengths.push_back(part.size());
  }
  if (redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK)
    throw ConnectionLost("redis: cannot queue a command");
}

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

}  // namespace

void RedisConnection::connect_once() {
  context_.reset();
  timeval connect_timeout = to_timeval(std::chrono::milliseconds(2000));
  std::unique_ptr<redisContext, ContextDeleter> context(redisConnectWithTimeout(url_.host.c_str(), url_.port, connect_timeout));
  if (!context) throw ConnectionLost("redis: out of memory");
  if (context->err) throw ConnectionLost(std::string("redis: cannot connect to ") + url_.redacted() + ": " + context->errstr);
  redisEnableKeepAlive(context.get());
  auto check = [&](Reply reply, const char* what) {
    if (!reply) throw ConnectionLost(std::string("redis: ") + what + ": " + context->errstr);
    if (reply->type == REDIS_REPLY_ERROR) throw BrokerUnavailable(std::string("redis: ") + what + " refused: " + reply->str);
  };
  if (!url_.password.empty()) {
    Command auth = url_.username.empty() ? Command{"AUTH", url_.password} : Command{"AUTH", url_.username, url_.password};
    check(command_argv(context.get(), auth), "AUTH");
  }
  if (url_.db != 0) check(command_argv(context.get(), {"SELECT", std::to_string(url_.db)}), "SELECT");
  context_ = std::move(context);
  current_timeout_ = std::chrono::milliseconds(-1);
  ++connects_;
}

void RedisConnection::ensure_connected() {
  with_retry([&] {
    if (!context_) connect_once();
    return 0;
  });
}

template <class F>
auto RedisConnection::with_retry(F&& attempt) -> decltype(attempt()) {
  auto start = std::chrono::steady_clock::now();
  auto delay = retry_.first_delay;
  int failures = 0;
  for (;;) {
    try {
      if (!context_) connect_once();
      return attempt();
    } catch (const ConnectionLost& e) {
      context_.reset();
      ++failures;
      auto elapsed = std::chrono::steady_clock::now() - start;
      if (retry_.give_up_after.count() > 0 && elapsed >= retry_.give_up_after)
        throw BrokerUnavailable(std::string(e.what()) + " (gave up after " + std::to_string(failures) + " attempts)");
      if (log_ && (failures == 1 || failures % 10 == 0))
        log_(std::string("broker connection lost (") + e.what() + "), retrying in " + std::to_string(delay.count()) + " ms");
      std::this_thread::sleep_for(delay);
      delay = std::min(delay * 2, retry_.max_delay);
    }
  }
}

namespace {
bool is_loading(const redisReply* reply) {
  return reply && reply->type == REDIS_REPLY_ERROR && std::string_view(reply->str, reply->len).starts_with("LOADING");
}
}  // namespace

std::vector<Reply> RedisConnection::round_trip(const std::vector<Command>& commands) {
  std::vector<Reply> replies(commands.size());
  std::vector<std::size_t> todo(commands.size());
  for (std::size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  auto start = std::chrono::steady_clock::now();
  auto delay = retry_.first_delay;
  for (int pauses = 0;; ++pauses) {
    std::vector<Reply> got = with_retry([&] {
      if (current_timeout_.count() != 0) {
        // blocking calls set a read timeout; ordinary commands wait as long as it takes
        redisSetTimeout(context_.get(), to_timeval(std::chrono::milliseconds(0)));
        current_timeout_ = std::chrono::milliseconds(0);
      }
      for (std::size_t i : todo) append_argv(context_.get(), commands[i]);
      std::vector<Reply> out;
      out.reserve(todo.size());
      for (std::size_t k = 0; k < todo.size(); ++k) {
        void* raw = nullptr;
        if (redisGetReply(context_.get(), &raw) != REDIS_OK) throw ConnectionLost(std::string("redis: ") + context_->errstr);
        out.emplace_back(static_cast<redisReply*>(raw));
      }
      return out;
    });
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < todo.size(); ++k) {
      if (is_loading(got[k].get())) {
        again.push_back(todo[k]);
      } else {
        replies[todo[k]] = std::move(got[k]);
      }
    }
    if (again.empty()) return replies;
    // A restarted server refuses commands with LOADING, without running them, until its data is
    // back: those are sent again after a pause, as for a lost connection.
    if (retry_.give_up_after.count() > 0 && std::chrono::steady_clock::now() - start >= retry_.give_up_after)
      throw BrokerUnavailable("redis: the server is still loading its data (gave up)");
    if (log_ && (pauses == 0 || pauses % 10 == 0))
      log_("broker is loading its data, retrying in " + std::to_string(delay.count()) + " ms");
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, retry_.max_delay);
    todo = std::move(again);
  }
}

Reply RedisConnection::run(const Command& command) {
  Reply reply = std::move(round_trip({command}).front());
  if (reply->type == REDIS_REPLY_ERROR) throw RedisError(std::string("redis: ") + command.front() + ": " + reply->str);
  return reply;
}

std::vector<Reply> RedisConnection::pipeline(const std::vector<Command>& commands) {
  std::vector<Reply> replies = round_trip(commands);
  for (std::size_t i = 0; i < replies.size(); ++i)
    if (replies[i]->type == REDIS_REPLY_ERROR)
      throw RedisError(std::string("redis: ") + commands[i].front() + ": " + replies[i]->str);
  return replies;
}

Reply RedisConnection::eval(std::string_view script, const std::vector<std::string>& keys, const std::vector<std::string>& args) {
  for (int attempt = 0;; ++attempt) {
    std::string& sha = shas_[script.data()];
    if (sha.empty()) sha = reply_string(run({"SCRIPT", "LOAD", std::string(script)}).get());
    Command command{"EVALSHA", sha, std::to_string(keys.size())};
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), args.begin(), args.end());
    try {
      return run(command);
    } catch (const RedisError& e) {
      if (attempt == 0 && std::string_view(e.what()).find("NOSCRIPT") != std::string_view::npos) {
        shas_.erase(script.data());  // the server restarted and forgot it
        continue;
      }
      throw;
    }
  }
}

std::vector<Reply> RedisConnection::eval_many(const std::vector<Eval>& calls) {
  std::vector<Reply> replies(calls.size());
  std::vector<std::size_t> todo(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) todo[i] = i;
  for (int attempt = 0; !todo.empty() && attempt < 3; ++attempt) {
    std::vector<Command> commands;
    for (std::size_t i : todo) {
      const auto& [script, keys, args] = calls[i];
      std::string& sha = shas_[script.data()];
      if (sha.empty()) sha = reply_string(run({"SCRIPT", "LOAD", std::string(script)}).get());
      Command command{"EVALSHA", sha, std::to_string(keys.size())};
      command.insert(command.end(), keys.begin(), keys.end());
      command.insert(command.end(), args.begin(), args.end());
      commands.push_back(std::move(command));
    }
    std::vector<Reply> got = round_trip(commands);
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < todo.size(); ++k) {
      redisReply* r = got[k].get();
      if (r->type == REDIS_REPLY_ERROR && std::string_view(r->str, r->len).find("NOSCRIPT") != std::string_view::npos) {
        again.push_back(todo[k]);  // the server restarted and forgot the script
        shas_.erase(calls[todo[k]].script.data());
      } else {
        replies[todo[k]] = std::move(got[k]);
      }
    }
    todo = std::move(again);
  }
  return replies;
}

Reply RedisConnection::run_once(const Command& command, std::chrono::milliseconds timeout) {
  send(command);
  return read_reply(timeout);
}

void RedisConnection::send(const Command& command) {
  if (!context_) connect_once();
  append_argv(context_.get(), command);
  int done = 0;
  while (!done) {
    if (redisBufferWrite(context_.get(), &done) != REDIS_OK) {
      std::string error = context_->errstr;
      context_.reset();
      throw ConnectionLost("redis: " + error);
    }
  }
}

Reply RedisConnection::read_reply(std::chrono::milliseconds timeout) {
  if (!context_) throw ConnectionLost("redis: not connected");
  if (current_timeout_ != timeout) {
    redisSetTimeout(context_.get(), to_timeval(timeout));
    current_timeout_ = timeout;
  }
  void* raw = nullptr;
  if (redisGetReply(context_.get(), &raw) != REDIS_OK) {
    bool timed_out = context_->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
    std::string error = context_->errstr;
    // hiredis marks the context as failed after a read timeout: it cannot be reused.
    context_.reset();
    if (timed_out) return nullptr;
    throw ConnectionLost("redis: " + error);
  }
  Reply reply(static_cast<redisReply*>(raw));
  if (reply && reply->type == REDIS_REPLY_ERROR) throw RedisError(std::string("redis: ") + reply->str);
  return reply;
}

}  // namespace concur::queue::detail
