// Accesses under different pthread mutexes do not race when pthread_join orders them.
#include <pthread.h>
#include <stddef.h>

pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
int total = 0;

static void *phase1(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock_a);
  total += 1;  // no finding: joined before phase2's thread starts
  pthread_mutex_unlock(&lock_a);
  return NULL;
}

static void *phase2(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock_b);
  total += 2;  // no finding: different mutex, but ordered after phase1 by the join
  pthread_mutex_unlock(&lock_b);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, phase1, NULL);
  pthread_join(a, NULL);
  pthread_create(&b, NULL, phase2, NULL);
  pthread_join(b, NULL);
  return total == 3 ? 0 : 1;
}
