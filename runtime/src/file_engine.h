// The back ends of concur/file.h, as the loop sees them (implemented in file.cpp).
#pragma once

#include <memory>

#include "concur/detail/loop_core.h"

namespace concur::detail {

class FileEngine {
 public:
  virtual ~FileEngine() = default;
  virtual FileBackend kind() const noexcept = 0;
  // Called before the loop polls: submits the operations queued since the last poll.
  virtual void before_poll() noexcept {}
  // Operations in flight (their completions will wake the loop).
  virtual bool busy() const noexcept = 0;
  // The loop is closing: waits for the operations in flight (their buffers must outlive them).
  virtual void shut_down() noexcept {}
};

// The engine for `requested` (automatic: io_uring if it can be set up, else threads). Throws
// std::system_error if io_uring was requested and cannot be set up.
std::unique_ptr<FileEngine> make_file_engine(LoopCore& loop, FileBackend requested);

}  // namespace concur::detail
