// Loops whose callee is not thread-safe (hidden static state: rand, strtok, gmtime; a global it
// writes) but maps a free function whose argument and result concur::codec carries: rewritten
// onto a concur::ProcessPool, where each worker process has its own copy of that state.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

// Seeds rand() for each item: the same numbers in any process, but rand's state is shared by
// threads.
int noisy_score(int seed) {
  std::srand(static_cast<unsigned>(seed));
  int s = 0;
  for (int k = 0; k < 200; ++k) s += std::rand() % 10;
  return s;
}

// strtok keeps its position in a hidden static: two threads tokenising at once corrupt both.
int count_fields(std::string line) {
  std::vector<char> buf(line.begin(), line.end());
  buf.push_back('\0');
  int n = 0;
  for (char* tok = std::strtok(buf.data(), ","); tok; tok = std::strtok(nullptr, ",")) ++n;
  return n;
}

// gmtime returns a pointer to one static struct tm.
std::string day_of(long t) {
  std::string days;
  for (int d = 0; d < 100; ++d) {
    std::time_t when = static_cast<std::time_t>(t + d * 86400L);
    std::tm* parts = std::gmtime(&when);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d ", parts);
    days += text;
  }
  return days;
}

// A scratch buffer that only this function uses: each worker gets its own.
static long scratch[2048];
long spread(long x) {
  for (int k = 0; k < 2048; ++k) scratch[k] = x * k;
  long s = 0;
  for (int k = 0; k < 2048; ++k) s += scratch[k] % 5;
  return s;
}

// Counts its calls in a global that main prints: a process pool would lose the counts.
static int calls = 0;
long counted(long x) {
  ++calls;
  long s = 0;
  for (long k = 0; k < x; ++k) s += k;
  return s;
}

int main() {
  std::vector<int> seeds{11, 22, 33, 44, 55};
  std::vector<int> scores(seeds.size());
  for (std::size_t i = 0; i < seeds.size(); ++i)  // expect-fixed: loop-parallelizable
    scores[i] = noisy_score(seeds[i]);

  std::vector<std::string> lines{"a,b,c", "one,two", "x,y,z,w", "solo"};
  std::vector<int> counts;
  for (const auto& line : lines)  // expect-fixed: loop-parallelizable
    counts.push_back(count_fields(line));

  std::vector<long> stamps{0, 86400L * 365, 1700000000L};
  std::vector<std::string> days;
  for (long t : stamps)  // expect-fixed: loop-parallelizable
    days.push_back(day_of(t));

  std::vector<long> inputs{3, 5, 7, 9};
  std::vector<long> spreads(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {  // expect-fixed: loop-parallelizable
    spreads[i] = spread(inputs[i]);
  }

  std::vector<long> sums(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)  // the parent reads `calls`: not reported
    sums[i] = counted(inputs[i]);

  std::vector<int> partial(seeds.size());
  for (std::size_t i = 1; i < seeds.size(); ++i)  // not the whole input: no exact process rewrite
    partial[i] = noisy_score(seeds[i]);

  for (int s : scores) std::printf("%d ", s);
  for (int c : counts) std::printf("%d ", c);
  for (const auto& d : days) std::printf("%s| ", d.c_str());
  for (long s : spreads) std::printf("%ld ", s);
  for (long s : sums) std::printf("%ld ", s);
  std::printf("%d %d\n", calls, partial[1]);
}
