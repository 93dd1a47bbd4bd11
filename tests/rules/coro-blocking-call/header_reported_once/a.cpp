#include "coro.h"
void a() { blocking_in_header(); }
