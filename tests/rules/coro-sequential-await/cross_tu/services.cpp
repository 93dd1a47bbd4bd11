// The awaited coroutines, in another translation unit: what they touch is followed there.
#include "services.h"

#include <vector>

static std::vector<int> visits;
static int user_calls = 0;

static void append(std::vector<int> &to, int id) { to.push_back(id); }

Task<int> fetch_user(int id) { co_return id * 2; }  // touches no global

Task<int> fetch_prices(int id) { co_return id * 3; }

Task<int> record_visit(int id) {
  append(visits, id);  // writes visits through append's reference parameter
  co_return 0;
}

Task<int> visits_today() { co_return static_cast<int>(visits.size()); }

Task<int> bump_and_read(int id) {
  user_calls += 1;
  co_return user_calls + id;
}
