// A global string written by worker.cpp's thread and read by main.cpp after the join.
#pragma once
#include <string>

extern std::string report;
void build_report();
