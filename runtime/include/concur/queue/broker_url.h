// concur::queue::BrokerUrl: where the broker (and the result backend) lives.
//
//   auto url = concur::queue::BrokerUrl::parse("redis://:secret@127.0.0.1:6380/2");
//   url.host == "127.0.0.1", url.port == 6380, url.password == "secret", url.db == 2
//
// The forms Celery and kombu accept for Redis: redis://[[user]:password@]host[:port][/db].
// Defaults: localhost, 6379, database 0. Anything else (another scheme, a bad port) throws
// std::invalid_argument naming the URL.
#pragma once

#include <string>
#include <string_view>

namespace concur::queue {

struct BrokerUrl {
  std::string host = "localhost";
  int port = 6379;
  std::string username{};  // Redis 6 ACL user; empty for the default user
  std::string password{};  // empty: no AUTH
  int db = 0;

  static BrokerUrl parse(std::string_view url);
  // The URL back, with the password replaced by "***" (for logs).
  std::string redacted() const;
};

}  // namespace concur::queue
