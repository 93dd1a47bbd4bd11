// A loop that takes the mutex at the top of each iteration and leaves by a break while it holds
// it: the mutex is still held after the loop, until the unlock there. Race-free.
// Racy twin: hb_order_lock_held_at_break_race.c (the unlock comes before the break).
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int queued;
static long served;

static void *server(void *arg) {
  for (;;) {
    pthread_mutex_lock(&queue_lock);
    if (queued == 0)
      break;
    queued--;
    pthread_mutex_unlock(&queue_lock);
  }
  served++;
  pthread_mutex_unlock(&queue_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  queued = 5;
  pthread_create(&t, NULL, server, NULL);
  usleep(20000);  // only lets the server drain the queue first: the order is not guaranteed
  pthread_mutex_lock(&queue_lock);
  served += 100;
  pthread_mutex_unlock(&queue_lock);
  pthread_join(t, NULL);
  printf("%ld\n", served);
  return 0;
}
