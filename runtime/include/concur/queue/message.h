// concur::queue::TaskMessage: one Celery task message (protocol 2) in kombu's Redis envelope.
//
// On the wire (a JSON string in a Redis list, LPUSHed by producers, RPOPed by workers):
//   {"body": base64(JSON [args, kwargs, {"callbacks", "errbacks", "chain", "chord"}]),
//    "content-type": "application/json", "content-encoding": "utf-8",
//    "headers": {"lang", "task", "id", "root_id", "parent_id", "group", "group_index", "eta",
//                "expires", "retries", "timelimit": [hard, soft], "argsrepr", "kwargsrepr",
//                "origin", "ignore_result", ...},
//    "properties": {"correlation_id", "reply_to", "delivery_mode", "delivery_info":
//                   {"exchange", "routing_key"}, "priority", "body_encoding": "base64",
//                   "delivery_tag"}}
// exactly as Celery 5.2 writes it (celery/app/amqp.py as_task_v2, kombu/transport/virtual).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace concur::queue {

using Json = nlohmann::json;
using Clock = std::chrono::system_clock;

struct TaskMessage {
  // headers
  std::string id{};
  std::string task{};
  std::string root_id{};
  std::string parent_id{};  // empty: null
  std::string group{};      // empty: null
  std::optional<int> group_index{};
  std::optional<Clock::time_point> eta{};
  std::optional<Clock::time_point> expires{};
  int retries = 0;
  std::optional<double> time_limit{};       // hard, seconds (headers.timelimit[0])
  std::optional<double> soft_time_limit{};  // headers.timelimit[1]
  std::string origin{};
  bool ignore_result = false;
  bool redelivered = false;
  // body
  Json args = Json::array();
  Json kwargs = Json::object();
  Json callbacks = nullptr;  // link: signatures applied to the result
  Json errbacks = nullptr;
  Json chain = nullptr;      // remaining chain, last element runs next
  Json chord = nullptr;
  // properties
  std::string exchange{};              // "" for the default (direct) exchange
  std::string routing_key = "celery";  // the queue, for the default exchange
  std::string delivery_tag{};
  std::string reply_to{};
  int priority = 0;

  // Parses an envelope; throws MalformedMessage saying what is wrong.
  static TaskMessage parse(std::string_view envelope);
  // The envelope, ready to LPUSH.
  std::string serialize() const;
};

// Celery's date format: ISO 8601 with microseconds and +00:00.
std::string format_iso8601(Clock::time_point t);
// Accepts what Python's datetime.isoformat() writes (with or without fraction and offset; naive
// times are UTC); throws std::invalid_argument otherwise.
Clock::time_point parse_iso8601(std::string_view text);
// A random (version 4) UUID, as Celery's task ids are.
std::string make_uuid();

}  // namespace concur::queue
