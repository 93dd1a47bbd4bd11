#include "table.h"

void Table::begin() {
  mu.lock();  // no finding: a transaction's begin; end() unlocks
  ++rows;
}
