// concur::queue::RetryPolicy: how a lost broker connection is retried (kombu's retry_policy).
#pragma once

#include <chrono>

namespace concur::queue {

struct RetryPolicy {
  std::chrono::milliseconds first_delay{50};  // the first wait after a failure
  std::chrono::milliseconds max_delay{2000};  // the wait doubles up to this
  // Give up (BrokerUnavailable) after trying this long; zero: never give up (workers).
  std::chrono::milliseconds give_up_after{30000};
};

}  // namespace concur::queue
