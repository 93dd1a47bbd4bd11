#include "http_test_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "concur/sleep.h"
#include "concur/task_handle.h"

namespace concur_test {

namespace {

using namespace std::chrono_literals;

struct ParsedRequest {
  std::string method;
  std::string path;
  std::string head;  // "name: value\n" lines, names in lower case
  std::string body;
  bool close = false;
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string pattern(std::size_t size) {
  std::string body(size, 'a');
  for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>('a' + i % 26);
  return body;
}

std::string reply(int status, std::string_view body, std::string_view extra = {}, bool close = false) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + (status < 400 ? " OK\r\n" : " Error\r\n");
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Content-Type: text/plain\r\n";
  if (close) out += "Connection: close\r\n";
  out += extra;
  out += "\r\n";
  out += body;
  return out;
}

long number_after(std::string_view path, std::string_view prefix) {
  return std::strtol(std::string(path.substr(prefix.size())).c_str(), nullptr, 10);
}

}  // namespace

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("free_port: bind failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

HttpTestServer::HttpTestServer() {
  std::atomic<bool> failed{false};
  thread_ = std::thread([this, &failed] {
    try {
      concur::EventLoop loop;
      loop_ = loop.threadsafe_handle();
      loop.run_until_complete(serve());
    } catch (...) {
      if (!ready_.load()) failed = true;
    }
  });
  while (!ready_.load() && !failed.load()) std::this_thread::sleep_for(1ms);
  if (failed) {
    thread_.join();
    throw std::runtime_error("HttpTestServer: could not start");
  }
}

HttpTestServer::~HttpTestServer() {
  loop_.call_soon_threadsafe([this] {
    if (listener_) listener_->close();
  });
  thread_.join();
}

concur::Task<void> HttpTestServer::serve() {
  concur::net::TcpListener listener = concur::net::TcpListener::bind("127.0.0.1", 0, 4096);
  listener_ = &listener;
  port_ = listener.port();
  ready_ = true;
  for (;;) {
    concur::net::TcpStream stream;
    try {
      stream = co_await listener.accept();
    } catch (const std::system_error&) {
      break;  // closed by the destructor
    }
    concur::create_task(handle(std::move(stream)));
  }
  listener_ = nullptr;
}  // the loop's close() cancels the connections still open

concur::Task<void> HttpTestServer::handle(concur::net::TcpStream stream) {
  try {
    co_await converse(stream);
  } catch (const std::system_error&) {
    // The client went away (a cancelled or failed request): not the server's problem.
  }
}

concur::Task<void> HttpTestServer::converse(concur::net::TcpStream& stream) {
  ++connections_;
  std::string buffer;
  for (;;) {
    std::size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      std::string more = co_await stream.read(std::size_t{65536});
      if (more.empty()) co_return;
      buffer += more;
    }
    ParsedRequest request;
    std::string_view head(buffer.data(), end);
    std::size_t line_end = head.find("\r\n");
    std::string_view first = head.substr(0, line_end);
    std::size_t space = first.find(' ');
    request.method = std::string(first.substr(0, space));
    std::string_view target = first.substr(space + 1);
    target = target.substr(0, target.find(' '));
    request.path = std::string(target.substr(0, target.find('?')));
    std::size_t length = 0;
    bool chunked_request = false;
    std::string_view rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    while (!rest.empty()) {
      std::size_t next = rest.find("\r\n");
      std::string_view line = rest.substr(0, next);
      rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 2);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name = lower(line.substr(0, colon));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      request.head += name + ": " + std::string(value) + "\n";
      if (name == "content-length") length = std::strtoul(std::string(value).c_str(), nullptr, 10);
      if (name == "connection" && lower(value) == "close") request.close = true;
      if (name == "transfer-encoding" && lower(value) == "chunked") chunked_request = true;
    }
    if (chunked_request) co_return;  // not needed by the tests
    std::size_t total = end + 4 + length;
    while (buffer.size() < total) {
      std::string more = co_await stream.read(std::size_t{65536});
      if (more.empty()) co_return;
      buffer += more;
    }
    request.body = buffer.substr(end + 4, length);
    buffer.erase(0, total);
    ++requests_;

    const std::string& path = request.path;
    bool close = request.close;
    if (path.starts_with("/bytes/")) {
      co_await stream.write(reply(200, pattern(static_cast<std::size_t>(number_after(path, "/bytes/"))), {}, close));
    } else if (path == "/echo") {
      co_await stream.write(reply(200, request.method + " " + path + "\n" + request.head + "\n" + request.body, {}, close));
    } else if (path.starts_with("/redirect/")) {
      long n = number_after(path, "/redirect/");
      if (n > 0) {
        co_await stream.write(reply(302, "", "Location: /redirect/" + std::to_string(n - 1) + "\r\n", close));
      } else {
        co_await stream.write(reply(200, "arrived", {}, close));
      }
    } else if (path.starts_with("/status/")) {
      int status = static_cast<int>(number_after(path, "/status/"));
      co_await stream.write(reply(status, "status " + std::to_string(status), {}, close));
    } else if (path == "/set-cookie") {
      co_await stream.write(reply(200, "cookie set", "Set-Cookie: flavor=chocolate; Path=/\r\n", close));
    } else if (path.starts_with("/slow/")) {
      co_await concur::sleep(std::chrono::milliseconds(number_after(path, "/slow/")));
      co_await stream.write(reply(200, "slow", {}, close));
    } else if (path == "/chunked") {
      co_await stream.write(std::string_view("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
      for (int i = 0; i < 5; ++i) {
        std::string piece = "chunk-" + std::to_string(i) + "\n";
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        co_await stream.write(std::string(size) + piece + "\r\n");
        co_await concur::sleep(20ms);
      }
      co_await stream.write(std::string_view("0\r\n\r\n"));
    } else if (path == "/hang") {
      co_await concur::sleep(60s);
      co_return;
    } else if (path == "/stall") {
      co_await stream.write(std::string_view("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"));
      co_await concur::sleep(60s);
      co_return;
    } else if (path == "/close-mid-body") {
      co_await stream.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + pattern(100));
      co_return;  // closes
    } else {
      co_await stream.write(reply(404, "no such route", {}, close));
    }
    if (close) co_return;
  }
}

}  // namespace concur_test
