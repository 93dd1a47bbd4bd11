// Twin of hb_once_call_once_dictionary.cpp: client_b counts the entries without calling ensure_loaded first, while client_a's call may be loading them.
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

std::once_flag loaded;
std::map<std::string, int> dictionary;
long hits_a = 0;
long hits_b = 0;

void load() {
  const char *const words[] = {"apple", "pear"};
  for (int i = 0; i < 2; i++)
    dictionary[words[i]] = i + 1;  // no finding: run once; the race is reported on the read that did not wait for it
}

int lookup(const std::string &word) {
  std::call_once(loaded, load);
  auto it = dictionary.find(word);  // no finding: after call_once
  return it == dictionary.end() ? 0 : it->second;
}

void client_a() { hits_a = lookup("apple"); }  // no finding: only this thread writes it before the join
void client_b() { hits_b = (long)dictionary.size(); }  // expect: race-shared-global

int main() {
  std::thread a(client_a);
  std::thread b(client_b);
  a.join();
  b.join();
  std::printf("%ld %ld\n", hits_a, hits_b);  // no finding: after the joins
  return 0;
}
