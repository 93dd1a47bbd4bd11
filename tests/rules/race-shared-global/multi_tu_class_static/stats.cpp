// Defines the class static member.
#include "stats.h"

long Stats::requests = 0;
