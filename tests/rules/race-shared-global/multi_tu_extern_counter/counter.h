// The shared counter, declared here and defined in main.cpp; worker.cpp's work() writes it.
#pragma once

extern long counter;
void work();
