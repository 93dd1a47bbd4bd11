#include <map>
#include <shared_mutex>
#include <string>

std::map<std::string, int> table;
std::shared_mutex table_mutex;

int lookup(const std::string &key) {
  int value = 0;
  table_mutex.lock_shared();  // expect-fixed: lock-manual(info)
  auto it = table.find(key);
  if (it != table.end())
    value = it->second;
  table_mutex.unlock_shared();
  return value;
}
