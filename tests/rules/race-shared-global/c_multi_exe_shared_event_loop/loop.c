#include "loop.h"

void loop_run(struct loop *l) {
  while (!l->stop) {
    if (l->before_sleep)
      l->before_sleep(l);  /* the server's before_sleep in the server, the benchmark's there */
    if (++l->rounds > 1000)
      fatal("the loop never stopped");
  }
}
