// A thread entry that calls the header's inline bump().
#include "stats.h"

void run_in_thread() { bump(); }
