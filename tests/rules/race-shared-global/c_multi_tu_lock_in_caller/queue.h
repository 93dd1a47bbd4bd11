/* A queue length and its mutex, defined in queue.c; push_item() expects its caller to hold the lock. */
#pragma once
#include <pthread.h>

extern pthread_mutex_t queue_lock;
extern int queue_len;
void push_item(void);
