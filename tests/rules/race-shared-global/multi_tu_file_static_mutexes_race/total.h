// A global guarded in adder.cpp and in reader.cpp by two different file-static mutexes that share a name.
#pragma once

extern int total;
void add();
int snapshot();
