// Entries come from an array of function pointers indexed in the creation loop: the parse stage
// writes a global that the emit stage reads, with nothing ordering them.
#include <pthread.h>
#include <stddef.h>

int records_parsed;
long records_emitted;

static void *parse_stage(void *arg) {
  for (int i = 0; i < 100; ++i)
    records_parsed = i + 1;  // expect: race-shared-global
  return arg;
}

static void *emit_stage(void *arg) {
  for (int i = 0; i < 100; ++i)
    records_emitted += records_parsed;  // no finding: the read of the pair; the write is primary
  return arg;
}

static void *(*const stage_entries[])(void *) = { parse_stage, emit_stage };

int main(void) {
  pthread_t stages[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&stages[i], NULL, stage_entries[i], NULL);
  for (int i = 0; i < 2; ++i)
    pthread_join(stages[i], NULL);
  return records_emitted < 0;  // no finding: after the joins
}
