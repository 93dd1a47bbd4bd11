// concur::queue::Signature: a task call that is described, not sent (Celery's signature / .s()):
// the unit of chain and group, and what a chain's message carries for the steps still to come.
//
//   auto sig = concur::queue::signature("tasks.add", 2, 3);     // add.s(2, 3)
//   auto imm = concur::queue::signature("tasks.add", 2, 3).immutable();   // add.si(2, 3)
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "concur/queue/message.h"

namespace concur::queue {

// apply_async's options (Celery's names).
struct SendOptions {
  std::optional<std::chrono::milliseconds> countdown{};  // run no earlier than now + countdown
  std::optional<Clock::time_point> eta{};                // or no earlier than this time
  std::optional<std::chrono::milliseconds> expires{};    // not run (REVOKED) if received later
  std::optional<double> time_limit{};                    // seconds, overrides the worker's
  std::optional<double> soft_time_limit{};
  std::string queue{};  // empty: the client's default queue
  int priority = 0;   // 0..9 (kombu's priority steps: 0, 3, 6, 9)
  std::string task_id{};  // empty: a new uuid
  bool ignore_result = false;
};

struct Signature {
  std::string task{};
  Json args = Json::array();
  Json kwargs = Json::object();
  SendOptions options;
  bool is_immutable = false;  // a chain does not prepend the previous result

  Signature& immutable() & {
    is_immutable = true;
    return *this;
  }
  Signature&& immutable() && {
    is_immutable = true;
    return std::move(*this);
  }
  // The dict Celery puts in a message's chain (celery.canvas.Signature).
  Json to_json() const;
  static Signature from_json(const Json& dict);
};

template <class... A>
Signature signature(std::string task, A&&... args) {
  Signature sig;
  sig.task = std::move(task);
  (sig.args.push_back(Json(std::forward<A>(args))), ...);
  return sig;
}

}  // namespace concur::queue
