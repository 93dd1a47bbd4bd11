// concur::http internals: the multi handle driven by the event loop (Client) and one request on it
// (Transfer). Not installed.
//
// The loop and libcurl meet in three places:
//   - libcurl's socket callback registers each socket with the loop's epoll set, level-triggered
//     (libcurl does not promise to read a socket dry), with the events libcurl asks for;
//   - libcurl's timer callback sets one of the loop's timers (or, for "now", queues the work);
//   - epoll events and the timer only queue work (a ReadyNode): the loop runs
//     curl_multi_socket_action from its ready queue, never while it is dispatching an epoll batch
//     (libcurl may close sockets and call back into the socket callback there).
// After each curl_multi_socket_action, finished transfers are taken from curl_multi_info_read and
// their tasks woken. Everything runs on the loop's thread.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "concur/detail/loop_core.h"
#include "concur/http/request.h"
#include "concur/http/response.h"
#include "concur/http/session.h"

namespace concur::http::detail {

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
struct MultiDeleter {
  void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};
struct ShareDeleter {
  void operator()(CURLSH* share) const noexcept { curl_share_cleanup(share); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init, once per process, thread-safely (the only global state).
void global_init();

class Transfer;

class Client {
 public:
  explicit Client(SessionOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const SessionOptions& options() const noexcept { return options_; }
  CURLSH* share() const noexcept { return share_.get(); }
  // The loop this client is bound to (bound by its first add()).
  concur::detail::LoopCore& loop() const noexcept { return *loop_; }
  bool loop_alive() const noexcept { return anchor_ && *anchor_; }

  EasyHandle acquire_easy();
  void release_easy(EasyHandle easy) noexcept;

  // Starts the transfer (curl_multi_add_handle); throws Error, or std::logic_error off the loop.
  void add(Transfer& transfer);
  // Withdraws it, at once (or, inside a libcurl callback, right after libcurl returns).
  void remove(Transfer& transfer) noexcept;

 private:
  struct SocketEntry : concur::detail::PollSource, concur::detail::ReadyNode {
    Client* client = nullptr;
    curl_socket_t fd = CURL_SOCKET_BAD;
    std::uint32_t events = 0;  // registered with epoll
    int pending = 0;           // CURL_CSELECT_* seen since the last socket action
  };
  struct TimerEntry : concur::detail::TimerNode {
    Client* client = nullptr;
  };
  struct ActionNode : concur::detail::ReadyNode {
    Client* client = nullptr;
  };
  struct Orphan {
    EasyHandle owned;  // null for a handle the caller owns
    CURL* easy = nullptr;
  };

  void bind_loop();
  void action(curl_socket_t fd, int mask) noexcept;
  void collect_finished() noexcept;
  void release_orphans() noexcept;

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* client, void* entry) noexcept;
  static int on_timer(CURLM* multi, long timeout_ms, void* client) noexcept;
  static void on_poll(concur::detail::PollSource& source, std::uint32_t events) noexcept;
  static void run_socket(concur::detail::ReadyNode& node) noexcept;
  static void run_timeout(concur::detail::ReadyNode& node) noexcept;
  static void fire_timer(concur::detail::TimerNode& timer) noexcept;

  SessionOptions options_;
  concur::detail::LoopCore* loop_ = nullptr;
  std::shared_ptr<concur::detail::LoopCore*> anchor_;
  std::unique_ptr<CURLSH, ShareDeleter> share_;
  std::unique_ptr<CURLM, MultiDeleter> multi_;
  std::unordered_map<curl_socket_t, std::unique_ptr<SocketEntry>> sockets_;
  std::unordered_map<CURL*, Transfer*> transfers_;
  std::vector<EasyHandle> idle_;
  std::vector<Orphan> orphans_;
  TimerEntry timer_;
  ActionNode timeout_node_;
  int in_curl_ = 0;  // depth of calls into libcurl that may call back
  bool closing_ = false;
};

// One request: its easy handle, what it sends, what it received, and the task waiting for it.
class Transfer final : public concur::detail::Waiter {
 public:
  enum class Mode { buffer, callback, chunks, external };

  // A request of the session's, on a handle of the client's pool.
  Transfer(std::shared_ptr<Client> client, Mode mode);
  // The caller's handle, as configured (perform).
  Transfer(std::shared_ptr<Client> client, CURL* easy);
  ~Transfer();

  void configure(const Request& request);
  void set_on_data(std::function<void(std::string_view)> on_data) { on_data_ = std::move(on_data); }
  void start() {
    client_->add(*this);
    arm_read_timer();
  }

  CURL* easy() const noexcept { return easy_; }
  bool done() const noexcept { return done_; }
  CURLcode result() const noexcept { return result_; }
  // Chunk mode: what arrived since the last call (resuming a paused transfer).
  std::string take_chunk();
  // The response, or the transfer's error as an exception.
  Response finish();

  // Called by the client.
  void complete(CURLcode result) noexcept;
  void detach() noexcept { in_multi_ = false; }
  bool in_multi() const noexcept { return in_multi_; }
  void set_in_multi() noexcept { in_multi_ = true; }
  EasyHandle take_owned() noexcept { return std::move(owned_); }
  void neutralize() noexcept;  // no more callbacks into this object

  void interrupt() noexcept override;

  // co_await transfer.wait(): until the transfer is done (or, in chunk mode, has data).
  struct WaitAwaiter {
    Transfer& transfer;
    bool await_ready() const noexcept { return transfer.ready(); }
    template <class Promise>
    bool await_suspend(std::coroutine_handle<Promise> handle) noexcept {
      return transfer.suspend(handle);
    }
    void await_resume() { transfer.resumed(); }
  };
  WaitAwaiter wait() noexcept { return WaitAwaiter{*this}; }

 private:
  bool ready() const noexcept { return done_ || (mode_ == Mode::chunks && !chunk_.empty()); }
  template <class Promise>
  bool suspend(std::coroutine_handle<Promise> handle) noexcept {
    if (!this->bind(handle)) return false;
    waiting_ = true;
    client_->loop().io_wait_begin();
    this->suspend_here();
    return true;
  }
  void resumed();
  void stop_waiting() noexcept;
  void notify() noexcept {
    if (waiting_) this->wake();
  }

  // The read timeout: no byte received for read_timeout_ (checked lazily: a callback only notes
  // the time; the timer, when it fires, re-arms itself from the last byte or fails the transfer).
  void arm_read_timer() noexcept;
  static void on_read_timer(concur::detail::TimerNode& timer) noexcept;
  static void run_read_timeout(concur::detail::ReadyNode& node) noexcept;
  struct ReadTimer : concur::detail::TimerNode {
    Transfer* owner = nullptr;
  };
  struct ReadTimeoutNode : concur::detail::ReadyNode {
    Transfer* owner = nullptr;
  };

  static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* self) noexcept;
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept;

  std::shared_ptr<Client> client_;
  Mode mode_;
  EasyHandle owned_;
  CURL* easy_ = nullptr;
  Slist header_list_;
  std::optional<Body> body_;
  Response response_;
  std::function<void(std::string_view)> on_data_;
  std::exception_ptr callback_error_;
  std::string chunk_;
  bool paused_ = false;
  bool in_multi_ = false;
  bool done_ = false;
  bool waiting_ = false;
  CURLcode result_ = CURLE_OK;
  char error_[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::duration read_timeout_{};
  std::chrono::steady_clock::time_point last_byte_{};
  ReadTimer read_timer_;
  ReadTimeoutNode read_timeout_node_;
};

}  // namespace concur::http::detail
