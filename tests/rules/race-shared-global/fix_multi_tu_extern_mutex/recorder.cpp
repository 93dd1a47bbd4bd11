// The writer, in its own TU: it sees the global only through events.h.
#include "events.h"

void record_events(const char *source) {
  for (int i = 0; i < 300; ++i)
    events.push_back(source);  // expect-fixed: race-shared-global
}
