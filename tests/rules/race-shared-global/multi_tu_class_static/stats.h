// A class static member declared here, defined in stats.cpp, written in worker.cpp, read in main.cpp.
#pragma once

struct Stats {
  static long requests;
};

void serve();
