// The racy twin of hb_program_lock_guard_class.cpp: the guard's block ends before the write,
// so its destructor has unlocked the mutex.
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
    {
      MutexLock l(&lock_);
      pushes_ += 1;
    }
    size_ += v;  // expect: race-shared-global
  }
  int Size() {
    MutexLock l(&lock_);
    return size_;
  }
private:
  Mutex lock_;
  int size_ = 0;
  int pushes_ = 0;
};

Queue q;

int main() {
  std::thread t([] { for (int i = 0; i < 100; ++i) q.Push(i); });
  for (int i = 0; i < 100; ++i) q.Push(-i);
  t.join();
  std::cout << q.Size() << "\n";
}
