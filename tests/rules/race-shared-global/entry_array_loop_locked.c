// Same array-of-entries pattern, but both stages take one shared mutex around the global, and
// main reads it only after joining.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t stage_lock = PTHREAD_MUTEX_INITIALIZER;
int records_parsed;
long records_emitted;

static void *parse_stage(void *arg) {
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&stage_lock);
    records_parsed = i + 1;  // no finding: stage_lock is held
    pthread_mutex_unlock(&stage_lock);
  }
  return arg;
}

static void *emit_stage(void *arg) {
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&stage_lock);
    records_emitted += records_parsed;  // no finding: stage_lock is held
    pthread_mutex_unlock(&stage_lock);
  }
  return arg;
}

static void *(*stage_entries[2])(void *) = { parse_stage, emit_stage };

int main(void) {
  pthread_t stages[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&stages[i], NULL, stage_entries[i], NULL);
  for (int i = 0; i < 2; ++i)
    pthread_join(stages[i], NULL);
  return records_parsed == 100 ? 0 : 1;  // no finding: after the joins
}
