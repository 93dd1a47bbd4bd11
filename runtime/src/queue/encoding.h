// Small encodings shared by the queue's sources (private).
#pragma once

#include <string>
#include <string_view>

namespace concur::queue::detail {

std::string base64_encode(std::string_view in);
std::string base64_decode(std::string_view in);  // throws MalformedMessage
std::string local_hostname();

}  // namespace concur::queue::detail

#include "concur/queue/message.h"

namespace concur::queue::detail {

// A kombu message that is not a task (events, remote control): body JSON, base64-encoded.
std::string kombu_envelope(const Json& body, const Json& headers, const std::string& exchange,
                           const std::string& routing_key, int delivery_mode);
// The body of such a message (envelope parsed); throws MalformedMessage.
Json kombu_body(const std::string& envelope, Json* headers = nullptr);
// kombu's key for a queue at a priority level: "celery", "celery\x06\x163", ...
std::string queue_for_priority(const std::string& queue, int priority);
inline constexpr int kPrioritySteps[] = {0, 3, 6, 9};
inline constexpr std::string_view kSep = "\x06\x16";
// The pub/sub channel of a fanout exchange in database `db` (kombu: "/{db}.{exchange}[/{rk}]").
std::string fanout_channel(int db, const std::string& exchange, const std::string& routing_key = {});
std::string meta_key(const std::string& task_id);
// Python's time.time().
double unix_now();

}  // namespace concur::queue::detail
