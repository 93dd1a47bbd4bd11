// concur::http::detail::Client and Transfer: libcurl's multi-socket API on the event loop.
#include "client.h"

#include <sys/epoll.h>

#include <algorithm>
#include <cstdio>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace concur::http::detail {

namespace {

constexpr std::size_t kIdleEasyHandles = 256;   // reset handles kept for the next requests
constexpr std::size_t kChunkPauseBytes = 1 << 20;  // chunk mode: pause the transfer above this

void check(CURLcode code, const char* what) {
  if (code != CURLE_OK) throw Error(code, std::string("concur::http: ") + what + ": " + curl_easy_strerror(code));
}

template <class T>
void set(CURL* easy, CURLoption option, T value, const char* what) {
  check(curl_easy_setopt(easy, option, value), what);
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) noexcept { return size * count; }

std::string join_url(const std::string& base, const std::string& url) {
  if (base.empty() || url.find("://") != std::string::npos) return url;
  if (url.empty()) return base;
  std::string joined = base;
  bool base_slash = joined.back() == '/';
  bool url_slash = url.front() == '/';
  if (base_slash && url_slash) {
    joined.pop_back();
  } else if (!base_slash && !url_slash) {
    joined += '/';
  }
  return joined + url;
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

void global_init() {
  // A function-local static is initialised once, and other threads wait for it (C++11).
  static const CURLcode status = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (status != CURLE_OK) throw Error(status, std::string("curl_global_init: ") + curl_easy_strerror(status));
}

// ---- Client ----------------------------------------------------------------------------------

Client::Client(SessionOptions options) : options_(std::move(options)) {
  global_init();
  multi_.reset(curl_multi_init());
  if (!multi_) throw Error(CURLE_OUT_OF_MEMORY, "concur::http: curl_multi_init failed");
  timer_.client = this;
  timer_.fire = &Client::fire_timer;
  timeout_node_.client = this;
  timeout_node_.callback = &Client::run_timeout;
  CURLM* multi = multi_.get();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Client::on_socket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Client::on_timer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  if (options_.limits.max_connections)
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options_.limits.max_connections));
  if (options_.limits.max_per_host)
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options_.limits.max_per_host));
  // libcurl's default keeps 4 idle connections per easy handle in the multi handle at the time a
  // transfer ends: when every request of a batch has ended before the next batch starts (a task
  // starts its next request only after it resumed), that closes most of them.
  std::size_t idle = options_.limits.max_idle;
  if (!idle) idle = options_.limits.max_connections ? options_.limits.max_connections
                                                   : std::max<std::size_t>(100, options_.limits.max_per_host);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(idle));
  if (options_.cookies) {
    share_.reset(curl_share_init());
    if (!share_) throw Error(CURLE_OUT_OF_MEMORY, "concur::http: curl_share_init failed");
    // One thread uses the share (the loop's): no lock functions are needed.
    curl_share_setopt(share_.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  }
}

Client::~Client() {
  // No transfer is left (each holds a reference). Take the sockets out of epoll while they are
  // still open, then let libcurl close its connections without calling back.
  bool alive = loop_alive();
  for (auto& [fd, entry] : sockets_)
    if (alive) loop_->remove_fd(fd);
  if (alive) loop_->remove_timer(timer_);
  closing_ = true;
  release_orphans();
  idle_.clear();
  multi_.reset();
  sockets_.clear();
}

void Client::bind_loop() {
  concur::detail::LoopCore* current = concur::detail::LoopCore::current();
  if (!current) throw std::logic_error("concur::http: requests run on an event loop (from a concur::Task)");
  if (loop_ == current && loop_alive()) return;
  if (loop_ && loop_alive()) throw std::logic_error("concur::http: a Session is used on one event loop at a time");
  // The first loop, or the previous one is gone (with its epoll set and timers): libcurl's open
  // connections move to this loop.
  loop_ = current;
  anchor_ = current->anchor();
  timer_.heap_index = concur::detail::TimerNode::kNotArmed;
  for (auto& [fd, entry] : sockets_) {
    entry->pending = 0;
    loop_->add_fd(fd, *entry, entry->events);
  }
  if (!sockets_.empty()) loop_->schedule(timeout_node_);
}

EasyHandle Client::acquire_easy() {
  if (!idle_.empty()) {
    EasyHandle easy = std::move(idle_.back());
    idle_.pop_back();
    return easy;
  }
  EasyHandle easy(curl_easy_init());
  if (!easy) throw Error(CURLE_OUT_OF_MEMORY, "concur::http: curl_easy_init failed");
  return easy;
}

void Client::release_easy(EasyHandle easy) noexcept {
  if (!easy) return;
  // libcurl keeps CURLOPT_COOKIEFILE's names in a list that neither curl_easy_reset nor
  // curl_easy_cleanup frees once a share holds the cookies: clearing the option frees it.
  curl_easy_setopt(easy.get(), CURLOPT_COOKIEFILE, static_cast<char*>(nullptr));
  if (idle_.size() >= kIdleEasyHandles) return;  // cleaned up here
  curl_easy_reset(easy.get());
  try {
    idle_.push_back(std::move(easy));
  } catch (...) {
  }
}

void Client::add(Transfer& transfer) {
  bind_loop();
  transfers_.reserve(transfers_.size() + 1);
  CURLMcode code = curl_multi_add_handle(multi_.get(), transfer.easy());
  if (code != CURLM_OK)
    throw Error(CURLE_FAILED_INIT, std::string("concur::http: curl_multi_add_handle: ") + curl_multi_strerror(code));
  transfers_.emplace(transfer.easy(), &transfer);
  transfer.set_in_multi();
  // Start it now (libcurl's timer callback has asked for "at once"): the request goes out in this
  // loop iteration rather than the next. (Never inside a libcurl callback: coroutines, which
  // start transfers, do not run there.)
  if (in_curl_ == 0) action(CURL_SOCKET_TIMEOUT, 0);
}

void Client::remove(Transfer& transfer) noexcept {
  if (!transfer.in_multi()) return;
  transfer.detach();
  transfers_.erase(transfer.easy());
  if (in_curl_ > 0) {
    // Inside a libcurl callback libcurl refuses curl_multi_remove_handle: the handle leaves the
    // transfer now and the multi handle as soon as libcurl returns.
    transfer.neutralize();
    try {
      orphans_.push_back(Orphan{transfer.take_owned(), transfer.easy()});
      return;
    } catch (...) {
      // Out of memory: fall through and try the removal anyway.
    }
  }
  curl_multi_remove_handle(multi_.get(), transfer.easy());
}

void Client::release_orphans() noexcept {
  while (!orphans_.empty()) {
    Orphan orphan = std::move(orphans_.back());
    orphans_.pop_back();
    curl_multi_remove_handle(multi_.get(), orphan.easy);
    release_easy(std::move(orphan.owned));
  }
}

void Client::action(curl_socket_t fd, int mask) noexcept {
  int running = 0;
  ++in_curl_;
  curl_multi_socket_action(multi_.get(), fd, mask, &running);
  --in_curl_;
  release_orphans();
  collect_finished();
}

void Client::collect_finished() noexcept {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode result = message->data.result;
    auto found = transfers_.find(easy);
    curl_multi_remove_handle(multi_.get(), easy);
    if (found == transfers_.end()) continue;
    Transfer* transfer = found->second;
    transfers_.erase(found);
    transfer->detach();
    transfer->complete(result);
  }
}

int Client::on_socket(CURL*, curl_socket_t fd, int what, void* client_ptr, void* entry_ptr) noexcept {
  Client& client = *static_cast<Client*>(client_ptr);
  if (client.closing_) return 0;
  auto* entry = static_cast<SocketEntry*>(entry_ptr);
  bool alive = client.loop_alive();
  if (what == CURL_POLL_REMOVE) {
    if (!entry) return 0;
    if (alive) client.loop_->remove_fd(fd);
    curl_multi_assign(client.multi_.get(), fd, nullptr);
    client.sockets_.erase(fd);  // unlinks the entry from the ready queue if it was queued
    return 0;
  }
  std::uint32_t events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
  if (!alive) return -1;
  try {
    if (!entry) {
      auto fresh = std::make_unique<SocketEntry>();
      fresh->client = &client;
      fresh->fd = fd;
      fresh->events = events;
      fresh->on_events = &Client::on_poll;
      fresh->callback = &Client::run_socket;
      entry = fresh.get();
      auto [slot, inserted] = client.sockets_.insert_or_assign(fd, std::move(fresh));
      (void)slot;
      (void)inserted;
      client.loop_->add_fd(fd, *entry, events);
      curl_multi_assign(client.multi_.get(), fd, entry);
    } else if (entry->events != events) {
      client.loop_->modify_fd(fd, *entry, events);
      entry->events = events;
    }
  } catch (...) {
    return -1;  // libcurl fails the transfers on this socket
  }
  return 0;
}

int Client::on_timer(CURLM*, long timeout_ms, void* client_ptr) noexcept {
  Client& client = *static_cast<Client*>(client_ptr);
  if (client.closing_ || !client.loop_alive()) return 0;
  client.loop_->remove_timer(client.timer_);
  if (timeout_ms < 0) return 0;
  if (timeout_ms == 0) {
    if (!client.timeout_node_.queued()) client.loop_->schedule(client.timeout_node_);
    return 0;
  }
  client.timer_.deadline = client.loop_->now() + std::chrono::milliseconds(timeout_ms);
  try {
    client.loop_->add_timer(client.timer_);
  } catch (...) {
    return -1;
  }
  return 0;
}

void Client::on_poll(concur::detail::PollSource& source, std::uint32_t events) noexcept {
  auto& entry = static_cast<SocketEntry&>(source);
  int mask = 0;
  if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) mask |= CURL_CSELECT_IN;
  if (events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
  if (events & EPOLLERR) mask |= CURL_CSELECT_ERR;
  entry.pending |= mask;
  if (!entry.queued()) entry.client->loop_->schedule(entry);
}

void Client::run_socket(concur::detail::ReadyNode& node) noexcept {
  auto& entry = static_cast<SocketEntry&>(node);
  Client& client = *entry.client;
  curl_socket_t fd = entry.fd;
  int mask = std::exchange(entry.pending, 0);
  client.action(fd, mask);  // may destroy the entry
}

void Client::run_timeout(concur::detail::ReadyNode& node) noexcept {
  Client& client = *static_cast<ActionNode&>(node).client;
  client.action(CURL_SOCKET_TIMEOUT, 0);
}

void Client::fire_timer(concur::detail::TimerNode& timer) noexcept {
  Client& client = *static_cast<TimerEntry&>(timer).client;
  if (!client.timeout_node_.queued()) client.loop_->schedule(client.timeout_node_);
}

// ---- Transfer --------------------------------------------------------------------------------

Transfer::Transfer(std::shared_ptr<Client> client, Mode mode) : client_(std::move(client)), mode_(mode) {
  read_timer_.owner = this;
  read_timer_.fire = &Transfer::on_read_timer;
  read_timeout_node_.owner = this;
  read_timeout_node_.callback = &Transfer::run_read_timeout;
  owned_ = client_->acquire_easy();
  easy_ = owned_.get();
}

Transfer::Transfer(std::shared_ptr<Client> client, CURL* easy)
    : client_(std::move(client)), mode_(Mode::external), easy_(easy) {
  read_timer_.owner = this;
  read_timer_.fire = &Transfer::on_read_timer;
  read_timeout_node_.owner = this;
  read_timeout_node_.callback = &Transfer::run_read_timeout;
  if (!easy_) throw std::invalid_argument("concur::http::perform: a null CURL handle");
}

Transfer::~Transfer() {
  if (read_timer_.armed() && client_->loop_alive()) client_->loop().remove_timer(read_timer_);
  stop_waiting();
  client_->remove(*this);
  if (owned_) client_->release_easy(std::move(owned_));
}

void Transfer::stop_waiting() noexcept {
  if (!waiting_) return;
  waiting_ = false;
  if (client_->loop_alive()) client_->loop().io_wait_end();
}

void Transfer::resumed() {
  stop_waiting();
  this->throw_if_cancelled();
}

void Transfer::interrupt() noexcept {
  client_->remove(*this);
  this->wake();
}

void Transfer::arm_read_timer() noexcept {
  if (read_timeout_.count() <= 0) return;
  last_byte_ = client_->loop().now();
  read_timer_.deadline = last_byte_ + read_timeout_;
  try {
    client_->loop().add_timer(read_timer_);
  } catch (...) {
    // Without memory for the timer the request goes on without its read timeout.
  }
}

void Transfer::on_read_timer(concur::detail::TimerNode& timer) noexcept {
  Transfer& self = *static_cast<ReadTimer&>(timer).owner;
  concur::detail::LoopCore& loop = self.client_->loop();
  if (self.done_ || !self.in_multi_) return;
  auto deadline = self.last_byte_ + self.read_timeout_;
  if (deadline > loop.now()) {
    self.read_timer_.deadline = deadline;
    try {
      loop.add_timer(self.read_timer_);
    } catch (...) {
    }
    return;
  }
  // Timers only queue work: the transfer is failed from the ready queue.
  if (!self.read_timeout_node_.queued()) loop.schedule(self.read_timeout_node_);
}

void Transfer::run_read_timeout(concur::detail::ReadyNode& node) noexcept {
  Transfer& self = *static_cast<ReadTimeoutNode&>(node).owner;
  if (self.done_ || !self.in_multi_) return;
  self.client_->remove(self);
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(self.read_timeout_).count();
  std::snprintf(self.error_, sizeof self.error_, "Read timeout: no data received for %lld ms",
                static_cast<long long>(waited));
  self.complete(CURLE_OPERATION_TIMEDOUT);
}

void Transfer::complete(CURLcode result) noexcept {
  if (read_timer_.armed()) client_->loop().remove_timer(read_timer_);
  done_ = true;
  result_ = result;
  notify();
}

void Transfer::neutralize() noexcept {
  if (mode_ == Mode::external) return;
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &discard);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &discard);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
}

void Transfer::configure(const Request& request) {
  const SessionOptions& options = client_->options();
  CURL* easy = easy_;
  std::string url = join_url(options.base_url, request.url);
  response_.url = url;
  set(easy, CURLOPT_URL, url.c_str(), "URL");
  set(easy, CURLOPT_NOSIGNAL, 1L, "NOSIGNAL");
  set(easy, CURLOPT_ERRORBUFFER, error_, "ERRORBUFFER");
  set(easy, CURLOPT_WRITEFUNCTION, &Transfer::on_write, "WRITEFUNCTION");
  set(easy, CURLOPT_WRITEDATA, this, "WRITEDATA");
  set(easy, CURLOPT_HEADERFUNCTION, &Transfer::on_header, "HEADERFUNCTION");
  set(easy, CURLOPT_HEADERDATA, this, "HEADERDATA");

  bool follow = request.follow_redirects.value_or(options.follow_redirects);
  set(easy, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L, "FOLLOWLOCATION");
  set(easy, CURLOPT_MAXREDIRS, request.max_redirects.value_or(options.max_redirects), "MAXREDIRS");

  const Timeouts& timeouts = request.timeouts ? *request.timeouts : options.timeouts;
  if (timeouts.connect.count() > 0)
    set(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()), "CONNECTTIMEOUT_MS");
  if (timeouts.total.count() > 0)
    set(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()), "TIMEOUT_MS");
  read_timeout_ = timeouts.read;

  if (!options.user_agent.empty()) set(easy, CURLOPT_USERAGENT, options.user_agent.c_str(), "USERAGENT");
  if (options.decompress) set(easy, CURLOPT_ACCEPT_ENCODING, "", "ACCEPT_ENCODING");
  long version = CURL_HTTP_VERSION_NONE;
  switch (options.http_version) {
    case HttpVersion::automatic: version = CURL_HTTP_VERSION_2TLS; break;
    case HttpVersion::http1_1: version = CURL_HTTP_VERSION_1_1; break;
    case HttpVersion::http2: version = CURL_HTTP_VERSION_2_0; break;
    case HttpVersion::http2_prior_knowledge: version = CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE; break;
  }
  set(easy, CURLOPT_HTTP_VERSION, version, "HTTP_VERSION");
  set(easy, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L, "SSL_VERIFYPEER");
  set(easy, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L, "SSL_VERIFYHOST");
  if (!options.ca_file.empty()) set(easy, CURLOPT_CAINFO, options.ca_file.c_str(), "CAINFO");
  set(easy, CURLOPT_PROXY, options.proxy.c_str(), "PROXY");
  if (client_->share()) {
    set(easy, CURLOPT_SHARE, client_->share(), "SHARE");  // the session's cookie store
    set(easy, CURLOPT_COOKIEFILE, "", "COOKIEFILE");        // turns the cookie engine on
  }

  // The method and the body.
  const std::string& method = request.method;
  if (request.body) body_ = *request.body;
  if (method == "HEAD") {
    set(easy, CURLOPT_NOBODY, 1L, "NOBODY");
  } else if (method == "GET" && !body_) {
    set(easy, CURLOPT_HTTPGET, 1L, "HTTPGET");
  } else {
    if (body_ || method == "POST") {
      const char* data = body_ ? body_->data.data() : "";
      curl_off_t size = body_ ? static_cast<curl_off_t>(body_->data.size()) : 0;
      set(easy, CURLOPT_POSTFIELDSIZE_LARGE, size, "POSTFIELDSIZE_LARGE");
      set(easy, CURLOPT_POSTFIELDS, data, "POSTFIELDS");
    }
    if (method != "POST") set(easy, CURLOPT_CUSTOMREQUEST, method.c_str(), "CUSTOMREQUEST");
  }

  // Headers: the session's, replaced by the request's of the same name; the body's type.
  Headers merged;
  for (const auto& [name, value] : options.headers)
    if (!request.headers.contains(name)) merged.add(name, value);
  for (const auto& [name, value] : request.headers) merged.add(name, value);
  if (body_ && !body_->content_type.empty() && !merged.contains("Content-Type"))
    merged.add("Content-Type", body_->content_type);
  if (body_ && !merged.contains("Expect")) merged.add("Expect", "");  // no 100-continue round trip
  curl_slist* list = nullptr;
  for (const auto& [name, value] : merged) {
    // "Name:" alone removes a header libcurl would add; "Name;" sends it empty.
    std::string line = value.empty() ? name + ":" : name + ": " + value;
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (!grown) {
      curl_slist_free_all(list);
      throw Error(CURLE_OUT_OF_MEMORY, "concur::http: curl_slist_append failed");
    }
    list = grown;
  }
  header_list_.reset(list);
  if (list) set(easy, CURLOPT_HTTPHEADER, list, "HTTPHEADER");
}

std::size_t Transfer::on_write(char* data, std::size_t size, std::size_t count, void* self_ptr) noexcept {
  auto& self = *static_cast<Transfer*>(self_ptr);
  std::size_t bytes = size * count;
  if (self.read_timeout_.count() > 0) self.last_byte_ = std::chrono::steady_clock::now();
  try {
    switch (self.mode_) {
      case Mode::buffer:
        self.response_.body.append(data, bytes);
        break;
      case Mode::callback:
        if (self.on_data_) self.on_data_(std::string_view(data, bytes));
        break;
      case Mode::chunks:
        if (self.chunk_.size() >= kChunkPauseBytes) {
          self.paused_ = true;  // libcurl keeps these bytes and delivers them again on resume
          self.notify();
          return CURL_WRITEFUNC_PAUSE;
        }
        self.chunk_.append(data, bytes);
        self.notify();
        break;
      case Mode::external:
        break;
    }
  } catch (...) {
    self.callback_error_ = std::current_exception();
    return 0;  // libcurl aborts the transfer (CURLE_WRITE_ERROR)
  }
  return bytes;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self_ptr) noexcept {
  auto& self = *static_cast<Transfer*>(self_ptr);
  std::size_t bytes = size * count;
  if (self.read_timeout_.count() > 0) self.last_byte_ = std::chrono::steady_clock::now();
  std::string_view line(data, bytes);
  try {
    if (line.starts_with("HTTP/")) {
      // A new response (after a redirect, or a 100 Continue): its headers replace the last ones.
      self.response_.headers.clear();
      self.response_.reason.clear();
      std::size_t first = line.find(' ');
      std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
      if (second != std::string_view::npos) self.response_.reason = std::string(trim(line.substr(second + 1)));
    } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      self.response_.headers.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
  } catch (...) {
    self.callback_error_ = std::current_exception();
    return 0;
  }
  return bytes;
}

std::string Transfer::take_chunk() {
  std::string chunk = std::move(chunk_);
  chunk_.clear();
  if (paused_ && in_multi_) {
    paused_ = false;
    curl_easy_pause(easy_, CURLPAUSE_CONT);  // may deliver the held bytes into chunk_ at once
  }
  return chunk;
}

Response Transfer::finish() {
  if (callback_error_) std::rethrow_exception(callback_error_);
  if (result_ != CURLE_OK)
    throw Error(result_, error_[0] ? std::string(error_) : std::string(curl_easy_strerror(result_)));
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  response_.status = status;
  char* effective = nullptr;
  if (curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective) response_.url = effective;
  long redirects = 0;
  curl_easy_getinfo(easy_, CURLINFO_REDIRECT_COUNT, &redirects);
  response_.redirects = redirects;
  long version = 0;
  curl_easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &version);
  switch (version) {
    case CURL_HTTP_VERSION_1_0: response_.http_version = 10; break;
    case CURL_HTTP_VERSION_1_1: response_.http_version = 11; break;
    case CURL_HTTP_VERSION_2_0: response_.http_version = 20; break;
    case CURL_HTTP_VERSION_3: response_.http_version = 30; break;
    default: response_.http_version = 0; break;
  }
  return std::move(response_);
}

}  // namespace concur::http::detail
