// A local ops struct with a designated initialiser supplies the entry; both threads and main use
// the same mutex around every access, so nothing races.
#include <pthread.h>
#include <stddef.h>

struct worker_ops {
  void *(*run)(void *);
  int copies;
};

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
int indexed_docs;

static void *index_run(void *arg) {
  for (int i = 0; i < 200; ++i) {
    pthread_mutex_lock(&index_lock);
    indexed_docs++;  // no finding: index_lock is held
    pthread_mutex_unlock(&index_lock);
  }
  return arg;
}

int main(void) {
  struct worker_ops ops = { .copies = 2, .run = index_run };
  pthread_t threads[2];
  for (int i = 0; i < ops.copies; ++i)
    pthread_create(&threads[i], NULL, ops.run, NULL);
  pthread_mutex_lock(&index_lock);
  int partial = indexed_docs;  // no finding: index_lock is held
  pthread_mutex_unlock(&index_lock);
  for (int i = 0; i < ops.copies; ++i)
    pthread_join(threads[i], NULL);
  return partial > indexed_docs;  // no finding: after the joins
}
