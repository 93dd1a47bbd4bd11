// A std-compatible mutex (lock()/unlock()) in a project with its own guard taking a reference:
// the project's guard is preferred over std::lock_guard. Reader locks get the project's reader
// guard (absl::ReaderMutexLock's shape); a class that does not unlock in its destructor is not a
// guard.
#include <mutex>

namespace util {

class SpinLock {
public:
  void lock() {}
  void unlock() {}
};

class SpinGuard {
public:
  explicit SpinGuard(SpinLock &l) : l_(l) { l_.lock(); }
  ~SpinGuard() { l_.unlock(); }

private:
  SpinLock &l_;
};

class RwMutex {
public:
  void Lock() {}
  void Unlock() {}
  void WriterLock() {}
  void WriterUnlock() {}
  void ReaderLock() {}
  void ReaderUnlock() {}
};

class ReaderGuard {
public:
  explicit ReaderGuard(RwMutex *mu) : mu_(mu) { mu_->ReaderLock(); }
  ~ReaderGuard() { mu_->ReaderUnlock(); }

private:
  RwMutex *mu_;
};

class Logged {
public:
  void Lock() {}
  void Unlock() {}
};

// Locks in its constructor, but its destructor only logs: not a guard.
class LockAndLog {
public:
  explicit LockAndLog(Logged *mu) : mu_(mu) { mu_->Lock(); }
  ~LockAndLog() { ++logged_; }

private:
  Logged *mu_;
  int logged_ = 0;
};

}  // namespace util

util::SpinLock spin;
util::RwMutex table_mu;
util::Logged logged_mu;
int hits = 0, rows = 0, lines = 0;

void hit() {
  spin.lock();  // expect-fixed: lock-manual(info)
  ++hits;
  spin.unlock();
}

void count_rows(int *out) {
  table_mu.ReaderLock();  // expect-fixed: lock-manual(info)
  *out = rows;
  table_mu.ReaderUnlock();
}

void log_line() {
  logged_mu.Lock();  // expect: lock-manual(info)
  ++lines;
  logged_mu.Unlock();
}
