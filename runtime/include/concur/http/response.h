// concur::http::Response: what a request returns (aiohttp's ClientResponse, already read).
//
//   concur::http::Response r = co_await concur::http::get("http://127.0.0.1:8080/index.html");
//   if (r.ok()) std::cout << r.body;                        // std::string
//   std::optional<std::string_view> type = r.headers.get("Content-Type");
//   r.raise_for_status();                                   // StatusError if status >= 400
//
// An HTTP error status is a normal response: only raise_for_status() turns it into an exception.
// After redirects, `url` is the last URL and `headers` are the last response's; `redirects` counts
// them. A body streamed elsewhere (Session::download, Session::stream) is not in `body`.
#pragma once

#include <string>

#include "concur/http/error.h"
#include "concur/http/headers.h"

namespace concur::http {

struct Response {
  long status = 0;            // the HTTP status code: 200, 404...
  std::string reason;         // the reason phrase of the status line ("OK"; empty in HTTP/2)
  Headers headers;            // of the last response
  std::string body;           // decompressed if the server compressed it
  std::string url;            // the effective URL, after redirects
  long redirects = 0;         // how many were followed
  int http_version = 0;       // 10, 11, 20 (or 30)

  bool ok() const noexcept { return status >= 200 && status < 400; }
  void raise_for_status() const {
    if (status >= 400) throw StatusError(status, url);
  }
};

}  // namespace concur::http
