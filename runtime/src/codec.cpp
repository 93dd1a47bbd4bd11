// codec.h is header-only; this file makes sure it compiles on its own.
#include "concur/codec.h"
