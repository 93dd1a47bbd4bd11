// Celery protocol 2 messages in kombu's Redis envelope; dates, uuids, base64; broker URLs; states.
#include "concur/queue/message.h"

#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <random>
#include <stdexcept>

#include "concur/queue/broker_url.h"
#include "concur/queue/errors.h"
#include "concur/queue/signature.h"
#include "concur/queue/state.h"
#include "encoding.h"

namespace concur::queue {

// ---- base64 (the body's encoding)

namespace detail {

std::string base64_encode(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() / 4 * 3);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    int v = value(c);
    if (v < 0) throw MalformedMessage("body is not base64");
    buffer = buffer << 6 | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string local_hostname() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "localhost";
  return name.data();
}

}  // namespace detail

// ---- dates and ids

std::string format_iso8601(Clock::time_point t) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  long fraction = static_cast<long>(micros % 1000000);
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06ld+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, fraction);
  return buffer;
}

Clock::time_point parse_iso8601(std::string_view text) {
  auto fail = [&]() -> Clock::time_point { throw std::invalid_argument("not an ISO 8601 date: " + std::string(text)); };
  auto number = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    if (pos + len > text.size()) fail();
    auto [p, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, v);
    if (ec != std::errc() || p != text.data() + pos + len) fail();
    return v;
  };
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':')
    fail();
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(5, 2) - 1;
  tm.tm_mday = number(8, 2);
  tm.tm_hour = number(11, 2);
  tm.tm_min = number(14, 2);
  tm.tm_sec = number(17, 2);
  std::size_t pos = 19;
  long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) {
        micros = micros * 10 + (text[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    while (digits++ < 6) micros *= 10;
  }
  long offset_seconds = 0;
  if (pos < text.size()) {
    if (text[pos] == 'Z') {
      ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
      int sign = text[pos] == '-' ? -1 : 1;
      int hours = number(pos + 1, 2);
      int minutes = text.size() > pos + 3 && text[pos + 3] == ':' ? number(pos + 4, 2) : number(pos + 3, 2);
      offset_seconds = sign * (hours * 3600L + minutes * 60L);
      pos = text.size();
    } else {
      fail();
    }
  }
  std::time_t seconds = timegm(&tm) - offset_seconds;
  return Clock::time_point(std::chrono::seconds(seconds)) + std::chrono::microseconds(micros);
}

std::string make_uuid() {
  thread_local std::mt19937_64 engine{std::random_device{}() ^ (std::uint64_t(std::random_device{}()) << 32)};
  std::uint64_t hi = engine(), lo = engine();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buffer[37];
  std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32), unsigned((hi >> 16) & 0xffff),
                unsigned(hi & 0xffff), unsigned(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buffer;
}

// ---- the message

namespace {

std::string string_or_empty(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) throw MalformedMessage(std::string("header '") + key + "' is not a string");
  return it->get<std::string>();
}

std::optional<double> limit_at(const Json& limits, std::size_t i) {
  if (!limits.is_array() || limits.size() <= i || !limits[i].is_number()) return std::nullopt;
  return limits[i].get<double>();
}

Json or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

TaskMessage TaskMessage::parse(std::string_view envelope) {
  Json doc = Json::parse(envelope.begin(), envelope.end(), nullptr, false);
  if (doc.is_discarded()) throw MalformedMessage("not JSON");
  if (!doc.is_object()) throw MalformedMessage("not a JSON object");
  auto headers_it = doc.find("headers");
  auto properties_it = doc.find("properties");
  auto body_it = doc.find("body");
  if (headers_it == doc.end() || !headers_it->is_object()) throw MalformedMessage("no headers (not a Celery protocol 2 message)");
  if (properties_it == doc.end() || !properties_it->is_object()) throw MalformedMessage("no properties");
  if (body_it == doc.end() || !body_it->is_string()) throw MalformedMessage("no body");
  const Json& headers = *headers_it;
  const Json& properties = *properties_it;
  std::string content_type = doc.value("content-type", "");
  if (content_type != "application/json")
    throw MalformedMessage("content-type '" + content_type + "' (only the JSON serializer is supported)");

  TaskMessage m;
  try {
    m.task = string_or_empty(headers, "task");
    m.id = string_or_empty(headers, "id");
    if (m.task.empty() || m.id.empty()) throw MalformedMessage("headers.task or headers.id missing");
    m.root_id = string_or_empty(headers, "root_id");
    m.parent_id = string_or_empty(headers, "parent_id");
    m.group = string_or_empty(headers, "group");
    if (headers.contains("group_index") && headers["group_index"].is_number_integer()) m.group_index = headers["group_index"].get<int>();
    if (auto eta = string_or_empty(headers, "eta"); !eta.empty()) m.eta = parse_iso8601(eta);
    if (auto expires = string_or_empty(headers, "expires"); !expires.empty()) m.expires = parse_iso8601(expires);
    if (headers.contains("retries") && headers["retries"].is_number_integer()) m.retries = headers["retries"].get<int>();
    if (headers.contains("timelimit")) {
      m.time_limit = limit_at(headers["timelimit"], 0);
      m.soft_time_limit = limit_at(headers["timelimit"], 1);
    }
    m.origin = string_or_empty(headers, "origin");
    m.ignore_result = headers.value("ignore_result", false);
    m.redelivered = headers.value("redelivered", false);

    std::string encoding = properties.value("body_encoding", "base64");
    std::string body_text = encoding == "base64" ? detail::base64_decode(body_it->get<std::string>()) : body_it->get<std::string>();
    Json body = Json::parse(body_text, nullptr, false);
    if (body.is_discarded()) throw MalformedMessage("body is not JSON");
    if (!body.is_array() || body.size() != 3 || !body[0].is_array() || !body[1].is_object())
      throw MalformedMessage("body is not [args, kwargs, embed]");
    m.args = body[0];
    m.kwargs = body[1];
    if (body[2].is_object()) {
      m.callbacks = body[2].value("callbacks", Json(nullptr));
      m.errbacks = body[2].value("errbacks", Json(nullptr));
      m.chain = body[2].value("chain", Json(nullptr));
      m.chord = body[2].value("chord", Json(nullptr));
    }
    m.delivery_tag = string_or_empty(properties, "delivery_tag");
    m.reply_to = string_or_empty(properties, "reply_to");
    if (properties.contains("priority") && properties["priority"].is_number_integer()) m.priority = properties["priority"].get<int>();
    if (auto info = properties.find("delivery_info"); info != properties.end() && info->is_object()) {
      m.exchange = string_or_empty(*info, "exchange");
      m.routing_key = string_or_empty(*info, "routing_key");
    }
  } catch (const MalformedMessage&) {
    throw;
  } catch (const std::exception& e) {
    throw MalformedMessage(e.what());
  }
  return m;
}

std::string TaskMessage::serialize() const {
  Json embed = {{"callbacks", callbacks}, {"errbacks", errbacks}, {"chain", chain}, {"chord", chord}};
  Json body = Json::array({args, kwargs, embed});
  Json timelimit = Json::array({time_limit ? Json(*time_limit) : Json(nullptr), soft_time_limit ? Json(*soft_time_limit) : Json(nullptr)});
  Json headers = {
      {"lang", "py"},
      {"task", task},
      {"id", id},
      {"shadow", nullptr},
      {"eta", eta ? Json(format_iso8601(*eta)) : Json(nullptr)},
      {"expires", expires ? Json(format_iso8601(*expires)) : Json(nullptr)},
      {"group", or_null(group)},
      {"group_index", group_index ? Json(*group_index) : Json(nullptr)},
      {"retries", retries},
      {"timelimit", timelimit},
      {"root_id", root_id.empty() ? Json(id) : Json(root_id)},
      {"parent_id", or_null(parent_id)},
      {"argsrepr", args.dump()},
      {"kwargsrepr", kwargs.dump()},
      {"origin", origin},
      {"ignore_result", ignore_result},
  };
  if (redelivered) headers["redelivered"] = true;
  Json properties = {
      {"correlation_id", id},
      {"reply_to", reply_to.empty() ? Json(make_uuid()) : Json(reply_to)},
      {"delivery_mode", 2},
      {"delivery_info", {{"exchange", exchange}, {"routing_key", routing_key}}},
      {"priority", priority},
      {"body_encoding", "base64"},
      {"delivery_tag", delivery_tag.empty() ? Json(make_uuid()) : Json(delivery_tag)},
  };
  Json doc = {{"body", detail::base64_encode(body.dump())},
              {"content-encoding", "utf-8"},
              {"content-type", "application/json"},
              {"headers", headers},
              {"properties", properties}};
  return doc.dump();
}

// ---- signatures

Json Signature::to_json() const {
  Json options_json = Json::object();
  if (!options.task_id.empty()) options_json["task_id"] = options.task_id;
  if (!options.queue.empty()) options_json["queue"] = options.queue;
  if (options.countdown) options_json["countdown"] = options.countdown->count() / 1000.0;
  if (options.time_limit) options_json["time_limit"] = *options.time_limit;
  if (options.soft_time_limit) options_json["soft_time_limit"] = *options.soft_time_limit;
  if (options.priority) options_json["priority"] = options.priority;
  return {{"task", task},          {"args", args},       {"kwargs", kwargs}, {"options", options_json},
          {"subtask_type", nullptr}, {"immutable", is_immutable}, {"chord_size", nullptr}};
}

Signature Signature::from_json(const Json& dict) {
  if (!dict.is_object() || !dict.contains("task") || !dict["task"].is_string()) throw MalformedMessage("not a signature");
  Signature sig;
  sig.task = dict["task"].get<std::string>();
  sig.args = dict.value("args", Json::array());
  sig.kwargs = dict.value("kwargs", Json::object());
  if (sig.kwargs.is_null()) sig.kwargs = Json::object();
  sig.is_immutable = dict.value("immutable", false);
  Json options = dict.value("options", Json::object());
  if (options.is_object()) {
    if (options.contains("task_id") && options["task_id"].is_string()) sig.options.task_id = options["task_id"];
    if (options.contains("queue") && options["queue"].is_string()) sig.options.queue = options["queue"];
    if (options.contains("countdown") && options["countdown"].is_number())
      sig.options.countdown = std::chrono::milliseconds(static_cast<long long>(options["countdown"].get<double>() * 1000));
    if (options.contains("time_limit") && options["time_limit"].is_number()) sig.options.time_limit = options["time_limit"].get<double>();
    if (options.contains("soft_time_limit") && options["soft_time_limit"].is_number())
      sig.options.soft_time_limit = options["soft_time_limit"].get<double>();
    if (options.contains("priority") && options["priority"].is_number_integer()) sig.options.priority = options["priority"].get<int>();
  }
  return sig;
}

// ---- broker URLs

BrokerUrl BrokerUrl::parse(std::string_view url) {
  auto fail = [&](const char* why) -> BrokerUrl {
    throw std::invalid_argument("bad broker URL '" + std::string(url) + "': " + why);
  };
  constexpr std::string_view scheme = "redis://";
  if (url.substr(0, scheme.size()) != scheme) return fail("only redis:// is supported");
  std::string_view rest = url.substr(scheme.size());
  BrokerUrl out;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (auto colon = credentials.find(':'); colon != std::string_view::npos) {
      out.username = std::string(credentials.substr(0, colon));
      out.password = std::string(credentials.substr(colon + 1));
    } else {
      out.password = std::string(credentials);
    }
  }
  std::string_view hostport = rest;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    hostport = rest.substr(0, slash);
    std::string_view db = rest.substr(slash + 1);
    if (auto q = db.find('?'); q != std::string_view::npos) db = db.substr(0, q);
    if (!db.empty()) {
      auto [p, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
      if (ec != std::errc() || p != db.data() + db.size() || out.db < 0) return fail("the database is not a number");
    }
  }
  if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    std::string_view port = hostport.substr(colon + 1);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || p != port.data() + port.size() || out.port <= 0 || out.port > 65535) return fail("bad port");
    hostport = hostport.substr(0, colon);
  }
  if (!hostport.empty()) out.host = std::string(hostport);
  return out;
}

std::string BrokerUrl::redacted() const {
  std::string auth = password.empty() ? "" : username + ":***@";
  return "redis://" + auth + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

// ---- states

std::string_view to_string(State state) noexcept {
  switch (state) {
    case State::pending: return "PENDING";
    case State::received: return "RECEIVED";
    case State::started: return "STARTED";
    case State::success: return "SUCCESS";
    case State::failure: return "FAILURE";
    case State::retry: return "RETRY";
    case State::revoked: return "REVOKED";
  }
  return "PENDING";
}

State state_from_string(std::string_view name) noexcept {
  if (name == "RECEIVED") return State::received;
  if (name == "STARTED") return State::started;
  if (name == "SUCCESS") return State::success;
  if (name == "FAILURE") return State::failure;
  if (name == "RETRY") return State::retry;
  if (name == "REVOKED") return State::revoked;
  return State::pending;
}

// ---- errors that cross process pools as what()

std::string Retry::encode(const std::string& reason, std::optional<std::chrono::milliseconds> countdown) {
  return "Retry in " + (countdown ? std::to_string(countdown->count()) + "ms" : std::string("backoff")) + ": " + reason;
}

std::optional<Retry> Retry::from_message(const std::string& what) {
  constexpr std::string_view prefix = "Retry in ";
  if (what.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  auto colon = what.find(": ", prefix.size());
  if (colon == std::string::npos) return std::nullopt;
  std::string when = what.substr(prefix.size(), colon - prefix.size());
  std::string reason = what.substr(colon + 2);
  if (when == "backoff") return Retry(reason);
  long long ms = 0;
  auto [p, ec] = std::from_chars(when.data(), when.data() + when.size(), ms);
  if (ec != std::errc() || std::string_view(p) != "ms") return std::nullopt;
  return Retry(reason, std::chrono::milliseconds(ms));
}

std::optional<TaskError> TaskError::from_message(const std::string& what) {
  auto colon = what.find(": ");
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string qualified = what.substr(0, colon);
  if (qualified.find(' ') != std::string::npos) return std::nullopt;
  std::string module = "builtins";
  std::string type = qualified;
  if (auto dot = qualified.rfind('.'); dot != std::string::npos) {
    module = qualified.substr(0, dot);
    type = qualified.substr(dot + 1);
  }
  return TaskError(type, what.substr(colon + 2), module);
}

}  // namespace concur::queue
