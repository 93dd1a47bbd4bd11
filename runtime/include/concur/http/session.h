// concur::http::Session: a pool of connections and their settings, shared by many requests
// (aiohttp's ClientSession).
//
//   concur::http::Session session({.base_url = "http://127.0.0.1:8080",
//                                  .headers = {{"Authorization", "Bearer t0k3n"}},
//                                  .limits = {.max_connections = 100}});
//   concur::http::Response page = co_await session.get("/index.html");
//   co_await session.post("/items", concur::http::Body::json(R"({"name": "pen"})"));
//   std::vector<concur::http::Response> pages = co_await concur::gather(std::move(requests));
//
// One libcurl multi handle drives every request of the session on the event loop's thread: its
// sockets are registered with the loop's epoll set and its timer is one of the loop's timers, so a
// thousand requests in flight cost no thread. Requests to the same host reuse connections
// (HTTP/1.1 keep-alive, or one HTTP/2 connection multiplexed); cookies the server sets are sent
// back by later requests of the session.
//
// A session is bound to the loop of its first request and must be used on that loop only; it may
// be created before the loop runs. Requests keep what they need alive: destroying the session
// while requests are in flight is safe (they finish). Each request is a suspension point:
// cancelling the task that awaits it (or wait_for's limit) removes the transfer from libcurl at
// once and closes its connection; the task gets CancelledError.
#pragma once

#include <curl/curl.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "concur/file.h"
#include "concur/http/body.h"
#include "concur/http/headers.h"
#include "concur/http/options.h"
#include "concur/http/request.h"
#include "concur/http/response.h"
#include "concur/task.h"

namespace concur::http {

namespace detail {
class Client;
}

struct SessionOptions {
  std::string base_url;              // prefixed to relative URLs ("/x" or "x")
  Headers headers;                   // sent with every request (a request's own replace them)
  std::string user_agent = "concur-http/0.1";
  Timeouts timeouts;                 // default: none
  Limits limits;                     // default: none
  bool follow_redirects = true;
  long max_redirects = 10;
  bool cookies = true;               // keep cookies the server sets, send them back
  bool decompress = true;            // Accept-Encoding: what libcurl can decode (gzip, br, zstd...)
  HttpVersion http_version = HttpVersion::automatic;
  bool verify_tls = true;            // check the server's certificate and name
  std::string ca_file;               // PEM certificates to trust instead of the system's
  std::string proxy;                 // e.g. "http://proxy:3128"; empty: none (the environment's *_proxy is ignored)
};

class Session {
 public:
  Session();
  explicit Session(SessionOptions options);
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  ~Session();

  const SessionOptions& options() const;

  Task<Response> get(std::string url, Headers headers = {});
  Task<Response> head(std::string url, Headers headers = {});
  Task<Response> post(std::string url, Body body, Headers headers = {});
  Task<Response> put(std::string url, Body body, Headers headers = {});
  Task<Response> patch(std::string url, Body body, Headers headers = {});
  Task<Response> delete_(std::string url, Headers headers = {});  // DELETE (delete is a keyword)
  Task<Response> request(Request request);

  // The body goes to `file` (at its position, in chunks, as it arrives) instead of into
  // Response::body; at most about 1 MiB of it is held in memory: the transfer pauses while the
  // file write catches up. The file's writes are awaited; the file is not closed.
  Task<Response> download(Request request, File& file);
  Task<Response> download(std::string url, File& file);
  // Each piece of the body, as it arrives, goes to `on_data` (on the loop's thread, which it must
  // not block) instead of into Response::body. An exception it throws aborts the transfer and is
  // re-thrown to the caller.
  Task<Response> stream(Request request, std::function<void(std::string_view)> on_data);

  // Runs an easy handle the caller configured (curl_easy_setopt...) on this session's connections;
  // returns its CURLcode, as curl_easy_perform does. The session's own settings are not applied.
  // The handle stays the caller's; it must outlive the await.
  Task<CURLcode> perform(CURL* easy);

 private:
  std::shared_ptr<detail::Client> client() const;

  std::shared_ptr<detail::Client> client_;
};

// One request on a session of its own (aiohttp.request): fine for a few requests; many requests
// should share a Session, and its connections.
Task<Response> request(Request request, SessionOptions options = {});
Task<Response> get(std::string url, Headers headers = {});
Task<Response> post(std::string url, Body body, Headers headers = {});
Task<Response> put(std::string url, Body body, Headers headers = {});
Task<Response> delete_(std::string url, Headers headers = {});

}  // namespace concur::http
