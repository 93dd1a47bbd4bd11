// The guard of hb_program_lock_guard_class.cpp unlocks when its function returns: after
// `q.Size()` the caller holds no lock, and both threads then update `sampled` unprotected.
#include <pthread.h>
#include <thread>
#include <iostream>

class Mutex {
public:
  Mutex() { pthread_mutex_init(&mu_, nullptr); }
  ~Mutex() { pthread_mutex_destroy(&mu_); }
  void Lock() { pthread_mutex_lock(&mu_); }
  void Unlock() { pthread_mutex_unlock(&mu_); }
private:
  pthread_mutex_t mu_;
};

class MutexLock {
public:
  explicit MutexLock(Mutex *mu) : mu_(mu) { this->mu_->Lock(); }
  ~MutexLock() { this->mu_->Unlock(); }
  MutexLock(const MutexLock &) = delete;
private:
  Mutex *const mu_;
};

class Queue {
public:
  void Push(int v) {
    MutexLock l(&lock_);
    size_ += v;
  }
  int Size() {
    MutexLock l(&lock_);
    return size_;
  }
private:
  Mutex lock_;
  int size_ = 0;
};

Queue q;
long sampled;

void sample() {
  int n = q.Size();
  sampled += n;  // expect: race-shared-global
}

int main() {
  std::thread t([] { for (int i = 0; i < 100; ++i) { q.Push(i); sample(); } });
  for (int i = 0; i < 100; ++i) { q.Push(-i); sample(); }
  t.join();
  std::cout << q.Size() << "\n";
}
