// concur::http::perform: curl_easy_perform for coroutines.
//
//   CURL* easy = curl_easy_init();
//   curl_easy_setopt(easy, CURLOPT_URL, "http://127.0.0.1:8080/");
//   curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_data);
//   CURLcode rc = co_await concur::http::perform(easy);   // was: curl_easy_perform(easy), which blocks
//
// Runs a libcurl easy handle the caller has configured, on the event loop (libcurl's multi-socket
// API, with the loop's epoll set and timers) instead of blocking the thread, and returns the same
// CURLcode curl_easy_perform would: code written around curl_easy_perform keeps working, which is
// what concur-lint's fix for a curl_easy_perform inside a coroutine relies on. The handle stays
// the caller's (to read CURLINFO_*, reuse, clean up); it must outlive the await. Each call uses a
// connection pool of its own: to reuse connections across calls, use Session::perform.
// Cancelling the awaiting task removes the transfer at once (CancelledError).
#pragma once

#include <curl/curl.h>

#include "concur/http/session.h"
#include "concur/task.h"

namespace concur::http {

Task<CURLcode> perform(CURL* easy);

}  // namespace concur::http
