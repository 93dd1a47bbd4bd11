// concur::http against HttpTestServer (a server of the test's own, on 127.0.0.1): requests,
// bodies, keep-alive, redirects, cookies, chunked bodies, errors, timeouts, cancellation,
// streaming, perform(CURL*), limits, and many requests at once.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "concur/file.h"
#include "concur/gather.h"
#include "concur/http.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "concur/wait_for.h"
#include "coro_support.h"
#include "http_test_server.h"
#include "test_support.h"

namespace {

using namespace std::chrono_literals;
namespace http = concur::http;
using concur_test::HttpTestServer;

template <class T>
T run_in_loop(concur::Task<T> task) {
  return concur::run(concur::wait_for(std::move(task), 60s));
}

// The exception a request ends with, as an Error (fails the test if it is not one).
template <class Awaitable>
concur::Task<std::exception_ptr> failure(Awaitable task) {
  std::exception_ptr error;
  try {
    co_await std::move(task);
  } catch (...) {
    error = std::current_exception();
  }
  co_return error;
}

int curl_code(const std::exception_ptr& error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const http::Error& e) {
    return e.code();
  } catch (...) {
    return -1;
  }
  return 0;
}

std::string pattern(std::size_t size) {
  std::string body(size, 'a');
  for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>('a' + i % 26);
  return body;
}

TEST(HttpClient, GetReturnsStatusHeadersAndBody) {
  HttpTestServer server;
  http::Response response = run_in_loop(http::get(server.url("/bytes/5000")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.reason, "OK");
  EXPECT_EQ(response.body, pattern(5000));
  EXPECT_EQ(response.headers.get("content-type").value_or(""), "text/plain");
  EXPECT_EQ(response.headers.get("Content-Length").value_or(""), "5000");
  EXPECT_EQ(response.http_version, 11);
  EXPECT_EQ(response.url, server.url("/bytes/5000"));
  EXPECT_TRUE(response.ok());
}

concur::Task<std::vector<http::Response>> sequential(std::string base, int count) {
  http::Session session({.base_url = base});
  std::vector<http::Response> responses;
  for (int i = 0; i < count; ++i) responses.push_back(co_await session.get("/bytes/" + std::to_string(100 + i)));
  co_return responses;
}

TEST(HttpClient, KeepAliveReusesOneConnection) {
  HttpTestServer server;
  std::vector<http::Response> responses = run_in_loop(sequential(server.base(), 20));
  ASSERT_EQ(responses.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(responses[i].body.size(), 100u + i);
  EXPECT_EQ(server.requests(), 20);
  EXPECT_EQ(server.connections(), 1);
}

concur::Task<std::vector<http::Response>> bodies(std::string base) {
  http::Session session({.base_url = base, .headers = {{"X-Default", "yes"}, {"X-Replaced", "session"}}});
  std::vector<http::Response> out;
  http::Body form = http::Body::form({{"name", "Ana Maria"}, {"q", "a&b=c"}});
  out.push_back(co_await session.post("/echo", std::move(form)));
  http::Headers replaced{{"X-Replaced", "request"}};
  out.push_back(co_await session.put("echo", http::Body::json(R"({"price": 3})"), std::move(replaced)));
  out.push_back(co_await session.post("/echo", http::Body::bytes(std::string("\0\1\2", 3))));
  out.push_back(co_await session.delete_("/echo"));
  http::Request patch{.method = "PATCH", .url = "/echo", .headers = {{"If-Match", "v2"}}, .body = http::Body::text("patched")};
  out.push_back(co_await session.request(std::move(patch)));
  out.push_back(co_await session.head("/bytes/300"));
  co_return out;
}

TEST(HttpClient, MethodsBodiesAndDefaultHeaders) {
  HttpTestServer server;
  std::vector<http::Response> r = run_in_loop(bodies(server.base()));
  ASSERT_EQ(r.size(), 6u);
  EXPECT_TRUE(r[0].body.starts_with("POST /echo\n")) << r[0].body;
  EXPECT_NE(r[0].body.find("content-type: application/x-www-form-urlencoded\n"), std::string::npos);
  EXPECT_TRUE(r[0].body.ends_with("\nname=Ana+Maria&q=a%26b%3Dc")) << r[0].body;
  EXPECT_NE(r[0].body.find("x-default: yes\n"), std::string::npos);
  EXPECT_NE(r[0].body.find("user-agent: concur-http/0.1\n"), std::string::npos);
  EXPECT_EQ(r[0].body.find("expect:"), std::string::npos);

  EXPECT_TRUE(r[1].body.starts_with("PUT /echo\n")) << r[1].body;
  EXPECT_NE(r[1].body.find("content-type: application/json\n"), std::string::npos);
  EXPECT_NE(r[1].body.find("x-replaced: request\n"), std::string::npos);
  EXPECT_EQ(r[1].body.find("x-replaced: session\n"), std::string::npos);
  EXPECT_TRUE(r[1].body.ends_with("\n{\"price\": 3}"));

  EXPECT_TRUE(r[2].body.ends_with(std::string("\n\0\1\2", 4)));
  EXPECT_NE(r[2].body.find("content-type: application/octet-stream\n"), std::string::npos);
  EXPECT_TRUE(r[3].body.starts_with("DELETE /echo\n")) << r[3].body;
  EXPECT_TRUE(r[4].body.starts_with("PATCH /echo\n")) << r[4].body;
  EXPECT_NE(r[4].body.find("if-match: v2\n"), std::string::npos);
  EXPECT_TRUE(r[4].body.ends_with("\npatched"));
  EXPECT_EQ(r[5].status, 200);
  EXPECT_EQ(r[5].body, "");
  EXPECT_EQ(r[5].headers.get("content-length").value_or(""), "300");
}

concur::Task<std::vector<http::Response>> cookies(std::string base) {
  http::Session session({.base_url = base});
  std::vector<http::Response> out;
  out.push_back(co_await session.get("/echo"));
  out.push_back(co_await session.get("/set-cookie"));
  out.push_back(co_await session.get("/echo"));
  http::Session without({.base_url = base, .cookies = false});
  co_await without.get("/set-cookie");
  out.push_back(co_await without.get("/echo"));
  co_return out;
}

TEST(HttpClient, CookiesAreSentBackWithinASession) {
  HttpTestServer server;
  std::vector<http::Response> r = run_in_loop(cookies(server.base()));
  EXPECT_EQ(r[0].body.find("cookie:"), std::string::npos);
  EXPECT_EQ(r[1].headers.get("set-cookie").value_or(""), "flavor=chocolate; Path=/");
  EXPECT_NE(r[2].body.find("cookie: flavor=chocolate\n"), std::string::npos) << r[2].body;
  EXPECT_EQ(r[3].body.find("cookie:"), std::string::npos);
}

concur::Task<std::vector<std::exception_ptr>> redirects(std::string base, std::vector<http::Response>& out) {
  http::Session session({.base_url = base, .max_redirects = 5});
  out.push_back(co_await session.get("/redirect/3"));
  http::Request no_follow{.url = "/redirect/3", .follow_redirects = false};
  out.push_back(co_await session.request(std::move(no_follow)));
  std::vector<std::exception_ptr> errors;
  errors.push_back(co_await failure(session.get("/redirect/6")));
  co_return errors;
}

TEST(HttpClient, FollowsRedirectsWhenAllowed) {
  HttpTestServer server;
  std::vector<http::Response> r;
  std::vector<std::exception_ptr> errors = run_in_loop(redirects(server.base(), r));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, 200);
  EXPECT_EQ(r[0].body, "arrived");
  EXPECT_EQ(r[0].redirects, 3);
  EXPECT_EQ(r[0].url, server.url("/redirect/0"));
  EXPECT_EQ(r[1].status, 302);
  EXPECT_EQ(r[1].headers.get("location").value_or(""), "/redirect/2");
  EXPECT_EQ(curl_code(errors[0]), CURLE_TOO_MANY_REDIRECTS);
}

TEST(HttpClient, ErrorStatusesRaiseOnlyWhenAsked) {
  HttpTestServer server;
  http::Response response = run_in_loop(http::get(server.url("/status/404")));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "status 404");
  EXPECT_FALSE(response.ok());
  try {
    response.raise_for_status();
    FAIL() << "no StatusError";
  } catch (const http::StatusError& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_EQ(e.code(), CURLE_HTTP_RETURNED_ERROR);
  }
  EXPECT_NO_THROW(run_in_loop(http::get(server.url("/status/204"))).raise_for_status());
}

TEST(HttpClient, ChunkedBody) {
  HttpTestServer server;
  http::Response response = run_in_loop(http::get(server.url("/chunked")));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "chunk-0\nchunk-1\nchunk-2\nchunk-3\nchunk-4\n");
  EXPECT_EQ(response.headers.get("transfer-encoding").value_or(""), "chunked");
}

TEST(HttpClient, TransferErrorsCarryTheCurlCodeAndMessage) {
  HttpTestServer server;
  std::exception_ptr mid_body = run_in_loop(failure(http::get(server.url("/close-mid-body"))));
  EXPECT_EQ(curl_code(mid_body), CURLE_PARTIAL_FILE);
  std::uint16_t closed_port = concur_test::free_port();
  std::exception_ptr refused = run_in_loop(failure(http::get("http://127.0.0.1:" + std::to_string(closed_port) + "/")));
  EXPECT_EQ(curl_code(refused), CURLE_COULDNT_CONNECT);
  try {
    std::rethrow_exception(refused);
  } catch (const http::Error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1"), std::string::npos) << e.what();
  }
  std::exception_ptr bad_url = run_in_loop(failure(http::get("nothttp://x")));
  EXPECT_EQ(curl_code(bad_url), CURLE_UNSUPPORTED_PROTOCOL);
}

TEST(HttpClient, TotalAndReadTimeouts) {
  HttpTestServer server;
  auto start = concur_test::Clock::now();
  http::Request slow{.url = server.url("/slow/3000"), .timeouts = http::Timeouts{.total = 200ms}};
  std::exception_ptr total = run_in_loop(failure(http::request(std::move(slow))));
  EXPECT_EQ(curl_code(total), CURLE_OPERATION_TIMEDOUT);
  EXPECT_LT(concur_test::seconds_since(start), 2.0);

  start = concur_test::Clock::now();
  http::Request stall{.url = server.url("/stall"), .timeouts = http::Timeouts{.read = 300ms}};
  std::exception_ptr read = run_in_loop(failure(http::request(std::move(stall))));
  EXPECT_EQ(curl_code(read), CURLE_OPERATION_TIMEDOUT);
  double elapsed = concur_test::seconds_since(start);
  EXPECT_GE(elapsed, 0.29);
  EXPECT_LT(elapsed, 2.0);
}

concur::Task<double> cancel_a_request(std::string base) {
  http::Session session({.base_url = base});
  concur::TaskHandle<http::Response> hanging = concur::create_task(session.get("/hang"));
  co_await concur::sleep(100ms);
  auto start = concur_test::Clock::now();
  hanging.cancel();
  std::exception_ptr error = co_await failure(std::move(hanging));
  double elapsed = concur_test::seconds_since(start);
  try {
    if (error) std::rethrow_exception(error);
    ADD_FAILURE() << "the cancelled request returned";
  } catch (const concur::CancelledError&) {
  }
  // wait_for's limit cancels the request too.
  start = concur_test::Clock::now();
  std::exception_ptr timeout = co_await failure(concur::wait_for(session.get("/hang"), 100ms));
  try {
    if (timeout) std::rethrow_exception(timeout);
    ADD_FAILURE() << "wait_for returned";
  } catch (const concur::TimeoutError&) {
  }
  elapsed += concur_test::seconds_since(start);
  // The session still works afterwards.
  http::Response after = co_await session.get("/bytes/10");
  EXPECT_EQ(after.body, "abcdefghij");
  co_return elapsed;
}

TEST(HttpClient, CancellationRemovesTheTransferAtOnce) {
  HttpTestServer server;
  double elapsed = run_in_loop(cancel_a_request(server.base()));
  EXPECT_LT(elapsed, 1.0);
}

// A stream callback (inside libcurl) cancels another request of the same session: libcurl refuses
// curl_multi_remove_handle there, so the removal waits until libcurl returns.
concur::Task<int> cancel_from_a_callback(std::string base) {
  http::Session session({.base_url = base});
  concur::TaskHandle<http::Response> hanging = concur::create_task(session.get("/hang"));
  co_await concur::sleep(50ms);
  int cancels = 0;
  http::Request request{.url = "/bytes/200000"};
  auto on_data = [&hanging, &cancels](std::string_view) {
    if (!hanging.done()) {
      hanging.cancel();
      ++cancels;
    }
  };
  http::Response streamed = co_await session.stream(std::move(request), on_data);
  EXPECT_EQ(streamed.status, 200);
  std::exception_ptr error = co_await failure(std::move(hanging));
  try {
    if (error) std::rethrow_exception(error);
    ADD_FAILURE() << "the cancelled request returned";
  } catch (const concur::CancelledError&) {
  }
  http::Response after = co_await session.get("/bytes/3");
  EXPECT_EQ(after.body, "abc");
  co_return cancels;
}

TEST(HttpClient, CancellingFromInsideALibcurlCallback) {
  HttpTestServer server;
  EXPECT_GE(run_in_loop(cancel_from_a_callback(server.base())), 1);
}

concur::Task<http::Response> streamed(std::string url, std::string& received, int& pieces) {
  http::Session session;
  http::Request request{.url = url};
  auto on_data = [&received, &pieces](std::string_view piece) {
    received.append(piece);
    ++pieces;
  };
  co_return co_await session.stream(std::move(request), on_data);
}

TEST(HttpClient, StreamsTheBodyToACallback) {
  HttpTestServer server;
  std::string received;
  int pieces = 0;
  http::Response response = run_in_loop(streamed(server.url("/bytes/300000"), received, pieces));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(received, pattern(300000));
  EXPECT_GT(pieces, 1);
}

concur::Task<std::exception_ptr> throwing_callback(std::string url) {
  http::Session session;
  http::Request request{.url = url};
  auto on_data = [](std::string_view) { throw std::runtime_error("full"); };
  co_return co_await failure(session.stream(std::move(request), on_data));
}

TEST(HttpClient, ACallbackThatThrowsAbortsTheTransfer) {
  HttpTestServer server;
  std::exception_ptr error = run_in_loop(throwing_callback(server.url("/bytes/300000")));
  try {
    if (error) std::rethrow_exception(error);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "full");
  }
}

concur::Task<http::Response> download(std::string url, std::string path) {
  http::Session session;
  concur::File file = co_await concur::File::open(path, concur::OpenMode::write);
  http::Response response = co_await session.download(url, file);
  co_await file.close();
  co_return response;
}

TEST(HttpClient, DownloadsTheBodyToAFile) {
  HttpTestServer server;
  std::string path = (std::filesystem::temp_directory_path() / ("concur-http-" + std::to_string(::getpid()))).string();
  std::size_t size = 3 * 1024 * 1024 + 17;
  http::Response response = run_in_loop(download(server.url("/bytes/" + std::to_string(size)), path));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  std::string written = concur::run(concur::read_file(path));
  std::filesystem::remove(path);
  EXPECT_EQ(written.size(), size);
  EXPECT_TRUE(written == pattern(size));
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

concur::Task<CURLcode> perform_twice(std::string url, std::string& body, long& status) {
  CURL* easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
  CURLcode first = co_await http::perform(easy);
  http::Session session;
  CURLcode second = co_await session.perform(easy);
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(easy);
  co_return first == CURLE_OK ? second : first;
}

concur::Task<CURLcode> perform_refused(std::string url) {
  CURL* easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  CURLcode code = co_await http::perform(easy);
  curl_easy_cleanup(easy);
  co_return code;
}

TEST(HttpClient, PerformRunsACallerConfiguredHandle) {
  HttpTestServer server;
  std::string body;
  long status = 0;
  EXPECT_EQ(run_in_loop(perform_twice(server.url("/bytes/26"), body, status)), CURLE_OK);
  EXPECT_EQ(body, pattern(26) + pattern(26));
  EXPECT_EQ(status, 200);
  std::string refused = "http://127.0.0.1:" + std::to_string(concur_test::free_port()) + "/";
  EXPECT_EQ(run_in_loop(perform_refused(refused)), CURLE_COULDNT_CONNECT);
}

concur::Task<std::size_t> many(std::string base, std::size_t count, std::size_t per_host) {
  http::Session session({.base_url = base, .limits = {.max_per_host = per_host}});
  std::vector<concur::Task<http::Response>> requests;
  requests.reserve(count);
  for (std::size_t i = 0; i < count; ++i) requests.push_back(session.get("/bytes/" + std::to_string(1000 + i % 7)));
  std::vector<http::Response> responses = co_await concur::gather(std::move(requests));
  std::size_t good = 0;
  for (std::size_t i = 0; i < responses.size(); ++i)
    if (responses[i].status == 200 && responses[i].body.size() == 1000 + i % 7) ++good;
  co_return good;
}

TEST(HttpClient, LimitsBoundTheConnectionsPerHost) {
  HttpTestServer server;
  EXPECT_EQ(run_in_loop(many(server.base(), 200, 4)), 200u);
  EXPECT_LE(server.connections(), 4);
}

TEST(HttpClient, TenThousandConcurrentRequests) {
  HttpTestServer server;
  std::size_t count = concur_test::scaled(10'000);
  auto start = concur_test::Clock::now();
  EXPECT_EQ(run_in_loop(many(server.base(), count, 64)), count);
  double elapsed = concur_test::seconds_since(start);
  EXPECT_LE(server.connections(), 64);
  EXPECT_EQ(server.requests(), static_cast<int>(count));
  EXPECT_LT(elapsed, 30.0);
  std::printf("%zu requests in %.2f s\n", count, elapsed);
}

concur::Task<void> off_loop_misuse(http::Session& session, std::string url) {
  co_await session.get(url);
}

TEST(HttpClient, ASessionStaysOnItsLoop) {
  HttpTestServer server;
  http::Session session;
  concur::run(off_loop_misuse(session, server.url("/bytes/1")));
  // The first loop is gone: a second loop may take the session over.
  concur::run(off_loop_misuse(session, server.url("/bytes/1")));
  http::Session moved = std::move(session);
  EXPECT_THROW((void)session.get("/x"), std::logic_error);
}

}  // namespace
