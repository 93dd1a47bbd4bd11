// concur::net: TCP streams and listeners on the event loop (asyncio's open_connection /
// start_server, StreamReader / StreamWriter).
//
//   auto listener = concur::net::TcpListener::bind("127.0.0.1", 0);       // port 0: any free port
//   concur::net::TcpStream client = co_await concur::net::connect("127.0.0.1", listener.port());
//   concur::net::TcpStream server = co_await listener.accept();
//   co_await client.write("ping");
//   std::string reply = co_await server.read_exactly(4);
//
// Sockets are non-blocking and registered with the loop's epoll set (edge-triggered): every
// operation first tries the system call and, if it would block, suspends the task until epoll
// reports the socket ready, so a loop serves thousands of connections on one thread. Each read,
// read_exactly, write, accept and connect that has to wait is a suspension point (a cancelled
// task gets CancelledError there; nothing is consumed). TCP_NODELAY is set, as asyncio does.
//
// Errors are std::system_error with the errno; a read that reaches the end of the stream returns
// 0 bytes (read) or throws IncompleteReadError (read_exactly). At most one task may read and one
// task may write a stream at a time. A stream or listener must outlive the operations on it and be
// used on the loop that created it; close() from another task is fine: the operations waiting on
// it end with std::system_error (ECANCELED). It may outlive its loop: its destructor then only
// closes the descriptor, and operations throw std::logic_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "concur/task.h"

namespace concur::net {

namespace detail {
class Socket;
}

class TcpStream {
 public:
  TcpStream() noexcept;
  TcpStream(TcpStream&&) noexcept;
  TcpStream& operator=(TcpStream&&) noexcept;
  ~TcpStream();  // closes

  bool is_open() const noexcept;

  // Reads what is available, up to buffer.size() bytes (waiting until something is); returns the
  // count, 0 at the end of the stream.
  Task<std::size_t> read(std::span<std::byte> buffer);
  // The same, returned as a string ("" at the end of the stream).
  Task<std::string> read(std::size_t max_bytes);
  // Reads exactly buffer.size() bytes; IncompleteReadError if the stream ends first.
  Task<void> read_exactly(std::span<std::byte> buffer);
  Task<std::string> read_exactly(std::size_t count);
  // Writes all of `data` (waiting while the socket's send buffer is full).
  Task<void> write(std::span<const std::byte> data);
  Task<void> write(std::string_view data);
  // Half-close: the peer reads the end of the stream; this side can still read.
  void shutdown_write();
  void close() noexcept;

  std::uint16_t local_port() const;
  std::uint16_t peer_port() const;
  int native_handle() const noexcept;

 private:
  friend class TcpListener;
  friend Task<TcpStream> connect(std::string host, std::uint16_t port);
  explicit TcpStream(std::unique_ptr<detail::Socket> socket) noexcept;
  detail::Socket& socket() const;

  std::unique_ptr<detail::Socket> socket_;
};

class TcpListener {
 public:
  TcpListener() noexcept;
  TcpListener(TcpListener&&) noexcept;
  TcpListener& operator=(TcpListener&&) noexcept;
  ~TcpListener();  // closes

  // Listens on `host` (a numeric IPv4 or IPv6 address) and `port` (0: any free port), with
  // SO_REUSEADDR. Call it on the loop's thread while the loop runs (from a task).
  static TcpListener bind(const std::string& host, std::uint16_t port, int backlog = 128);

  // The next connection (waiting for one).
  Task<TcpStream> accept();
  std::uint16_t port() const;
  bool is_open() const noexcept;
  void close() noexcept;

 private:
  explicit TcpListener(std::unique_ptr<detail::Socket> socket) noexcept;
  std::unique_ptr<detail::Socket> socket_;
};

// Connects to `host`:`port`. A numeric address is used as is; a name is resolved with getaddrinfo
// on the loop's to_thread pool (it blocks), and its addresses are tried in turn.
Task<TcpStream> connect(std::string host, std::uint16_t port);

}  // namespace concur::net
