// insert and erase write an unordered_map object: one thread inserting while another erases races.
#include <thread>
#include <unordered_map>

std::unordered_map<int, int> sessions = {{1, 10}};

void open_session() { sessions.insert({2, 20}); }  // expect: race-shared-global

void close_session() { sessions.erase(1); }  // no finding: the pair's other unprotected write; the earlier line is primary

int main() {
  std::thread a(open_session);
  std::thread b(close_session);
  a.join();
  b.join();
  return sessions.size() == 1 ? 0 : 1;  // no finding: after both joins
}
