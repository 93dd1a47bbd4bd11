#include <chrono>

#include "concur/queue/errors.h"
#include "encoding.h"

namespace concur::queue::detail {

std::string kombu_envelope(const Json& body, const Json& headers, const std::string& exchange,
                           const std::string& routing_key, int delivery_mode) {
  Json doc = {{"body", base64_encode(body.dump())},
              {"content-encoding", "utf-8"},
              {"content-type", "application/json"},
              {"headers", headers},
              {"properties",
               {{"delivery_mode", delivery_mode},
                {"delivery_info", {{"exchange", exchange}, {"routing_key", routing_key}}},
                {"priority", 0},
                {"body_encoding", "base64"},
                {"delivery_tag", make_uuid()}}}};
  return doc.dump();
}

Json kombu_body(const std::string& envelope, Json* headers) {
  Json doc = Json::parse(envelope, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("body")) throw MalformedMessage("not a kombu message");
  if (headers) *headers = doc.value("headers", Json::object());
  const Json& body = doc["body"];
  std::string text = body.is_string() ? body.get<std::string>() : body.dump();
  if (doc.contains("properties") && doc["properties"].value("body_encoding", "") == "base64") text = base64_decode(text);
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) throw MalformedMessage("body is not JSON");
  return parsed;
}

std::string queue_for_priority(const std::string& queue, int priority) {
  int step = 0;
  for (int s : kPrioritySteps)
    if (priority >= s) step = s;
  if (step == 0) return queue;
  return queue + std::string(kSep) + std::to_string(step);
}

std::string fanout_channel(int db, const std::string& exchange, const std::string& routing_key) {
  std::string channel = "/" + std::to_string(db) + "." + exchange;
  if (!routing_key.empty()) channel += "/" + routing_key;
  return channel;
}

std::string meta_key(const std::string& task_id) { return "celery-task-meta-" + task_id; }

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace concur::queue::detail
