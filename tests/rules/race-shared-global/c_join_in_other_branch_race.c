/* A command handler starts the crawler in one arm of an if and stops it in the other: a call in
 * the first arm is never followed by the join of the second, so what the caller does next runs
 * alongside the crawler (memcached's `lru_crawler enable` / `disable`, then `verbosity`). */
#include <pthread.h>
#include <string.h>

static pthread_t crawler_tid;
static int verbose;

static void *crawler(void *arg) {
  long seen = 0;
  for (int i = 0; i < 1000; ++i)
    seen += verbose;  // no finding: the read of the pair; the command's write is primary
  return (void *)seen;
}

static void start_crawler(void) { pthread_create(&crawler_tid, 0, crawler, 0); }
static void stop_crawler(void) { pthread_join(crawler_tid, 0); }

static void crawler_command(const char *what) {
  if (strcmp(what, "enable") == 0)
    start_crawler();
  else
    stop_crawler();
}

int main(void) {
  crawler_command("enable");
  verbose = 2;  // expect: race-shared-global
  crawler_command("disable");
  return 0;
}
