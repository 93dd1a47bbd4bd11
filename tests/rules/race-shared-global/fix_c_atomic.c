/* Fix case (C): an integral global only incremented, compound-assigned and loaded becomes
   `_Atomic unsigned long`; `bytes = bytes + n` becomes `bytes += n` (one atomic read-modify-
   write). The load passed to printf stays as it is: C loads an _Atomic object atomically. */
#include <pthread.h>
#include <stdio.h>

static unsigned long bytes;

static void *copy_chunks(void *arg) {
  unsigned long n = (unsigned long)arg;
  for (int i = 0; i < 5000; ++i) {
    bytes = bytes + n;  // expect-fixed: race-shared-global
    bytes++;  // no finding of its own: a note of the one at line 12 (the same threads)
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, copy_chunks, (void *)2);
  pthread_create(&b, NULL, copy_chunks, (void *)4);
  printf("copied so far: %lu\n", bytes);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("copied: %lu\n", bytes);
  return bytes == 5000ul * (3 + 5) ? 0 : 1;
}
