// The runtime's parallel algorithms in one include: concur::for_each_index, concur::map and
// concur::map_reduce (each also available alone). The `loop-parallelizable` rule adds this include.
#pragma once

#include "concur/for_each_index.h"
#include "concur/map.h"
#include "concur/map_reduce.h"
