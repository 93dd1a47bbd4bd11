// Defines the global and the mutex that protects it.
#include "shared.h"

std::mutex table_mutex;
int table_size = 0;
