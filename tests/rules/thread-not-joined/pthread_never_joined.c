#include <pthread.h>
#include <stdio.h>

static void *work(void *arg) {
  (void)arg;
  puts("working");
  return NULL;
}

int main(void) {
  pthread_t tid;
  pthread_create(&tid, NULL, work, NULL);  // expect: thread-not-joined
  return 0;
}
