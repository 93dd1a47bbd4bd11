// concur::http against Debian's nginx (nginx-light), started by the test on free ports of
// 127.0.0.1: HTTP/2 without TLS (h2c, prior knowledge), HTTP/2 over TLS with a self-signed
// certificate the test makes with openssl, HTTP/1.1 keep-alive with gzip. Skipped when nginx, openssl or
// libcurl's HTTP/2 support is missing.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "concur/gather.h"
#include "concur/http.h"
#include "concur/run.h"
#include "concur/wait_for.h"
#include "http_test_server.h"

extern char** environ;

namespace {

using namespace std::chrono_literals;
namespace http = concur::http;
namespace fs = std::filesystem;

const char* const kNginx = "/usr/sbin/nginx";

bool can_connect(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

std::string page(std::size_t size) {
  std::string text(size, 'x');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('A' + i % 26);
  return text;
}

class HttpNginx : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kNginx)) {
      skip_reason_ = "nginx is not installed (apt install nginx-light)";
      return;
    }
    if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2)) {
      skip_reason_ = "this libcurl has no HTTP/2";
      return;
    }
    dir_ = fs::temp_directory_path() / ("concur-http-nginx-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "www");
    fs::create_directories(dir_ / "tmp");
    std::ofstream(dir_ / "www" / "page.html") << page(4096);
    std::string openssl = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                          "-addext subjectAltName=IP:127.0.0.1 -keyout " +
                          (dir_ / "key.pem").string() + " -out " + (dir_ / "cert.pem").string() + " >/dev/null 2>&1";
    if (std::system(openssl.c_str()) != 0) {
      skip_reason_ = "openssl could not make a certificate (apt install openssl)";
      return;
    }
    h2c_port_ = concur_test::free_port();
    tls_port_ = concur_test::free_port();
    plain_port_ = concur_test::free_port();
    std::string d = dir_.string();
    std::ofstream(dir_ / "nginx.conf")
        << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << d << "/nginx.pid;\n"
        << "error_log " << d << "/error.log warn;\nevents { worker_connections 1024; }\n"
        << "http {\n  access_log off;\n  keepalive_requests 100000;\n  gzip on;\n  gzip_min_length 1;\n"
        << "  client_body_temp_path " << d << "/tmp/body;\n  proxy_temp_path " << d << "/tmp/proxy;\n"
        << "  fastcgi_temp_path " << d << "/tmp/fastcgi;\n  uwsgi_temp_path " << d << "/tmp/uwsgi;\n"
        << "  scgi_temp_path " << d << "/tmp/scgi;\n"
        << "  server { listen 127.0.0.1:" << h2c_port_ << " http2; root " << d << "/www; }\n"
        << "  server { listen 127.0.0.1:" << tls_port_ << " ssl http2; root " << d << "/www;\n"
        << "    ssl_certificate " << d << "/cert.pem; ssl_certificate_key " << d << "/key.pem; }\n"
        << "  server { listen 127.0.0.1:" << plain_port_ << "; root " << d << "/www; }\n}\n";
    std::string prefix = d + "/";
    std::string conf = d + "/nginx.conf";
    std::string error_log = d + "/error.log";
    std::vector<char*> argv{const_cast<char*>(kNginx), const_cast<char*>("-p"), prefix.data(),
                            const_cast<char*>("-c"), conf.data(), const_cast<char*>("-e"), error_log.data(), nullptr};
    if (::posix_spawn(&pid_, kNginx, nullptr, nullptr, argv.data(), environ) != 0) {
      skip_reason_ = "could not start nginx";
      return;
    }
    for (int i = 0; i < 500; ++i) {
      if (can_connect(h2c_port_) && can_connect(tls_port_) && can_connect(plain_port_)) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    skip_reason_ = "nginx did not start (see " + error_log + ")";
  }

  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  }

  static std::string url(std::uint16_t port, const char* scheme = "http") {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port);
  }

  static inline std::string skip_reason_;
  static inline fs::path dir_;
  static inline pid_t pid_ = -1;
  static inline std::uint16_t h2c_port_ = 0, tls_port_ = 0, plain_port_ = 0;
};

concur::Task<std::vector<http::Response>> fetch_all(http::SessionOptions options, std::size_t count) {
  http::Session session(std::move(options));
  std::vector<concur::Task<http::Response>> requests;
  for (std::size_t i = 0; i < count; ++i) requests.push_back(session.get("/page.html"));
  co_return co_await concur::gather(std::move(requests));
}

TEST_F(HttpNginx, Http2WithoutTlsMultiplexesOneConnection) {
  std::vector<http::Response> responses = concur::run(concur::wait_for(
      fetch_all({.base_url = url(h2c_port_), .http_version = http::HttpVersion::http2_prior_knowledge}, 100), 60s));
  ASSERT_EQ(responses.size(), 100u);
  for (const http::Response& response : responses) {
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.http_version, 20);
    EXPECT_EQ(response.body, page(4096));
  }
}

TEST_F(HttpNginx, Http2OverTlsWithATestCertificate) {
  std::string ca = (dir_ / "cert.pem").string();
  std::vector<http::Response> responses =
      concur::run(concur::wait_for(fetch_all({.base_url = url(tls_port_, "https"), .ca_file = ca}, 20), 60s));
  for (const http::Response& response : responses) {
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.http_version, 20);  // negotiated by ALPN
    EXPECT_EQ(response.body.size(), 4096u);
  }
  // Without the certificate the server is not trusted.
  int code = 0;
  try {
    concur::run(concur::wait_for(fetch_all({.base_url = url(tls_port_, "https"), .ca_file = "/dev/null"}, 1), 60s));
  } catch (const http::Error& e) {
    code = e.code();
  }
  EXPECT_TRUE(code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) << code;
}

TEST_F(HttpNginx, Http11KeepAliveAndGzip) {
  std::vector<http::Response> responses = concur::run(concur::wait_for(
      fetch_all({.base_url = url(plain_port_), .limits = {.max_per_host = 2}, .http_version = http::HttpVersion::http1_1},
                200),
      60s));
  for (const http::Response& response : responses) {
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.http_version, 11);
    EXPECT_EQ(response.headers.get("connection").value_or(""), "keep-alive");
    // Compressed by nginx (the session asks for what libcurl decodes), decompressed by libcurl.
    EXPECT_EQ(response.headers.get("content-encoding").value_or(""), "gzip");
    EXPECT_EQ(response.body, page(4096));
  }
}

}  // namespace
