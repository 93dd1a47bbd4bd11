// Twin of path_thread_mode_flag.c: process_input() guards its main-only part with a check of the client (argc > 0) instead of mode, so the I/O thread runs it during the read phase.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

enum io_mode { MODE_IDLE, MODE_READ };

enum io_mode mode = MODE_IDLE;
atomic_int go = 0;
atomic_int done = 0;
long commands_executed = 0;

struct client {
  int len;
  int argc;
};

static void execute_command(struct client *c) {  // main-only
  commands_executed++;  // expect: race-shared-global
  c->len = 0;
}

static void process_input(struct client *c) {  // shared by main and the I/O thread
  c->argc = c->len / 4;
  if (c->argc > 0)
    execute_command(c);
}

static void *io_thread(void *arg) {
  while (!atomic_load_explicit(&go, memory_order_acquire))
    sched_yield();
  if (mode == MODE_READ)  // no finding: read after the acquire of go, which main released after its write
    process_input(arg);
  atomic_store_explicit(&done, 1, memory_order_release);
  return NULL;
}

int main(void) {
  struct client mine = {16, 0}, theirs = {32, 0};
  pthread_t t;
  pthread_create(&t, NULL, io_thread, &theirs);
  mode = MODE_READ;  // no finding: the I/O thread reads mode only after the acquire of go
  atomic_store_explicit(&go, 1, memory_order_release);
  process_input(&mine);
  printf("%ld commands during the read phase\n", commands_executed);  // no finding: racy read, but the finding goes on the write
  while (!atomic_load_explicit(&done, memory_order_acquire))
    sched_yield();
  mode = MODE_IDLE;  // no finding: after the acquire of done; the I/O thread reads mode no more
  process_input(&mine);
  process_input(&theirs);
  pthread_join(t, NULL);
  printf("%ld commands\n", commands_executed);  // no finding: after the join
  return 0;
}
