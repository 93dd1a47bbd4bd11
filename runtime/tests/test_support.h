// Helpers shared by the runtime tests.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace concur_test {

// Sanitizer builds run 5-20x slower: stress sizes shrink there, the code paths stay the same.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kScaleDivisor = 20;
#else
constexpr std::size_t kScaleDivisor = 1;
#endif
constexpr std::size_t scaled(std::size_t n) { return n / kScaleDivisor ? n / kScaleDivisor : 1; }

// A one-shot gate: tasks block in wait() until the test opens it.
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

}  // namespace concur_test
