// Options of ThreadPool::map / for_each and ProcessPool::map.
#pragma once

#include <cstddef>

namespace concur {

struct MapOptions {
  // Items handed to a worker at a time. For a thread pool it is the unit of work distribution;
  // for a process pool it is also what one message carries, so a larger chunk pays one round trip
  // for many small items (see docs/runtime.md).
  std::size_t chunksize = 1;
};

}  // namespace concur
