#include "coro.h"
void b() { blocking_in_header(); }
int main() { b(); }
