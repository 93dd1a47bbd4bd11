// concur::http: an HTTP client for concur::Task coroutines, on libcurl and the event loop
// (aiohttp for C++20). Built when libcurl is found; link concur::http (CMake) or concur-http
// (pkg-config).
//
//   concur::Task<> main_task() {
//     concur::http::Session session({.base_url = "http://127.0.0.1:8080"});
//     std::vector<concur::Task<concur::http::Response>> requests;
//     for (int i = 0; i < 100; ++i) requests.push_back(session.get("/page/" + std::to_string(i)));
//     for (concur::http::Response& page : co_await concur::gather(std::move(requests)))
//       std::cout << page.status << ' ' << page.body.size() << '\n';
//   }
//
// The pieces, one header each: error.h (Error, StatusError), headers.h, body.h, options.h
// (Timeouts, Limits, HttpVersion), request.h, response.h, session.h (Session, get, post...),
// perform.h (co_await perform(CURL*), curl_easy_perform's replacement).
#pragma once

#include "concur/http/body.h"
#include "concur/http/error.h"
#include "concur/http/headers.h"
#include "concur/http/options.h"
#include "concur/http/perform.h"
#include "concur/http/request.h"
#include "concur/http/response.h"
#include "concur/http/session.h"
