// Twin of hb_once_pthread_once.c: hash_beta uses a "fast" lookup that skips pthread_once, so it may read the table while hash_alpha's call builds it.
#include <pthread.h>
#include <stdio.h>

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static unsigned crc_table[256];
unsigned long crc_alpha = 0;
unsigned long crc_beta = 0;

static void build_table(void) {
  for (unsigned n = 0; n < 256; n++) {
    unsigned c = n;
    for (int k = 0; k < 8; k++)
      c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;  // no finding: run once; the race is reported on the read that did not wait for it
  }
}

static unsigned long crc(const char *s) {
  pthread_once(&table_once, build_table);
  unsigned c = 0xffffffffu;
  for (; *s; s++)
    c = crc_table[(c ^ (unsigned char)*s) & 0xff] ^ (c >> 8);  // no finding: after pthread_once
  return c ^ 0xffffffffu;
}

static unsigned long crc_fast(const char *s) {
  unsigned c = 0xffffffffu;
  for (; *s; s++)
    c = crc_table[(c ^ (unsigned char)*s) & 0xff] ^ (c >> 8);  // expect: race-shared-global
  return c ^ 0xffffffffu;
}

static void *hash_alpha(void *arg) {
  (void)arg;
  crc_alpha = crc("alpha");  // no finding: only this thread writes it before main's join
  return NULL;
}

static void *hash_beta(void *arg) {
  (void)arg;
  crc_beta = crc_fast("beta");  // no finding: only this thread writes it before main's join
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, hash_alpha, NULL);
  pthread_create(&b, NULL, hash_beta, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%08lx %08lx\n", crc_alpha, crc_beta);  // no finding: after the joins
  return 0;
}
