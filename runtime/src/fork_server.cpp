// The fork server and the worker loop of concur::ProcessPool.
//
// Both run in child processes and end with _exit(): they never return into the caller's stack,
// never run its atexit handlers and never flush stdio buffers inherited from it.
//
// A fresh server (ServerImage::fresh) is started with posix_spawn() of /proc/self/exe with
// CONCUR_FORK_SERVER_FD in its environment. The new image stops in fork_server_hook(), a
// constructor of this library that runs during static initialization, before main(): it reports
// where its modules were loaded (the "hello", needed to translate code addresses across ASLR) and
// becomes the server. posix_spawn is safe in a multi-threaded caller, and the new image shares no
// memory with it, so nothing another thread had locked can reach the workers.
#include "fork_server.h"

#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "concur/codec.h"
#include "concur/process_pool.h"

namespace concur::detail {

bool send_request(int control, const ForkServerRequest& request, int fd) {
  char control_buffer[CMSG_SPACE(sizeof(int))] = {};
  iovec data{const_cast<ForkServerRequest*>(&request), sizeof request};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control_buffer;
  message.msg_controllen = sizeof control_buffer;
  cmsghdr* c = CMSG_FIRSTHDR(&message);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
  return ::sendmsg(control, &message, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof request);
}

ssize_t receive_request(int control, ForkServerRequest& request, int& passed_fd) {
  char control_buffer[CMSG_SPACE(sizeof(int))] = {};
  iovec data{&request, sizeof request};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control_buffer;
  message.msg_controllen = sizeof control_buffer;
  passed_fd = -1;
  ssize_t got = ::recvmsg(control, &message, MSG_CMSG_CLOEXEC);
  if (got <= 0) return got;
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      std::memcpy(&passed_fd, CMSG_DATA(c), sizeof(int));
  return got;
}

bool send_all(int fd, const void* data, std::size_t size) noexcept {
  auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t sent = ::send(fd, bytes, size, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

bool send_all(int fd, std::vector<iovec>& parts) noexcept {
  std::size_t first = 0;
  while (first < parts.size()) {
    msghdr message{};
    message.msg_iov = parts.data() + first;
    message.msg_iovlen = std::min<std::size_t>(parts.size() - first, IOV_MAX);
    ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    // Skip what was written, possibly ending inside a part.
    auto left = static_cast<std::size_t>(sent);
    while (first < parts.size() && left >= parts[first].iov_len) left -= parts[first++].iov_len;
    if (left > 0) {
      parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + left;
      parts[first].iov_len -= left;
    }
  }
  return true;
}

namespace {

// The worker: read a request, run it, write the reply, until the pool closes the socket.
[[noreturn]] void run_worker(int socket_fd) {
  // Requests are read through a buffer: one recv() usually brings a whole request, and the next
  // one when the pool pipelines map chunks, instead of one call for the length and one for the body.
  std::string inbox;
  std::size_t consumed = 0;  // bytes of inbox already handled
  char buffer[65536];
  auto fill = [&](std::size_t needed) {
    while (inbox.size() - consumed < needed) {
      ssize_t got = ::recv(socket_fd, buffer, sizeof buffer, 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) ::_exit(0);  // the pool closed the socket (or is gone): nothing more to do
      inbox.append(buffer, static_cast<std::size_t>(got));
    }
  };
  Writer reply;
  for (;;) {
    if (consumed == inbox.size()) {
      inbox.clear();
      consumed = 0;
    }
    std::uint32_t length = 0;
    fill(sizeof length);
    std::memcpy(&length, inbox.data() + consumed, sizeof length);
    fill(sizeof length + length);
    reply.clear();
    reply.put<std::uint32_t>(0);  // length, patched below
    try {
      Reader in(std::string_view(inbox).substr(consumed + sizeof length, length));
      auto invoker = reinterpret_cast<RemoteInvoker>(in.get<std::uint64_t>());
      auto fn = static_cast<std::uintptr_t>(in.get<std::uint64_t>());
      invoker(fn, in, reply);
    } catch (...) {
      write_error_reply(reply);
    }
    consumed += sizeof length + length;
    reply.patch_u32(0, static_cast<std::uint32_t>(reply.size() - sizeof(std::uint32_t)));
    // Output of the task shows up now, not when the worker eventually exits.
    std::fflush(nullptr);
    if (!send_all(socket_fd, reply.bytes().data(), reply.size())) ::_exit(0);
  }
}

void close_all_fds_from(int lowest) {
  if (::syscall(SYS_close_range, lowest, ~0U, 0) == 0) return;
  long max_fd = ::sysconf(_SC_OPEN_MAX);
  for (long fd = lowest; fd < max_fd && fd < 65536; ++fd) ::close(static_cast<int>(fd));
}

void send_event(int control, const ForkServerEvent& event) {
  // A failure means the pool is gone; the server notices through the control socket's EOF.
  (void)::send(control, &event, sizeof event, MSG_NOSIGNAL);
}

constexpr int kControlFd = 3;
constexpr auto kShutdownGrace = std::chrono::seconds(5);
constexpr char kServerFdVariable[] = "CONCUR_FORK_SERVER_FD";
constexpr std::uint32_t kHelloMagic = 0x52434e43;  // "CNCR"
// How long a fresh server may take to start and say hello. Generous because a sanitizer runtime
// or a cold page cache can make a start take a second; a program that is not ours (see
// start_fresh_server) usually exits at once, which ends the wait early.
constexpr auto kHelloTimeout = std::chrono::seconds(10);

struct ModuleSegments {
  LoadedModule module;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> segments;  // [begin, end) of PT_LOAD
};

std::vector<ModuleSegments> modules_of_this_process() {
  std::vector<ModuleSegments> modules;
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) -> int {
        // No exception may cross dl_iterate_phdr (C code): a failure stops the walk instead.
        try {
          ModuleSegments entry;
          entry.module.name = info->dlpi_name ? info->dlpi_name : "";
          entry.module.base = info->dlpi_addr;
          for (int i = 0; i < info->dlpi_phnum; ++i) {
            const auto& header = info->dlpi_phdr[i];
            if (header.p_type != PT_LOAD) continue;
            std::uint64_t begin = info->dlpi_addr + header.p_vaddr;
            entry.segments.emplace_back(begin, begin + header.p_memsz);
          }
          static_cast<std::vector<ModuleSegments>*>(out)->push_back(std::move(entry));
          return 0;
        } catch (...) {
          return 1;
        }
      },
      &modules);
  return modules;
}

// The fork server: a single-threaded loop that forks workers on request, kills them on request
// (it is their parent, so a pid it names is never a recycled one), and reports every exit.
[[noreturn]] void run_fork_server(int control_fd) {
  // Keep stdin/out/err and the control socket; drop every other descriptor inherited from the
  // caller, so no pipe of theirs is held open by us or our workers.
  if (control_fd != kControlFd) {
    ::dup2(control_fd, kControlFd);
  }
  close_all_fds_from(kControlFd + 1);
  int control = kControlFd;

  sigset_t child_signals;
  sigemptyset(&child_signals);
  sigaddset(&child_signals, SIGCHLD);
  sigset_t original_mask;
  ::sigprocmask(SIG_BLOCK, &child_signals, &original_mask);
  int child_exits = ::signalfd(-1, &child_signals, SFD_CLOEXEC | SFD_NONBLOCK);
  if (child_exits < 0) ::_exit(70);

  std::set<pid_t> live_workers;
  auto reap = [&] {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      live_workers.erase(pid);
      send_event(control, {ForkServerEvent::kWorkerExited, pid, status, 0});
    }
  };

  bool pool_gone = false;
  std::chrono::steady_clock::time_point give_up{};
  for (;;) {
    if (pool_gone) {
      reap();
      if (live_workers.empty()) ::_exit(0);
      if (std::chrono::steady_clock::now() >= give_up) {
        // Workers that ignore the closed socket (stuck in a task) are not left behind.
        for (pid_t pid : live_workers) ::kill(pid, SIGKILL);
        give_up = std::chrono::steady_clock::now() + std::chrono::hours(1);
      }
    }
    pollfd fds[2] = {{child_exits, POLLIN, 0}, {control, POLLIN, 0}};
    int timeout_ms = pool_gone ? 100 : -1;
    int ready = ::poll(fds, pool_gone ? 1 : 2, timeout_ms);
    if (ready < 0 && errno != EINTR) ::_exit(71);
    if (fds[0].revents) {
      signalfd_siginfo info;
      while (::read(child_exits, &info, sizeof info) > 0) {
      }
      reap();
    }
    if (pool_gone || !fds[1].revents) continue;

    ForkServerRequest request{};
    int passed_fd = -1;
    ssize_t got = receive_request(control, request, passed_fd);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      pool_gone = true;  // the pool closed its end: wind down
      give_up = std::chrono::steady_clock::now() + kShutdownGrace;
      continue;
    }

    if (request.kind == ForkServerRequest::kSpawnWorker && passed_fd >= 0) {
      pid_t pid = ::fork();
      if (pid == 0) {
        ::close(control);
        ::close(child_exits);
        ::sigprocmask(SIG_SETMASK, &original_mask, nullptr);
        ::signal(SIGCHLD, SIG_DFL);
        run_worker(passed_fd);
      }
      ::close(passed_fd);
      if (pid < 0) {
        send_event(control, {ForkServerEvent::kSpawnFailed, -1, errno, request.token});
      } else {
        live_workers.insert(pid);
        send_event(control, {ForkServerEvent::kWorkerStarted, pid, 0, request.token});
      }
    } else if (request.kind == ForkServerRequest::kKillWorker) {
      if (passed_fd >= 0) ::close(passed_fd);
      if (live_workers.count(request.pid)) ::kill(request.pid, SIGKILL);
    } else if (passed_fd >= 0) {
      ::close(passed_fd);
    }
  }
}

// ---- the fresh server's side of the start-up -------------------------------------------------

// Runs in every program linked with this library, before main(). Does nothing unless this process
// was started by start_fresh_server(); then it says hello and becomes the fork server for good.
// Priority 101, the earliest available, so that as little of the program's static initialization
// as possible runs in the server.
__attribute__((constructor(101))) void fork_server_hook() {
  const char* setting = std::getenv(kServerFdVariable);
  if (!setting) return;
  char* end = nullptr;
  long fd = std::strtol(setting, &end, 10);
  struct stat status {};
  // Only our own control socket counts: a stray variable (say, copied into a shell's environment
  // by hand) must not turn an ordinary run of the program into a fork server.
  if (*end != '\0' || fd != kControlFd || ::fstat(kControlFd, &status) != 0 || !S_ISSOCK(status.st_mode)) return;
  // Removed so that processes the tasks themselves start, this program included, run normally.
  ::unsetenv(kServerFdVariable);
  std::vector<std::pair<std::string, std::uint64_t>> modules;
  for (auto& entry : modules_of_this_process()) modules.emplace_back(entry.module.name, entry.module.base);
  Writer hello;
  hello.put(kHelloMagic);
  hello.put(modules);
  if (::send(kControlFd, hello.bytes().data(), hello.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(hello.size()))
    ::_exit(72);
  run_fork_server(kControlFd);
}

// ---- the pool's side ------------------------------------------------------------------------

// Owners of posix_spawn's attribute objects.
struct SpawnFileActions {
  posix_spawn_file_actions_t value;
  SpawnFileActions() { ::posix_spawn_file_actions_init(&value); }
  ~SpawnFileActions() { ::posix_spawn_file_actions_destroy(&value); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
};
struct SpawnAttributes {
  posix_spawnattr_t value;
  SpawnAttributes() { ::posix_spawnattr_init(&value); }
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&value); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
};

void reap_now(pid_t pid) {
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Waits for the fresh server's hello: the list of its modules. nullopt if the program ended, timed
// out or sent something else, i.e. it did not stop in fork_server_hook().
std::optional<std::vector<LoadedModule>> receive_hello(int control) {
  const auto deadline = std::chrono::steady_clock::now() + kHelloTimeout;
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd readable{control, POLLIN, 0};
    int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    break;
  }
  // A SOCK_SEQPACKET message arrives whole; MSG_TRUNC with MSG_PEEK reports its full size.
  ssize_t size = ::recv(control, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
  if (size <= 0) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (::recv(control, bytes.data(), bytes.size(), MSG_DONTWAIT) != size) return std::nullopt;
  try {
    Reader in(bytes);
    if (in.get<std::uint32_t>() != kHelloMagic) return std::nullopt;
    std::vector<LoadedModule> modules;
    for (auto& [name, base] : in.get<std::vector<std::pair<std::string, std::uint64_t>>>())
      modules.push_back({std::move(name), base});
    return modules;
  } catch (const CodecError&) {
    return std::nullopt;
  }
}

// A fresh image only stops in the hook when the hook is part of the executable itself. In a shared
// library (perhaps one the program dlopen()s) it might not be loaded at start-up, and the new image
// would run the program's own main() instead; such pools start no fresh image at all.
bool hook_is_in_the_executable() {
  std::vector<ModuleSegments> modules = modules_of_this_process();
  if (modules.empty()) return false;
  auto hook = reinterpret_cast<std::uint64_t>(&fork_server_hook);
  // dl_iterate_phdr reports the main program first.
  return std::any_of(modules.front().segments.begin(), modules.front().segments.end(),
                     [hook](const auto& segment) { return segment.first <= hook && hook < segment.second; });
}

std::optional<ForkServerHandle> start_fresh_server() {
  if (!hook_is_in_the_executable()) return std::nullopt;
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) != 0)
    throw std::system_error(errno, std::generic_category(), "concur::ProcessPool: socketpair");
  UniqueFd pool_end(sockets[0]);
  UniqueFd server_end(sockets[1]);

  // Everything the new image needs is built here, before the spawn.
  const std::string variable_prefix = std::string(kServerFdVariable) + "=";
  std::string fd_setting = variable_prefix + std::to_string(kControlFd);
  std::vector<char*> environment;
  for (char** entry = environ; entry && *entry; ++entry)
    if (!std::string_view(*entry).starts_with(variable_prefix)) environment.push_back(*entry);
  environment.push_back(fd_setting.data());
  environment.push_back(nullptr);
  // If the executable turns out not to contain the hook, this is what it runs with: no arguments
  // and an empty stdin, so that an interpreter, say, exits at once instead of waiting for input.
  char program_name[] = "concur-fork-server";
  char* arguments[] = {program_name, nullptr};

  SpawnFileActions actions;
  SpawnAttributes attributes;
  // dup2 onto the fixed descriptor the hook expects (it also clears close-on-exec when the socket
  // already is descriptor 3); every other descriptor of ours is close-on-exec.
  ::posix_spawn_file_actions_adddup2(&actions.value, server_end.get(), kControlFd);
  ::posix_spawn_file_actions_addopen(&actions.value, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // A clean signal state too: the caller may block or ignore signals the server relies on.
  sigset_t no_signals;
  sigset_t all_signals;
  sigemptyset(&no_signals);
  sigfillset(&all_signals);
  sigdelset(&all_signals, SIGKILL);
  sigdelset(&all_signals, SIGSTOP);
  ::posix_spawnattr_setsigmask(&attributes.value, &no_signals);
  ::posix_spawnattr_setsigdefault(&attributes.value, &all_signals);
  ::posix_spawnattr_setflags(&attributes.value, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  if (::posix_spawn(&pid, "/proc/self/exe", &actions.value, &attributes.value, arguments, environment.data()) != 0)
    return std::nullopt;
  server_end.reset();
  std::optional<std::vector<LoadedModule>> modules = receive_hello(pool_end.get());
  if (!modules) {
    reap_now(pid);
    return std::nullopt;
  }
  return ForkServerHandle{pid, std::move(pool_end), AddressMap::between_this_process_and(*modules),
                          ServerImage::fresh};
}

ForkServerHandle fork_server_of_caller() {
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) != 0)
    throw std::system_error(errno, std::generic_category(), "concur::ProcessPool: socketpair");
  UniqueFd pool_end(sockets[0]);
  UniqueFd server_end(sockets[1]);
  // Anything buffered now would otherwise be printed again by the server's children.
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "concur::ProcessPool: fork");
  if (pid == 0) {
    pool_end.reset();
    run_fork_server(server_end.release());
  }
  return ForkServerHandle{pid, std::move(pool_end), AddressMap(), ServerImage::fork_of_caller};
}

}  // namespace

ForkServerHandle start_fork_server(ServerImage wanted) {
  if (wanted == ServerImage::fresh) {
    if (std::optional<ForkServerHandle> fresh = start_fresh_server()) return std::move(*fresh);
  }
  return fork_server_of_caller();
}

AddressMap AddressMap::between_this_process_and(const std::vector<LoadedModule>& server_modules) {
  AddressMap map;
  map.identity_ = false;
  for (const ModuleSegments& ours : modules_of_this_process()) {
    auto theirs = std::find_if(server_modules.begin(), server_modules.end(),
                               [&](const LoadedModule& m) { return m.name == ours.module.name; });
    if (theirs == server_modules.end()) continue;  // loaded here only: its code cannot run there
    for (auto [begin, end] : ours.segments) map.ranges_.push_back({begin, end, theirs->base, ours.module.base});
  }
  std::sort(map.ranges_.begin(), map.ranges_.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
  return map;
}

std::uint64_t AddressMap::translate(std::uint64_t address) const {
  if (identity_) return address;
  auto after = std::upper_bound(ranges_.begin(), ranges_.end(), address,
                                [](std::uint64_t a, const Range& r) { return a < r.begin; });
  if (after != ranges_.begin()) {
    const Range& range = *std::prev(after);
    if (address < range.end) return address - range.our_base + range.server_base;
  }
  char text[160];
  std::snprintf(text, sizeof text,
                "concur::ProcessPool: the function at %#llx is in no module the fork server loaded "
                "(a library dlopen()ed after start-up?); it cannot run in a worker",
                static_cast<unsigned long long>(address));
  throw std::invalid_argument(text);
}

}  // namespace concur::detail
