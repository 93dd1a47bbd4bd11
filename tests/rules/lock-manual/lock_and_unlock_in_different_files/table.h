#pragma once
#include <mutex>

struct Table {
  std::mutex mu;
  int rows = 0;
  void begin();
  void end();
};
