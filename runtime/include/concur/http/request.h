// concur::http::Request: one HTTP request, for Session::request (get/post/put/delete_ build one).
//
//   concur::http::Request request{.method = "PATCH", .url = "/items/1",
//                                 .headers = {{"If-Match", "\"v2\""}},
//                                 .body = concur::http::Body::json(R"({"price": 3})")};
//   concur::http::Response response = co_await session.request(std::move(request));
//
// `url` is absolute, or relative to the Session's base_url. Fields left empty take the Session's
// value (timeouts, redirects); headers add to the Session's default headers (and replace those of
// the same name).
#pragma once

#include <optional>
#include <string>

#include "concur/http/body.h"
#include "concur/http/headers.h"
#include "concur/http/options.h"

namespace concur::http {

struct Request {
  std::string method = "GET";  // any token: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS...
  std::string url;
  Headers headers;
  std::optional<Body> body;
  std::optional<Timeouts> timeouts;        // default: the Session's
  std::optional<bool> follow_redirects;    // default: the Session's
  std::optional<long> max_redirects;       // default: the Session's
};

}  // namespace concur::http
