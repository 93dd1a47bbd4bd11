// Loops whose iterations print besides computing a result: reported, with a note that running
// them at once would change the output's order, and no fix (printing is an ordered effect; the
// .fixed file equals the source). A loop that only prints is not reported: the order of its
// output is all it does.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 2000; ++k) s += (x + k) % 9;
  return s;
}

long report(int i) {
  long s = heavy(i);
  std::printf("item %d -> %ld\n", i, s);
  return s;
}

std::string greet(const std::string& name) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::printf("hello %s\n", name.c_str());
  return "greeted " + name;
}

void tell(int i) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::printf("step %d\n", i);
}

int main() {
  std::vector<long> results(6);
  for (int i = 0; i < 6; ++i)  // expect: loop-parallelizable
    results[i] = report(i);

  std::vector<std::string> names{"ana", "bia", "caio", "duda"};
  std::vector<std::string> greetings;
  for (const auto& name : names)  // expect: loop-parallelizable
    greetings.push_back(greet(name));

  std::vector<long> out(4);
  for (int i = 0; i < 4; ++i) {  // expect: loop-parallelizable
    out[i] = heavy(i * 3);
    std::printf("computed %d\n", i);
  }

  for (int i = 0; i < 3; ++i)  // only prints, in order: not reported
    tell(i);

  for (long v : results) std::printf("%ld\n", v);
  for (const auto& g : greetings) std::printf("%s\n", g.c_str());
  for (long v : out) std::printf("%ld\n", v);
}
