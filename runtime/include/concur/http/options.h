// concur::http::Timeouts, Limits and HttpVersion: the knobs of a Session and of one Request.
//
//   concur::http::Session session({.timeouts = {.connect = 2s, .total = 30s, .read = 5s},
//                                  .limits = {.max_connections = 100, .max_per_host = 10}});
//
// A zero duration means no limit. `read` is the longest the request may go without receiving a
// byte, from its start (so it bounds the wait for the first byte of the response too), as
// aiohttp's sock_read: a timer of the loop's, re-armed lazily from the time of the last byte.
// A timeout ends the request with concur::http::Error (timed_out(), CURLE_OPERATION_TIMEDOUT).
#pragma once

#include <chrono>
#include <cstddef>

namespace concur::http {

struct Timeouts {
  std::chrono::milliseconds connect{0};  // TCP (and TLS) connection set-up
  std::chrono::milliseconds total{0};    // the whole request, redirects included
  std::chrono::milliseconds read{0};     // without a byte received
};

// Connections a Session keeps open and uses at once; 0: no limit. Requests beyond the limits wait
// (in libcurl's queue) for a connection to be free.
struct Limits {
  std::size_t max_connections = 0;  // in total
  std::size_t max_per_host = 0;     // to one host and port
  std::size_t max_idle = 0;         // idle connections kept for reuse (0: max_connections if set,
                                    // else 100 or max_per_host if larger, as aiohttp keeps its limit)
};

enum class HttpVersion {
  automatic,              // HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise
  http1_1,                // HTTP/1.1 only
  http2,                  // HTTP/2 over TLS; over plain http, an upgrade attempt (h2c via Upgrade:)
  http2_prior_knowledge,  // HTTP/2 straight away, also over plain http (h2c): the server must speak it
};

}  // namespace concur::http
