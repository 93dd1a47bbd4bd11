// concur::net: a loopback TCP echo server and clients, end of stream, errors, cancellation.
// Everything listens on 127.0.0.1 only, on a port the kernel picks, and is bounded in count and
// time (every scenario runs under wait_for).
#include <gtest/gtest.h>

#include <string>
#include <system_error>
#include <vector>

#include "concur/gather.h"
#include "concur/net.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "concur/wait_for.h"
#include "coro_support.h"
#include "test_support.h"

using namespace std::chrono_literals;
using concur::Task;
using concur::net::TcpListener;
using concur::net::TcpStream;

namespace {

// Echoes until the client closes its side, then closes.
Task<> echo_connection(TcpStream stream) {
  for (;;) {
    std::string data = co_await stream.read(64 * 1024);
    if (data.empty()) break;
    co_await stream.write(data);
  }
}

Task<> echo_server(TcpListener* listener, int connections) {
  std::vector<concur::TaskHandle<>> handlers;
  for (int i = 0; i < connections; ++i) handlers.push_back(concur::create_task(echo_connection(co_await listener->accept())));
  co_await concur::gather(handlers);
}

// A message of `size` bytes whose content depends on the client and the round.
std::string message(int client, int round, std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (client * 7 + round * 3 + i) % 26);
  return text;
}

Task<std::size_t> echo_client(std::uint16_t port, int client, int rounds) {
  TcpStream stream = co_await concur::net::connect("127.0.0.1", port);
  std::size_t verified = 0;
  for (int round = 0; round < rounds; ++round) {
    // Sizes from 1 byte to 256 KiB: the large ones fill the socket buffers, so writes wait for
    // the peer to read (EAGAIN, then epoll) while the echo comes back.
    std::size_t size = std::size_t{1} << ((client + round) % 19);
    std::string sent = message(client, round, size);
    auto [nothing, echoed] = co_await concur::gather(stream.write(sent), stream.read_exactly(size));
    (void)nothing;
    if (echoed != sent) throw std::runtime_error("echo mismatch");
    verified += size;
  }
  stream.shutdown_write();
  std::string rest = co_await stream.read(16);
  if (!rest.empty()) throw std::runtime_error("data after the echoes");
  co_return verified;
}

Task<std::size_t> echo_scenario(int clients, int rounds) {
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  auto server = concur::create_task(echo_server(&listener, clients));
  std::vector<Task<std::size_t>> tasks;
  for (int c = 0; c < clients; ++c) tasks.push_back(echo_client(listener.port(), c, rounds));
  std::vector<std::size_t> verified = co_await concur::gather(std::move(tasks));
  co_await server;
  std::size_t total = 0;
  for (std::size_t bytes : verified) total += bytes;
  co_return total;
}

std::size_t expected_bytes(int clients, int rounds) {
  std::size_t total = 0;
  for (int c = 0; c < clients; ++c)
    for (int r = 0; r < rounds; ++r) total += std::size_t{1} << ((c + r) % 19);
  return total;
}

TEST(CoroNet, LoopbackEchoServerAndClients) {
  const int clients = static_cast<int>(concur_test::scaled(64) < 8 ? 8 : concur_test::scaled(64));
  const int rounds = 20;
  std::size_t bytes = concur::run(concur::wait_for(echo_scenario(clients, rounds), 120s));
  EXPECT_EQ(bytes, expected_bytes(clients, rounds));
}

// One request per connection, answered by a handler task that owns the stream; the server keeps
// the handlers' handles. The stream closes when its handler finishes, so the client's read to the
// end of the stream returns, and the next client can come.
Task<> answer_once(TcpStream stream) {
  std::string request = co_await stream.read(100);
  co_await stream.write("re: " + request);
}
Task<> keep_handles_server(TcpListener* listener, int connections) {
  std::vector<concur::TaskHandle<>> handlers;
  for (int i = 0; i < connections; ++i) handlers.push_back(concur::create_task(answer_once(co_await listener->accept())));
  co_await concur::gather(handlers);
}
Task<std::string> ask(std::uint16_t port, std::string question) {
  TcpStream stream = co_await concur::net::connect("127.0.0.1", port);
  co_await stream.write(question);
  std::string answer;
  for (;;) {
    std::string part = co_await stream.read(100);
    if (part.empty()) break;
    answer += part;
  }
  co_return answer;
}
Task<> sequential_requests() {
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  auto server = concur::create_task(keep_handles_server(&listener, 3));
  for (std::string question : {"a", "b", "c"}) {
    std::string answer = co_await ask(listener.port(), question);
    EXPECT_EQ(answer, "re: " + question);
  }
  co_await server;
}

TEST(CoroNet, AHandlerThatFinishesClosesItsStream) { concur::run(concur::wait_for(sequential_requests(), 60s)); }

Task<> end_of_stream() {
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  auto accepting = concur::create_task(listener.accept());
  TcpStream client = co_await concur::net::connect("127.0.0.1", listener.port());
  TcpStream server = co_await std::move(accepting);
  EXPECT_EQ(client.peer_port(), listener.port());
  EXPECT_EQ(server.peer_port(), client.local_port());

  co_await client.write("abc");
  client.shutdown_write();
  std::string first = co_await server.read(2);
  EXPECT_EQ(first, "ab");
  std::exception_ptr error = co_await concur_test::error_of(server.read_exactly(5));
  try {
    concur_test::rethrow(error);
    ADD_FAILURE() << "expected IncompleteReadError";
  } catch (const concur::IncompleteReadError& e) {
    EXPECT_EQ(e.partial(), "c");
    EXPECT_EQ(e.expected(), 5u);
  }
  std::string after = co_await server.read(10);
  EXPECT_EQ(after, "") << "end of stream: an empty read";
  // The other direction still works after the half-close.
  co_await server.write("ok");
  std::string reply = co_await client.read_exactly(2);
  EXPECT_EQ(reply, "ok");
}

TEST(CoroNet, EndOfStreamAndIncompleteReads) { concur::run(concur::wait_for(end_of_stream(), 60s)); }

Task<> connect_errors() {
  std::uint16_t port;
  {
    TcpListener listener = TcpListener::bind("127.0.0.1", 0);
    port = listener.port();
  }  // closed: nobody listens there now
  std::exception_ptr error = co_await concur_test::error_of(concur::net::connect("127.0.0.1", port));
  try {
    concur_test::rethrow(error);
    ADD_FAILURE() << "expected a refused connection";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED) << e.what();
  }
  EXPECT_THROW(TcpListener::bind("not-an-address", 0), std::invalid_argument);

  // A name is resolved on the to_thread pool; "localhost" may give ::1 first, where nobody
  // listens: the next address is tried.
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  auto accepting = concur::create_task(listener.accept());
  TcpStream by_name = co_await concur::net::connect("localhost", listener.port());
  TcpStream accepted = co_await std::move(accepting);
  co_await by_name.write("x");
  std::string got = co_await accepted.read(1);
  EXPECT_EQ(got, "x");
}

TEST(CoroNet, RefusedConnectionsAndNames) { concur::run(concur::wait_for(connect_errors(), 60s)); }

Task<> cancel_and_close() {
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  // A cancelled accept withdraws its wait: the listener can accept again afterwards.
  auto accepting = concur::create_task(listener.accept());
  co_await concur::sleep(2ms);
  accepting.cancel();
  std::exception_ptr error = co_await concur_test::error_of(accepting);
  EXPECT_THROW(concur_test::rethrow(error), concur::CancelledError);
  auto second = concur::create_task(listener.accept());
  TcpStream client = co_await concur::net::connect("127.0.0.1", listener.port());
  TcpStream server = co_await std::move(second);

  // Closing a stream while another task reads it ends that read with ECANCELED.
  auto reading = concur::create_task(server.read(10));
  co_await concur::sleep(2ms);
  server.close();
  error = co_await concur_test::error_of(reading);
  try {
    concur_test::rethrow(error);
    ADD_FAILURE() << "expected ECANCELED";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), std::errc::operation_canceled);
  }
  EXPECT_FALSE(server.is_open());
  error = co_await concur_test::error_of(server.write("late"));
  EXPECT_THROW(concur_test::rethrow(error), std::system_error);
  // The client sees the end of the stream.
  std::string rest = co_await client.read(10);
  EXPECT_EQ(rest, "");

  // Two tasks reading one stream at once is a mistake, reported as such.
  TcpStream other = co_await concur::net::connect("127.0.0.1", listener.port());
  TcpStream other_server = co_await listener.accept();
  auto first_reader = concur::create_task(other.read(1));
  co_await concur::yield_now();
  error = co_await concur_test::error_of(other.read(1));
  EXPECT_THROW(concur_test::rethrow(error), std::logic_error);
  co_await other_server.write("z");
  std::string z = co_await first_reader;
  EXPECT_EQ(z, "z");
}

TEST(CoroNet, CancellationAndCloseWithdrawWaits) { concur::run(concur::wait_for(cancel_and_close(), 60s)); }

struct Pair {
  TcpStream client;
  TcpStream server;
};
Task<Pair> connected_pair() {
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  auto accepting = concur::create_task(listener.accept());
  TcpStream client = co_await concur::net::connect("127.0.0.1", listener.port());
  TcpStream server = co_await std::move(accepting);
  co_return Pair{std::move(client), std::move(server)};
}

TEST(CoroNet, AStreamMayOutliveItsLoop) {
  Pair pair = concur::run(connected_pair());  // the loop is gone; the streams are not
  EXPECT_TRUE(pair.client.is_open());
  EXPECT_THROW(concur::run(pair.client.read(1)), std::logic_error) << "its loop is gone";
  pair.server.close();  // just closes the descriptor
  EXPECT_FALSE(pair.server.is_open());
}  // the client's destructor closes it the same way

}  // namespace
