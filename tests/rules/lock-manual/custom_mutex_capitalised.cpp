// A mutex class of its own with Lock()/Unlock() (absl::Mutex style): reported, without a fix,
// since std::lock_guard calls lock() and unlock().
class Mutex {
public:
  void Lock();
  void Unlock();
};

Mutex mu;
int hits = 0;

void hit() {
  mu.Lock();  // expect: lock-manual
  ++hits;
  mu.Unlock();
}
