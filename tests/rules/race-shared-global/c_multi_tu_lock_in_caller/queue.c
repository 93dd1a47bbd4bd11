// The helper writes the global without locking: its callers in main.c hold queue_lock (lock set across TUs).
#include "queue.h"

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
int queue_len = 0;

void push_item(void) {
  queue_len++;  // no finding: every caller holds queue_lock
}
