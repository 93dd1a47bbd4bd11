// concur::http::Session and the free functions: coroutines around a Transfer.
#include <stdexcept>
#include <utility>

#include "client.h"
#include "concur/http/perform.h"
#include "concur/http/session.h"

namespace concur::http {

namespace {

using detail::Client;
using detail::Transfer;

Task<Response> run_buffered(std::shared_ptr<Client> client, Request request) {
  Transfer transfer(std::move(client), Transfer::Mode::buffer);
  transfer.configure(request);
  transfer.start();
  co_await transfer.wait();
  co_return transfer.finish();
}

Task<Response> run_callback(std::shared_ptr<Client> client, Request request,
                            std::function<void(std::string_view)> on_data) {
  Transfer transfer(std::move(client), Transfer::Mode::callback);
  transfer.set_on_data(std::move(on_data));
  transfer.configure(request);
  transfer.start();
  co_await transfer.wait();
  co_return transfer.finish();
}

Task<Response> run_download(std::shared_ptr<Client> client, Request request, File& file) {
  Transfer transfer(std::move(client), Transfer::Mode::chunks);
  transfer.configure(request);
  transfer.start();
  for (;;) {
    co_await transfer.wait();
    std::string chunk = transfer.take_chunk();
    if (!chunk.empty()) {
      co_await file.write(std::move(chunk));
    } else if (transfer.done()) {
      break;
    }
  }
  co_return transfer.finish();
}

Task<CURLcode> run_perform(std::shared_ptr<Client> client, CURL* easy) {
  Transfer transfer(std::move(client), easy);
  transfer.start();
  co_await transfer.wait();
  co_return transfer.result();
}

Request make(std::string method, std::string url, std::optional<Body> body, Headers headers) {
  Request request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  request.headers = std::move(headers);
  return request;
}

}  // namespace

Session::Session() : Session(SessionOptions{}) {}
Session::Session(SessionOptions options) : client_(std::make_shared<Client>(std::move(options))) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

const SessionOptions& Session::options() const {
  if (!client_) throw std::logic_error("concur::http::Session: moved from");
  return client_->options();
}

std::shared_ptr<Client> Session::client() const {
  if (!client_) throw std::logic_error("concur::http::Session: moved from");
  return client_;
}

Task<Response> Session::request(Request request) { return run_buffered(client(), std::move(request)); }
Task<Response> Session::get(std::string url, Headers headers) {
  return request(make("GET", std::move(url), std::nullopt, std::move(headers)));
}
Task<Response> Session::head(std::string url, Headers headers) {
  return request(make("HEAD", std::move(url), std::nullopt, std::move(headers)));
}
Task<Response> Session::post(std::string url, Body body, Headers headers) {
  return request(make("POST", std::move(url), std::move(body), std::move(headers)));
}
Task<Response> Session::put(std::string url, Body body, Headers headers) {
  return request(make("PUT", std::move(url), std::move(body), std::move(headers)));
}
Task<Response> Session::patch(std::string url, Body body, Headers headers) {
  return request(make("PATCH", std::move(url), std::move(body), std::move(headers)));
}
Task<Response> Session::delete_(std::string url, Headers headers) {
  return request(make("DELETE", std::move(url), std::nullopt, std::move(headers)));
}

Task<Response> Session::download(Request request, File& file) {
  return run_download(client(), std::move(request), file);
}
Task<Response> Session::download(std::string url, File& file) {
  return download(make("GET", std::move(url), std::nullopt, {}), file);
}
Task<Response> Session::stream(Request request, std::function<void(std::string_view)> on_data) {
  return run_callback(client(), std::move(request), std::move(on_data));
}
Task<CURLcode> Session::perform(CURL* easy) { return run_perform(client(), easy); }

Task<Response> request(Request request, SessionOptions options) {
  return run_buffered(std::make_shared<Client>(std::move(options)), std::move(request));
}
Task<Response> get(std::string url, Headers headers) {
  return request(make("GET", std::move(url), std::nullopt, std::move(headers)));
}
Task<Response> post(std::string url, Body body, Headers headers) {
  return request(make("POST", std::move(url), std::move(body), std::move(headers)));
}
Task<Response> put(std::string url, Body body, Headers headers) {
  return request(make("PUT", std::move(url), std::move(body), std::move(headers)));
}
Task<Response> delete_(std::string url, Headers headers) {
  return request(make("DELETE", std::move(url), std::nullopt, std::move(headers)));
}

Task<CURLcode> perform(CURL* easy) { return run_perform(std::make_shared<Client>(SessionOptions{}), easy); }

}  // namespace concur::http
