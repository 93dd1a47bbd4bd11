// A mutex class of its own with Lock()/Unlock() (absl::Mutex style) and no guard class for it:
// every path unlocks, so only info (style), without a fix: std::lock_guard calls lock() and
// unlock(), which this class does not have.
class Mutex {
public:
  void Lock();
  void Unlock();
};

Mutex mu;
int hits = 0;

void hit() {
  mu.Lock();  // expect: lock-manual(info)
  ++hits;
  mu.Unlock();
}
