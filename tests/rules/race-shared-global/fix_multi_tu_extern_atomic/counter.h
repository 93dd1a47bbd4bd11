// The shared counter: declared here, defined in main.cpp, written by worker.cpp.
#pragma once

extern long processed;
void work(long batch);
