// concur::File, concur::read_file, concur::write_file: file I/O that does not block the loop
// (aiofiles).
//
//   std::string text = co_await concur::read_file("notes.txt");
//   co_await concur::write_file("copy.txt", std::move(text));
//
//   concur::File log = co_await concur::File::open("app.log", concur::OpenMode::append);
//   co_await log.write("started\n");
//   co_await log.close();
//
// Two back ends, chosen per loop at run time (EventLoopOptions::file_backend, default automatic):
//   - io_uring (through liburing), when this build has liburing and the kernel lets the process
//     create a ring with the operations used here (container runtimes often forbid io_uring):
//     open, read, write, fsync and close are submitted to the ring, in one batch per loop
//     iteration, and their completions wake the loop through its epoll set;
//   - threads: the same system calls run on the loop's to_thread pool.
// EventLoop::file_backend() tells which one a loop uses; file_backend_available() whether
// io_uring can be used here at all.
//
// Buffers belong to the operations (reads return strings, writes take them), so an operation can
// outlive a task cancelled while it waited: the task gets CancelledError at once and the operation
// completes (or, on io_uring, is cancelled) on its own. Errors are std::system_error with the
// errno. A File must outlive the operations on it and be used on one loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "concur/detail/loop_core.h"
#include "concur/task.h"

namespace concur {

enum class OpenMode {
  read,        // an existing file, read only
  write,       // created if missing, truncated, write only
  append,      // created if missing, every write goes to the end
  read_write,  // an existing file, read and write
};

class File {
 public:
  File() noexcept = default;
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  // Closes the descriptor if close() was not awaited (a plain close(2), which does not block on a
  // local file system).
  ~File();

  static Task<File> open(std::string path, OpenMode mode = OpenMode::read);

  bool is_open() const noexcept { return fd_ >= 0; }
  // Up to max_bytes from the current position, which advances; "" at the end of the file.
  Task<std::string> read(std::size_t max_bytes);
  // Up to max_bytes at `offset` (one read: may return less before the end); the position stays.
  Task<std::string> read_at(std::uint64_t offset, std::size_t max_bytes);
  // Everything from the current position to the end.
  Task<std::string> read_all();
  // All of `data` at the current position (at the end in append mode), which advances.
  Task<void> write(std::string data);
  // All of `data` at `offset`; the position stays.
  Task<void> write_at(std::uint64_t offset, std::string data);
  // fdatasync.
  Task<void> sync();
  Task<void> close();

  std::uint64_t position() const noexcept { return position_; }
  void seek(std::uint64_t position) noexcept { position_ = position; }
  FileBackend backend() const noexcept { return backend_; }

 private:
  File(int fd, OpenMode mode, FileBackend backend) noexcept : fd_(fd), mode_(mode), backend_(backend) {}

  int fd_ = -1;
  std::uint64_t position_ = 0;
  OpenMode mode_ = OpenMode::read;
  FileBackend backend_ = FileBackend::threads;
};

// The whole file.
Task<std::string> read_file(std::string path);
// Creates or truncates the file and writes `data`.
Task<void> write_file(std::string path, std::string data);

// Whether `backend` can be used by this process now: for io_uring, whether liburing was found at
// build time and a ring with the needed operations can be set up (tried each call).
bool file_backend_available(FileBackend backend) noexcept;

}  // namespace concur
