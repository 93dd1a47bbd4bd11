// A small HTTP/1.1 server for the concur::http tests, on 127.0.0.1 and a free port, running its
// own concur::EventLoop on a thread of its own (so the client's loop under test is not the one
// serving). Keep-alive, Content-Length and chunked bodies, and misbehaving routes:
//
//   /bytes/N          N bytes ("abc...z" repeated)           /echo        the request, as text
//   /redirect/N       302 to /redirect/N-1, /redirect/0: 200 /status/N    status N
//   /set-cookie       Set-Cookie: flavor=chocolate            /slow/MS     answers after MS ms
//   /chunked          5 chunks, 20 ms apart                   /hang        never answers
//   /stall            headers and 10 of 100 bytes, then nothing
//   /close-mid-body   Content-Length 1000, 100 bytes, then closes the connection
//
// /echo answers "METHOD /path\n", one "name: value\n" per header (names in lower case), "\n",
// then the body.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "concur/event_loop.h"
#include "concur/net.h"

namespace concur_test {

class HttpTestServer {
 public:
  HttpTestServer();
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const noexcept { return connections_.load(); }
  int requests() const noexcept { return requests_.load(); }

 private:
  concur::Task<void> serve();
  concur::Task<void> handle(concur::net::TcpStream stream);
  concur::Task<void> converse(concur::net::TcpStream& stream);

  std::thread thread_;
  concur::LoopRef loop_;
  concur::net::TcpListener* listener_ = nullptr;  // loop thread only
  std::atomic<std::uint16_t> port_{0};
  std::atomic<bool> ready_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
};

// A free TCP port on 127.0.0.1 (bound and released: a server started right after gets it).
std::uint16_t free_port();

}  // namespace concur_test
