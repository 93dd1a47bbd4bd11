// The shared event log: declared here, defined in main.cpp, written by recorder.cpp's threads.
#pragma once
#include <string>
#include <vector>

extern std::vector<std::string> events;

void record_events(const char *source);
