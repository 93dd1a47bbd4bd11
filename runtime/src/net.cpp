// concur::net: non-blocking TCP sockets on the event loop's epoll set.
//
// Each socket is registered once, edge-triggered, for input and output. An operation tries its
// system call first; on EAGAIN it suspends in an IoWait, which the socket's epoll events wake.
// Edge triggering loses nothing: the call that hit EAGAIN ran on the loop's thread, so any
// readiness after it is reported by a later epoll_wait, after the task has registered.
#include "concur/net.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include "concur/detail/loop_core.h"
#include "concur/errors.h"
#include "concur/to_thread.h"

namespace concur::net {

namespace detail {

using concur::detail::LoopCore;
using concur::detail::PollSource;
using concur::detail::Waiter;

[[noreturn]] void throw_errno(int error, const char* what) { throw std::system_error(error, std::generic_category(), what); }

LoopCore& running_loop(const char* what) {
  LoopCore* loop = LoopCore::current();
  if (!loop) throw std::logic_error(std::string(what) + ": no event loop is running on this thread");
  return *loop;
}

class IoWait;

// A socket file descriptor registered with a loop, and the (at most one) reader and writer
// waiting on it.
class Socket : public PollSource {
 public:
  Socket(LoopCore& loop, int fd) : loop_(loop.anchor()), fd_(fd) {
    on_events = &Socket::dispatch;
    try {
      loop.add_fd(fd, *this, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
    } catch (...) {
      ::close(fd);
      throw;
    }
  }
  ~Socket() { close(); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const noexcept { return fd_; }
  bool is_open() const noexcept { return fd_ >= 0; }
  // Only while the loop exists (require_open() checks).
  LoopCore& loop() const noexcept { return **loop_; }
  void require_open() const {
    if (fd_ < 0) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::net: closed");
    if (!*loop_) throw std::logic_error("concur::net: the socket's event loop is gone");
  }

  void close() noexcept;
  IoWait*& slot(bool write) noexcept { return write ? writer_ : reader_; }

 private:
  static void dispatch(PollSource& source, std::uint32_t events) noexcept;

  std::shared_ptr<LoopCore*> loop_;  // the loop's anchor: null once the loop is destroyed
  int fd_;
  IoWait* reader_ = nullptr;
  IoWait* writer_ = nullptr;
};

// Waits until the socket is readable (or writable), or closed.
class IoWait : public Waiter {
 public:
  IoWait(Socket& socket, bool write) noexcept : socket_(&socket), write_(write) {}
  ~IoWait() { withdraw(); }

  bool await_ready() const noexcept { return false; }
  template <class Promise>
  bool await_suspend(std::coroutine_handle<Promise> handle) {
    if (!this->bind(handle)) return false;
    IoWait*& slot = socket_->slot(write_);
    if (slot) throw std::logic_error(write_ ? "concur::net: two tasks are writing to one socket at once"
                                            : "concur::net: two tasks are reading from one socket at once");
    slot = this;
    socket_->loop().io_wait_begin();
    this->suspend_here();
    return true;
  }
  void await_resume() {
    withdraw();
    this->throw_if_cancelled();
    if (!socket_) throw std::system_error(std::make_error_code(std::errc::operation_canceled), "concur::net: the socket was closed");
  }
  void interrupt() noexcept override {
    withdraw();
    this->wake();
  }
  // The socket is ready (or closing): the slot is already cleared by the caller.
  void ready(bool closing) noexcept {
    socket_->loop().io_wait_end();
    if (closing) socket_ = nullptr;
    this->wake();
  }

 private:
  void withdraw() noexcept {
    if (!socket_) return;
    IoWait*& slot = socket_->slot(write_);
    if (slot == this) {
      slot = nullptr;
      socket_->loop().io_wait_end();
    }
  }

  Socket* socket_;
  bool write_;
};

void Socket::dispatch(PollSource& source, std::uint32_t events) noexcept {
  Socket& socket = static_cast<Socket&>(source);
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && socket.reader_)
    std::exchange(socket.reader_, nullptr)->ready(false);
  if ((events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && socket.writer_)
    std::exchange(socket.writer_, nullptr)->ready(false);
}

void Socket::close() noexcept {
  if (fd_ < 0) return;
  if (LoopCore* loop = *loop_) loop->remove_fd(fd_);  // a destroyed loop took its epoll set along
  ::close(fd_);
  fd_ = -1;
  if (reader_) std::exchange(reader_, nullptr)->ready(true);
  if (writer_) std::exchange(writer_, nullptr)->ready(true);
}

void set_nodelay(int fd) noexcept {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::uint16_t port_of(const sockaddr_storage& address) noexcept {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return 0;
}

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
};

// A numeric IPv4 or IPv6 address, or nothing.
bool parse_numeric(const std::string& host, std::uint16_t port, Address& out) {
  auto& v4 = reinterpret_cast<sockaddr_in&>(out.storage);
  if (::inet_pton(AF_INET, host.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    out.length = sizeof(sockaddr_in);
    return true;
  }
  auto& v6 = reinterpret_cast<sockaddr_in6&>(out.storage);
  if (::inet_pton(AF_INET6, host.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    out.length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

// getaddrinfo: blocking, so run on a thread by connect().
std::vector<Address> resolve(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (status != 0) throw std::runtime_error("concur::net::connect: cannot resolve " + host + ": " + ::gai_strerror(status));
  std::vector<Address> addresses;
  for (addrinfo* info = found; info; info = info->ai_next) {
    Address address;
    std::memcpy(&address.storage, info->ai_addr, info->ai_addrlen);
    address.length = static_cast<socklen_t>(info->ai_addrlen);
    addresses.push_back(address);
  }
  ::freeaddrinfo(found);
  return addresses;
}

}  // namespace detail

// ---- TcpStream --------------------------------------------------------------------------------

TcpStream::TcpStream() noexcept = default;
TcpStream::TcpStream(std::unique_ptr<detail::Socket> socket) noexcept : socket_(std::move(socket)) {}
TcpStream::TcpStream(TcpStream&&) noexcept = default;
TcpStream& TcpStream::operator=(TcpStream&&) noexcept = default;
TcpStream::~TcpStream() = default;

bool TcpStream::is_open() const noexcept { return socket_ && socket_->is_open(); }
int TcpStream::native_handle() const noexcept { return socket_ ? socket_->fd() : -1; }
void TcpStream::close() noexcept {
  if (socket_) socket_->close();
}

detail::Socket& TcpStream::socket() const {
  if (!socket_) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::net: empty stream");
  socket_->require_open();
  return *socket_;
}

Task<std::size_t> TcpStream::read(std::span<std::byte> buffer) {
  for (;;) {
    detail::Socket& socket = this->socket();
    ssize_t got = ::recv(socket.fd(), buffer.data(), buffer.size(), 0);
    if (got >= 0) co_return static_cast<std::size_t>(got);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno(errno, "concur::net: recv");
    co_await detail::IoWait(socket, false);
  }
}

Task<std::string> TcpStream::read(std::size_t max_bytes) {
  std::string data(max_bytes, '\0');
  std::size_t got = co_await read(std::as_writable_bytes(std::span(data)));
  data.resize(got);
  co_return std::move(data);
}

Task<void> TcpStream::read_exactly(std::span<std::byte> buffer) {
  std::size_t done = 0;
  while (done < buffer.size()) {
    std::size_t got = co_await read(buffer.subspan(done));
    if (got == 0)
      throw IncompleteReadError(std::string(reinterpret_cast<const char*>(buffer.data()), done), buffer.size());
    done += got;
  }
}

Task<std::string> TcpStream::read_exactly(std::size_t count) {
  std::string data(count, '\0');
  co_await read_exactly(std::as_writable_bytes(std::span(data)));
  co_return std::move(data);
}

Task<void> TcpStream::write(std::span<const std::byte> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    detail::Socket& socket = this->socket();
    ssize_t sent = ::send(socket.fd(), data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (sent >= 0) {
      done += static_cast<std::size_t>(sent);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno(errno, "concur::net: send");
    co_await detail::IoWait(socket, true);
  }
}

Task<void> TcpStream::write(std::string_view data) {
  co_await write(std::as_bytes(std::span(data.data(), data.size())));
}

void TcpStream::shutdown_write() {
  if (::shutdown(socket().fd(), SHUT_WR) != 0) detail::throw_errno(errno, "concur::net: shutdown");
}

std::uint16_t TcpStream::local_port() const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket().fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
    detail::throw_errno(errno, "concur::net: getsockname");
  return detail::port_of(address);
}

std::uint16_t TcpStream::peer_port() const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(socket().fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
    detail::throw_errno(errno, "concur::net: getpeername");
  return detail::port_of(address);
}

// ---- connect ----------------------------------------------------------------------------------

Task<TcpStream> connect(std::string host, std::uint16_t port) {
  detail::LoopCore& loop = detail::running_loop("concur::net::connect");
  std::vector<detail::Address> addresses(1);
  if (!detail::parse_numeric(host, port, addresses[0])) addresses = co_await to_thread(detail::resolve, host, port);
  int last_error = EADDRNOTAVAIL;
  for (const detail::Address& address : addresses) {
    int fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) detail::throw_errno(errno, "concur::net::connect: socket");
    detail::set_nodelay(fd);
    int status;
    do {
      status = ::connect(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length);
    } while (status != 0 && errno == EINTR);
    if (status != 0 && errno != EINPROGRESS) {
      last_error = errno;
      ::close(fd);
      continue;
    }
    TcpStream stream(std::make_unique<detail::Socket>(loop, fd));  // owns fd from here
    if (status != 0) {
      co_await detail::IoWait(*stream.socket_, true);
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) {
        last_error = error;
        continue;  // `stream` closes the socket
      }
    }
    co_return std::move(stream);
  }
  detail::throw_errno(last_error, ("concur::net::connect: " + host + ":" + std::to_string(port)).c_str());
}

// ---- TcpListener ------------------------------------------------------------------------------

TcpListener::TcpListener() noexcept = default;
TcpListener::TcpListener(std::unique_ptr<detail::Socket> socket) noexcept : socket_(std::move(socket)) {}
TcpListener::TcpListener(TcpListener&&) noexcept = default;
TcpListener& TcpListener::operator=(TcpListener&&) noexcept = default;
TcpListener::~TcpListener() = default;

TcpListener TcpListener::bind(const std::string& host, std::uint16_t port, int backlog) {
  detail::LoopCore& loop = detail::running_loop("concur::net::TcpListener::bind");
  detail::Address address;
  if (!detail::parse_numeric(host, port, address))
    throw std::invalid_argument("concur::net::TcpListener::bind: not a numeric IP address: " + host);
  int fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) detail::throw_errno(errno, "concur::net::TcpListener::bind: socket");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 ||
      ::listen(fd, backlog) != 0) {
    int error = errno;
    ::close(fd);
    detail::throw_errno(error, ("concur::net::TcpListener::bind: " + host + ":" + std::to_string(port)).c_str());
  }
  return TcpListener(std::make_unique<detail::Socket>(loop, fd));
}

Task<TcpStream> TcpListener::accept() {
  for (;;) {
    if (!socket_) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::net: empty listener");
    socket_->require_open();
    int fd = ::accept4(socket_->fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      detail::set_nodelay(fd);
      co_return TcpStream(std::make_unique<detail::Socket>(socket_->loop(), fd));
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) detail::throw_errno(errno, "concur::net: accept");
    co_await detail::IoWait(*socket_, false);
  }
}

std::uint16_t TcpListener::port() const {
  if (!socket_ || !socket_->is_open()) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor), "concur::net: closed listener");
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket_->fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
    detail::throw_errno(errno, "concur::net: getsockname");
  return detail::port_of(address);
}

bool TcpListener::is_open() const noexcept { return socket_ && socket_->is_open(); }
void TcpListener::close() noexcept {
  if (socket_) socket_->close();
}

}  // namespace concur::net
