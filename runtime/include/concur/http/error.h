// concur::http::Error and StatusError: how concur::http reports a failed request.
//
//   try {
//     concur::http::Response page = co_await session.get("/missing");
//     page.raise_for_status();                      // only when asked: a 404 is a response
//   } catch (const concur::http::StatusError& e) {  // e.status() == 404
//   } catch (const concur::http::Error& e) {        // e.code(): the CURLcode, e.g. 7 (connect), 28 (timeout)
//   }
//
// Error is every failure of the transfer itself, as libcurl reports it: its CURLcode (code()) and
// libcurl's message for this transfer (what(), e.g. "Failed to connect to 127.0.0.1 port 9: ...").
// An HTTP error status is not a failure of the transfer: it only becomes a StatusError when the
// caller asks (Response::raise_for_status). Cancellation is concur::CancelledError and wait_for's
// limit concur::TimeoutError, as everywhere in the runtime.
#pragma once

#include <stdexcept>
#include <string>

namespace concur::http {

class Error : public std::runtime_error {
 public:
  // `code` is a CURLcode (0 is CURLE_OK, never thrown).
  Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const noexcept { return code_; }
  // CURLE_OPERATION_TIMEDOUT: a connect, total or read timeout of the request's Timeouts.
  bool timed_out() const noexcept { return code_ == 28; }

 private:
  int code_;
};

// A response whose status is 400 or more, from Response::raise_for_status. code() is
// CURLE_HTTP_RETURNED_ERROR (22), as curl --fail reports it.
class StatusError : public Error {
 public:
  StatusError(long status, const std::string& url)
      : Error(22, "HTTP status " + std::to_string(status) + " for " + url), status_(status) {}
  long status() const noexcept { return status_; }

 private:
  long status_;
};

}  // namespace concur::http
