// concur::queue::Client and the result backend's reading side.
#include "concur/queue/client.h"

#include <thread>

#include "client_core.h"
#include "concur/queue/errors.h"
#include "encoding.h"

namespace concur::queue {

namespace {

TaskMessage message_for(const Signature& sig, const detail::ClientCore& core) {
  TaskMessage m;
  m.id = sig.options.task_id.empty() ? make_uuid() : sig.options.task_id;
  m.task = sig.task;
  m.root_id = m.id;
  m.args = sig.args;
  m.kwargs = sig.kwargs.is_null() ? Json::object() : sig.kwargs;
  auto now = Clock::now();
  if (sig.options.eta) m.eta = *sig.options.eta;
  if (sig.options.countdown) m.eta = now + *sig.options.countdown;
  if (sig.options.expires) m.expires = now + *sig.options.expires;
  m.time_limit = sig.options.time_limit;
  m.soft_time_limit = sig.options.soft_time_limit;
  m.routing_key = sig.options.queue.empty() ? core.options.default_queue : sig.options.queue;
  m.priority = sig.options.priority;
  m.ignore_result = sig.options.ignore_result;
  m.origin = core.origin;
  return m;
}

detail::Command push_command(const TaskMessage& m) {
  return {"LPUSH", detail::queue_for_priority(m.routing_key, m.priority), m.serialize()};
}

void declare_binding(detail::ClientCore& core, detail::RedisConnection& c, const std::string& queue) {
  // What a Python producer declares (kombu's _queue_bind), so that tools listing queues see it.
  if (core.binding_declared) return;
  c.run({"SADD", "_kombu.binding." + queue, queue + std::string(detail::kSep) + std::string(detail::kSep) + queue});
  core.binding_declared = true;
}

}  // namespace

Client::Client(std::string_view broker_url, ClientOptions options)
    : core_(std::make_shared<detail::ClientCore>(BrokerUrl::parse(broker_url), std::move(options))) {}

Client::~Client() = default;

std::string Client::send(const Signature& sig) {
  TaskMessage m = message_for(sig, *core_);
  core_->with_connection([&](detail::RedisConnection& c) {
    declare_binding(*core_, c, core_->options.default_queue);
    c.run(push_command(m));
  });
  return m.id;
}

std::vector<std::string> Client::send_many(const std::vector<Signature>& tasks) {
  std::vector<std::string> ids;
  std::vector<detail::Command> commands;
  ids.reserve(tasks.size());
  commands.reserve(tasks.size());
  for (const auto& sig : tasks) {
    TaskMessage m = message_for(sig, *core_);
    ids.push_back(m.id);
    commands.push_back(push_command(m));
  }
  core_->with_connection([&](detail::RedisConnection& c) {
    declare_binding(*core_, c, core_->options.default_queue);
    constexpr std::size_t kBatch = 1000;
    for (std::size_t i = 0; i < commands.size(); i += kBatch) {
      std::vector<detail::Command> batch(commands.begin() + i, commands.begin() + std::min(commands.size(), i + kBatch));
      c.pipeline(batch);
    }
  });
  return ids;
}

std::string Client::send_chain(std::vector<Signature> steps) {
  if (steps.empty()) throw std::invalid_argument("chain: no tasks");
  // Celery freezes every step's id up front; the message carries the rest, last step first.
  for (auto& step : steps)
    if (step.options.task_id.empty()) step.options.task_id = make_uuid();
  std::string last_id = steps.back().options.task_id;
  TaskMessage first = message_for(steps.front(), *core_);
  Json rest = Json::array();
  for (std::size_t i = steps.size(); i-- > 1;) rest.push_back(steps[i].to_json());
  if (!rest.empty()) first.chain = rest;
  core_->with_connection([&](detail::RedisConnection& c) {
    declare_binding(*core_, c, core_->options.default_queue);
    c.run(push_command(first));
  });
  return last_id;
}

std::pair<std::string, std::vector<std::string>> Client::send_group(const std::vector<Signature>& tasks) {
  std::string group_id = make_uuid();
  std::vector<std::string> ids;
  std::vector<detail::Command> commands;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    TaskMessage m = message_for(tasks[i], *core_);
    m.group = group_id;
    m.group_index = static_cast<int>(i);
    ids.push_back(m.id);
    commands.push_back(push_command(m));
  }
  if (!commands.empty())
    core_->with_connection([&](detail::RedisConnection& c) {
      declare_binding(*core_, c, core_->options.default_queue);
      c.pipeline(commands);
    });
  return {group_id, ids};
}

std::string Client::send_chord(const std::vector<Signature>& header, Signature body) {
  if (header.empty()) throw std::invalid_argument("chord: no header tasks");
  std::string group_id = make_uuid();
  if (body.options.task_id.empty()) body.options.task_id = make_uuid();
  Json body_json = body.to_json();
  body_json["chord_size"] = header.size();
  std::vector<detail::Command> commands;
  // The chord's size first (celery's set_chord_size), then the parts.
  commands.push_back({"SET", "celery-taskset-meta-" + group_id + ".s", std::to_string(header.size())});
  for (std::size_t i = 0; i < header.size(); ++i) {
    TaskMessage m = message_for(header[i], *core_);
    m.group = group_id;
    m.group_index = static_cast<int>(i);
    m.chord = body_json;
    commands.push_back(push_command(m));
  }
  core_->with_connection([&](detail::RedisConnection& c) {
    declare_binding(*core_, c, core_->options.default_queue);
    c.pipeline(commands);
  });
  return body.options.task_id;
}

namespace {

// A broadcast to every worker's mailbox (celery.app.control, kombu.pidbox.Mailbox._broadcast).
std::string pidbox_message(const std::string& method, const Json& arguments, const Json& reply_to, const std::string& ticket) {
  Json body = {{"method", method}, {"arguments", arguments}, {"destination", nullptr}, {"pattern", nullptr},
               {"matcher", nullptr}, {"ticket", ticket},      {"reply_to", reply_to}};
  Json headers = {{"clock", 1}, {"expires", detail::unix_now() + 10}};
  return detail::kombu_envelope(body, headers, "celery.pidbox", "", 2);
}

}  // namespace

void Client::revoke(const std::string& task_id) {
  std::string message = pidbox_message("revoke", {{"task_id", task_id}, {"terminate", false}, {"signal", "SIGTERM"}},
                                       nullptr, make_uuid());
  core_->with_connection([&](detail::RedisConnection& c) {
    c.run({"PUBLISH", detail::fanout_channel(core_->url.db, "celery.pidbox"), message});
    // Workers that are not listening now (busy reconnecting, started later) read it from here.
    c.run({"SETEX", "concur-revoked-" + task_id, "86400", "1"});
  });
}

std::vector<Json> Client::ping(std::chrono::milliseconds timeout) {
  std::string oid = make_uuid();
  std::string reply_queue = oid + ".reply.celery.pidbox";
  std::string ticket = make_uuid();
  std::string binding_key = "_kombu.binding.reply.celery.pidbox";
  std::string binding = oid + std::string(detail::kSep) + std::string(detail::kSep) + reply_queue;
  core_->with_connection([&](detail::RedisConnection& c) {
    c.run({"SADD", binding_key, binding});
    c.run({"PUBLISH", detail::fanout_channel(core_->url.db, "celery.pidbox"),
           pidbox_message("ping", Json::object(), {{"exchange", "reply.celery.pidbox"}, {"routing_key", oid}}, ticket)});
  });
  std::vector<Json> replies;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  detail::RedisConnection waiter(core_->url, core_->options.retry);
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    double seconds = std::max(0.01, left.count() / 1000.0);
    detail::Reply reply = waiter.run({"BRPOP", reply_queue, std::to_string(seconds)});
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) break;
    try {
      Json headers;
      Json body = detail::kombu_body(detail::reply_string(reply->element[1]), &headers);
      if (headers.value("ticket", "") == ticket) replies.push_back(std::move(body));
    } catch (const MalformedMessage&) {
    }
  }
  core_->with_connection([&](detail::RedisConnection& c) {
    c.run({"SREM", binding_key, binding});
    c.run({"DEL", reply_queue});
  });
  return replies;
}

std::size_t Client::queue_length(std::string_view queue) {
  std::string name = queue.empty() ? core_->options.default_queue : std::string(queue);
  std::vector<detail::Command> commands;
  for (int step : detail::kPrioritySteps) commands.push_back({"LLEN", detail::queue_for_priority(name, step)});
  auto replies = core_->with_connection([&](detail::RedisConnection& c) { return c.pipeline(commands); });
  std::size_t total = 0;
  for (auto& r : replies) total += static_cast<std::size_t>(r->integer);
  return total;
}

// ---- results

namespace detail {

namespace {

Json parse_meta(const redisReply* reply) {
  if (!reply || reply->type != REDIS_REPLY_STRING) return {{"status", "PENDING"}, {"result", nullptr}};
  Json meta = Json::parse(reply->str, reply->str + reply->len, nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) return {{"status", "PENDING"}, {"result", nullptr}};
  return meta;
}

bool meta_ready(const Json& meta) { return is_ready(state_from_string(meta.value("status", "PENDING"))); }

std::string message_text(const Json& exc_message) {
  if (exc_message.is_string()) return exc_message.get<std::string>();
  if (exc_message.is_array()) {
    std::string out;
    for (const auto& part : exc_message) {
      if (!out.empty()) out += ", ";
      out += part.is_string() ? part.get<std::string>() : part.dump();
    }
    return out;
  }
  return exc_message.is_null() ? std::string() : exc_message.dump();
}

}  // namespace

Json read_meta(ClientCore& core, const std::string& id) {
  Reply reply = core.with_connection([&](RedisConnection& c) { return c.run({"GET", meta_key(id)}); });
  return parse_meta(reply.get());
}

void forget_result(ClientCore& core, const std::string& id) {
  core.with_connection([&](RedisConnection& c) { c.run({"DEL", meta_key(id)}); });
}

Json value_of(const Json& meta, const std::string& id) {
  State state = state_from_string(meta.value("status", "PENDING"));
  if (state == State::success) return meta.value("result", Json(nullptr));
  if (state == State::revoked) throw TaskRevoked(id);
  const Json& result = meta.contains("result") ? meta["result"] : Json(nullptr);
  std::string type = "Exception", module, message;
  if (result.is_object()) {
    type = result.value("exc_type", "Exception");
    if (result.contains("exc_module") && result["exc_module"].is_string()) module = result["exc_module"];
    message = message_text(result.value("exc_message", Json(nullptr)));
  }
  std::string traceback = meta.contains("traceback") && meta["traceback"].is_string() ? meta["traceback"].get<std::string>() : "";
  throw TaskFailed(id, type, module, message, traceback);
}

Json wait_result(ClientCore& core, const std::string& id, std::chrono::milliseconds timeout) {
  const auto start = std::chrono::steady_clock::now();
  auto left = [&]() -> std::chrono::milliseconds {
    if (timeout == kForever) return std::chrono::milliseconds(1000);
    auto remaining = timeout - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return std::clamp(remaining, std::chrono::milliseconds(0), std::chrono::milliseconds(1000));
  };
  Json meta = read_meta(core, id);
  if (meta_ready(meta)) return meta;
  const std::string key = meta_key(id);
  RedisConnection subscriber(core.url, core.options.retry);
  auto delay = core.options.retry.first_delay;
  for (;;) {
    try {
      // Subscribe, then look again: a result stored in between is not missed.
      subscriber.send({"SUBSCRIBE", key});
      subscriber.read_reply(std::chrono::milliseconds(5000));
      meta = read_meta(core, id);
      if (meta_ready(meta)) return meta;
      for (;;) {
        auto slice = left();
        if (slice.count() == 0) throw TimeoutError("task " + id + " not ready after " + std::to_string(timeout.count()) + " ms");
        Reply reply = subscriber.read_reply(slice);
        if (!reply) break;  // read timeout: the link is dropped; look again and resubscribe
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 && reply_string(reply->element[0]) == "message") {
          Json published = Json::parse(reply_string(reply->element[2]), nullptr, false);
          if (!published.is_discarded() && meta_ready(published)) return published;
        }
      }
      meta = read_meta(core, id);
      if (meta_ready(meta)) return meta;
      delay = core.options.retry.first_delay;
    } catch (const ConnectionLost&) {
      subscriber.disconnect();
      if (timeout != kForever && left().count() == 0) throw TimeoutError("task " + id + " not ready (broker unreachable)");
      std::this_thread::sleep_for(delay);
      delay = std::min(delay * 2, core.options.retry.max_delay);
    }
  }
}

std::vector<Json> wait_results(ClientCore& core, const std::vector<std::string>& ids, std::chrono::milliseconds timeout) {
  // Polls the backend with MGET, a window of the first missing results at a time (tasks finish
  // roughly in the order they were sent), backing off while nothing new is ready. The window
  // follows the progress (twice the results the last poll found, at least 32): a fixed window of
  // a thousand made Redis look up a thousand keys a millisecond, most of them not there yet,
  // which cost it more CPU than the tasks themselves.
  const auto start = std::chrono::steady_clock::now();
  std::vector<Json> metas(ids.size());
  std::vector<std::size_t> missing(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) missing[i] = i;
  auto pause = std::chrono::microseconds(500);
  constexpr std::size_t kMaxWindow = 1000, kMinWindow = 32;
  std::size_t window = kMinWindow;
  std::size_t next = 0;  // missing[] before this index are settled
  while (next < missing.size()) {
    std::size_t end = std::min(missing.size(), next + window);
    Command mget{"MGET"};
    for (std::size_t i = next; i < end; ++i) mget.push_back(meta_key(ids[missing[i]]));
    Reply reply = core.with_connection([&](RedisConnection& c) { return c.run(mget); });
    std::vector<std::size_t> still;
    for (std::size_t i = next; i < end; ++i) {
      Json meta = parse_meta(reply->element[i - next]);
      if (meta_ready(meta)) {
        metas[missing[i]] = std::move(meta);
      } else {
        still.push_back(missing[i]);
      }
    }
    std::size_t found = (end - next) - still.size();
    bool progress = found > 0;
    window = std::clamp(2 * found, kMinWindow, kMaxWindow);
    // The window's unsettled ones stay in front.
    std::copy(still.begin(), still.end(), missing.begin() + static_cast<std::ptrdiff_t>(end - still.size()));
    next = end - still.size();
    if (next >= missing.size()) break;
    if (timeout != kForever && std::chrono::steady_clock::now() - start > timeout)
      throw TimeoutError(std::to_string(missing.size() - next) + " of " + std::to_string(ids.size()) + " results not ready");
    pause = progress ? std::chrono::microseconds(1000) : std::min(pause * 2, std::chrono::microseconds(20000));
    std::this_thread::sleep_for(pause);
  }
  return metas;
}

}  // namespace detail

}  // namespace concur::queue
