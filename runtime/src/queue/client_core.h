// The shared part of a Client (private): results keep it alive after the Client is gone.
#pragma once

#include <mutex>
#include <string>

#include "concur/queue/client.h"
#include "encoding.h"
#include "redis.h"

namespace concur::queue::detail {

class ClientCore {
 public:
  ClientCore(BrokerUrl url, ClientOptions options)
      : url(std::move(url)),
        options(std::move(options)),
        origin(this->options.origin.empty() ? "concur@" + local_hostname() : this->options.origin),
        connection(this->url, this->options.retry) {}

  template <class F>
  auto with_connection(F&& f) {
    std::lock_guard lock(mutex);
    return f(connection);
  }

  const BrokerUrl url;
  const ClientOptions options;
  const std::string origin;  // headers.origin of every message (uname() once, not per message)
  std::mutex mutex;
  RedisConnection connection;  // guarded by mutex
  bool binding_declared = false;
};

}  // namespace concur::queue::detail
