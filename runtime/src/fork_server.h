// The fork server of a ProcessPool and the worker loop it starts.
//
// The pool talks to its fork server over a SOCK_SEQPACKET socket with fixed-size messages; a spawn
// request carries the new worker's end of its socket as SCM_RIGHTS ancillary data.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <cstdint>
#include <string>
#include <vector>

#include "concur/process_pool.h"
#include "unique_fd.h"

namespace concur::detail {

struct ForkServerRequest {
  enum Kind : std::uint32_t { kSpawnWorker = 1, kKillWorker = 2 };
  Kind kind;
  pid_t pid;            // kKillWorker
  std::uint64_t token;  // kSpawnWorker: echoed back in kWorkerStarted
};

/// Sends `request` on the fork server's control socket with `fd` attached (SCM_RIGHTS); true
/// when the whole request went.
bool send_request(int control, const ForkServerRequest& request, int fd);

/// Receives a request and the descriptor attached to it (close-on-exec; -1 when none). Returns
/// what recvmsg(2) returned: 0 when the pool closed its end, -1 on an error (errno).
ssize_t receive_request(int control, ForkServerRequest& request, int& passed_fd);

struct ForkServerEvent {
  enum Kind : std::uint32_t { kWorkerStarted = 1, kWorkerExited = 2, kSpawnFailed = 3 };
  Kind kind;
  pid_t pid;
  int status;  // kWorkerExited: waitpid status; kSpawnFailed: errno
  std::uint64_t token;
};

// A loaded module (the executable or a shared library) and its load bias.
struct LoadedModule {
  std::string name;  // "" for the main executable, as dl_iterate_phdr reports it
  std::uint64_t base = 0;
};

// Maps code addresses of this process to the same code in a fresh fork server. A fresh server is a
// new start of the executable, so ASLR loaded every module at another base: the function and
// invoker pointers in a request must be shifted by their module's difference. For a server forked
// from the caller the map is the identity.
class AddressMap {
 public:
  AddressMap() = default;  // identity
  // Pairs each module of this process with the server's module of the same name.
  static AddressMap between_this_process_and(const std::vector<LoadedModule>& server_modules);

  // Throws std::invalid_argument when `address` is in no module the server also loaded (e.g. a
  // function of a library dlopen()ed after the pool started).
  std::uint64_t translate(std::uint64_t address) const;

 private:
  struct Range {
    std::uint64_t begin;
    std::uint64_t end;
    std::uint64_t server_base;
    std::uint64_t our_base;
  };
  bool identity_ = true;
  std::vector<Range> ranges_;  // sorted by begin
};

struct ForkServerHandle {
  pid_t pid;
  UniqueFd control;  // the pool's end of the control socket
  AddressMap addresses;
  ServerImage image;  // what was actually started (fresh falls back to fork_of_caller)
};

// Starts the fork server. ServerImage::fresh falls back to a fork of the caller when the
// executable does not stop in the runtime's start-up hook (see fork_server.cpp). Throws
// std::system_error if no server can be started at all.
ForkServerHandle start_fork_server(ServerImage wanted);

// Writes all of `size` bytes to a socket (MSG_NOSIGNAL: a dead peer is an error, not SIGPIPE).
bool send_all(int fd, const void* data, std::size_t size) noexcept;
// The same for several buffers in one system call where possible (consumes `parts`).
bool send_all(int fd, std::vector<iovec>& parts) noexcept;

}  // namespace concur::detail
