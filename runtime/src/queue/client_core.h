// The shared part of a Client (private): results keep it alive after the Client is gone.
#pragma once

#include <mutex>
#include <string>

#include "concur/queue/client.h"
#include "redis.h"

namespace concur::queue::detail {

class ClientCore {
 public:
  ClientCore(BrokerUrl url, ClientOptions options)
      : url(std::move(url)), options(std::move(options)), connection(this->url, this->options.retry) {}

  template <class F>
  auto with_connection(F&& f) {
    std::lock_guard lock(mutex);
    return f(connection);
  }

  const BrokerUrl url;
  const ClientOptions options;
  std::mutex mutex;
  RedisConnection connection;  // guarded by mutex
  bool binding_declared = false;
};

}  // namespace concur::queue::detail
