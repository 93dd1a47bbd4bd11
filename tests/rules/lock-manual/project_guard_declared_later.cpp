// The project's guard class is defined further down the file than the manual lock: the advice
// names it, but a fix-it using it there would not compile (the class is not declared yet).
class Mutex {
public:
  void Lock() {}
  void Unlock() {}
};

Mutex mu;
int hits = 0;

void hit() {
  mu.Lock();  // expect: lock-manual(info)
  ++hits;
  mu.Unlock();
}

class MutexLock {
public:
  explicit MutexLock(Mutex *m) : m_(m) { m_->Lock(); }
  ~MutexLock() { m_->Unlock(); }

private:
  Mutex *m_;
};

void hit_twice() {
  MutexLock guard(&mu);  // no finding
  hits += 2;
}
