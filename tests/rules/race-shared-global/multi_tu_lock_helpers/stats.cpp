#include "stats.h"
#include <mutex>

static std::mutex stats_mutex;
long hits = 0;

void stats_lock() { stats_mutex.lock(); }
void stats_unlock() { stats_mutex.unlock(); }
