#include <pthread.h>

static int counter;
static pthread_mutex_t counter_mutex = PTHREAD_MUTEX_INITIALIZER;

void bump() {
  pthread_mutex_lock(&counter_mutex);  // no finding: std::lock_guard cannot hold a pthread mutex
  ++counter;
  pthread_mutex_unlock(&counter_mutex);
}
