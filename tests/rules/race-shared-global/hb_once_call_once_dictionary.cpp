// std::call_once runs the loader once and makes every caller wait for it: lookups that call ensure_loaded() first read the dictionary safely.
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
    dictionary[words[i]] = i + 1;  // no finding: run once by call_once; every reader calls call_once first
}

int lookup(const std::string &word) {
  std::call_once(loaded, load);
  auto it = dictionary.find(word);  // no finding: after call_once
  return it == dictionary.end() ? 0 : it->second;
}

void client_a() { hits_a = lookup("apple"); }  // no finding: only this thread writes it before the join
void client_b() { hits_b = lookup("pear"); }  // no finding: only this thread writes it before the join

int main() {
  std::thread a(client_a);
  std::thread b(client_b);
  a.join();
  b.join();
  std::printf("%ld %ld\n", hits_a, hits_b);  // no finding: after the joins
  return 0;
}
