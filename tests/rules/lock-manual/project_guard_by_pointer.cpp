// leveldb's shape: port::Mutex has Lock()/Unlock(), which std::lock_guard cannot call, and the
// project has its own guard, MutexLock(port::Mutex *). The advice and the fix name it.
namespace port {
class Mutex {
public:
  void Lock() {}
  void Unlock() {}
  void AssertHeld() {}
};
}  // namespace port

namespace store {

class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { this->mu_->Lock(); }
  ~MutexLock() { this->mu_->Unlock(); }
  MutexLock(const MutexLock &) = delete;
  MutexLock &operator=(const MutexLock &) = delete;

private:
  port::Mutex *const mu_;
};

class Table {
public:
  void Put(int v) {
    mutex_.Lock();  // expect-fixed: lock-manual(info)
    last_ = v;
    ++writes_;
    mutex_.Unlock();
  }

  bool TryPut(int v) {
    mutex_.Lock();  // expect-fixed: lock-manual(warning)
    if (writes_ > 100)
      return false;
    last_ = v;
    mutex_.Unlock();
    return true;
  }

  void Guarded(int v) {
    MutexLock l(&mutex_);  // no finding: the project's guard
    last_ = v;
  }

private:
  port::Mutex mutex_;
  int last_ = 0;
  int writes_ = 0;
};

}  // namespace store

// Outside the guard's namespace, through a pointer: `store::MutexLock guard(mu)`.
void reset(port::Mutex *mu, int *value) {
  mu->Lock();  // expect-fixed: lock-manual(info)
  *value = 0;
  mu->Unlock();
}
