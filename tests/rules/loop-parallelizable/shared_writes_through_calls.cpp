// Loops whose iterations write, through a call, what every iteration shares: a parameter of the
// enclosing function, a field of `*this`, a variable a lambda captured by reference. The writes
// are made by functions of the program, found through their summaries (which parameters, and
// which object, they write through, handed on any number of levels). No finding: running
// these iterations at once would be a data race.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

long heavy(long x) {
  long s = 0;
  for (long k = 0; k < 4000; ++k) s += (x * k) % 7;
  return s;
}

void put_varint(std::string *dst, std::uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 128) { buf[n++] = static_cast<char>(v | 128); v >>= 7; }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}
// Two levels: put_fixed hands dst on to put_varint.
void put_fixed(std::string *dst, long v) { put_varint(dst, static_cast<std::uint64_t>(heavy(v))); }
void append_to(std::string &out, long v) { out += std::to_string(heavy(v)); }
long *slot_of(long *base) { return base; }  // hands back what it was given

struct Counter {
  long hits = 0;
  void record(long v) { hits += v; }
};
void count_into(Counter *c, long v) { c->record(heavy(v)); }

// Keeps the pointer it is built with; put() writes through it later.
class Writer {
public:
  explicit Writer(std::string *dst) : dst_(dst) {}
  void put(long v) { put_varint(dst_, static_cast<std::uint64_t>(v)); }

private:
  std::string *dst_;
};

class Model {
public:
  void step_all(std::vector<long> &out) {
    for (std::size_t i = 0; i < out.size(); ++i)  // step() writes steps_
      out[i] = step(static_cast<long>(i));
  }
  void probe_all(std::vector<long> &out) const {
    for (std::size_t i = 0; i < out.size(); ++i)  // const probe() writes through hits_
      out[i] = probe(static_cast<long>(i));
  }
  void cache_all(std::vector<long> &out) const {
    for (std::size_t i = 0; i < out.size(); ++i)  // const cached() writes a mutable field
      out[i] = cached(static_cast<long>(i));
  }
  void report_all(std::vector<long> &out) {
    for (std::size_t i = 0; i < out.size(); ++i)  // hands *this to a function that writes it
      out[i] = report(this, static_cast<long>(i));
  }
  void lambda_all(std::vector<long> &out) {
    for (std::size_t i = 0; i < out.size(); ++i)  // a lambda capturing this writes steps_
      out[i] = [this, i] { ++steps_; return heavy(static_cast<long>(i)); }();
  }
  long steps_ = 0;

private:
  long step(long x) {
    ++steps_;
    return heavy(x);
  }
  long probe(long x) const {
    ++*hits_;
    return heavy(x);
  }
  long cached(long x) const {
    last_ = heavy(x);
    return last_;
  }
  static long report(Model *m, long x) {
    m->steps_ += x;
    return heavy(x);
  }
  long *hits_ = nullptr;
  mutable long last_ = 0;
};

struct Tally {
  long *count;
  long operator()(long x) const {  // const, and still writes through its pointer
    ++*count;
    return heavy(x);
  }
};

void through_parameters(std::string *dst, std::string &text, Counter *counter, long *acc,
                        std::vector<long> &values, const std::vector<long> &in) {
  for (std::size_t i = 0; i < in.size(); ++i)  // put_fixed -> put_varint append to *dst
    put_fixed(dst, in[i]);
  for (std::size_t i = 0; i < in.size(); ++i)  // append_to appends to text
    append_to(text, in[i]);
  for (std::size_t i = 0; i < in.size(); ++i)  // count_into -> Counter::record writes *counter
    count_into(counter, in[i]);
  for (std::size_t i = 0; i < in.size(); ++i)  // slot_of hands acc back, then written
    *slot_of(acc) += heavy(in[i]);
  for (std::size_t i = 0; i < in.size(); ++i) {  // the Writer keeps dst and writes it
    Writer w(dst);
    w.put(heavy(in[i]));
  }
  for (std::size_t i = 0; i < in.size(); ++i) {  // a local copy of the pointer, then written
    std::string *d = dst;
    put_varint(d, static_cast<std::uint64_t>(heavy(in[i])));
  }
  for (std::size_t i = 0; i < in.size(); ++i) {  // a local reference, then written
    long &total = *acc;
    total += heavy(in[i]);
  }
  for (std::size_t i = 0; i < in.size(); ++i)  // iterators into values, sorted in place
    std::sort(values.begin(), values.end() - static_cast<long>(heavy(in[i]) % 2));
  for (std::size_t i = 0; i < in.size(); ++i)  // iterators into values, filled
    std::fill(values.begin(), values.end(), heavy(in[i]));
  for (std::size_t i = 0; i < in.size(); ++i) {  // an iterator kept, then written through
    auto it = values.begin();
    *it = heavy(in[i]);
  }
  for (std::size_t i = 0; i < in.size(); ++i) {  // sscanf writes *acc, a variadic argument
    std::sscanf(text.c_str(), "%ld", acc);
    long unused = heavy(in[i]);
    (void)unused;
  }
  for (std::size_t i = 0; i < in.size(); ++i)  // memcpy writes *dst's buffer
    std::memcpy(acc, &in[i], sizeof(long) * static_cast<std::size_t>(heavy(1) % 1));
}

void through_captures(std::vector<long> &out, const std::vector<long> &in) {
  long total = 0;
  auto add = [&](long v) { total += v; return v; };
  for (std::size_t i = 0; i < in.size(); ++i)  // add() writes total, captured by reference
    out[i] = add(heavy(in[i]));
  auto next = [n = 0L](long v) mutable { return v + ++n; };
  for (std::size_t i = 0; i < in.size(); ++i)  // a mutable lambda's own counter
    out[i] = next(heavy(in[i]));
  std::vector<long> seen;
  auto keep = [&seen](long v) { seen.push_back(v); return v; };
  for (std::size_t i = 0; i < in.size(); ++i)  // keep() pushes into seen
    out[i] = keep(heavy(in[i]));
  std::function<long(long)> f = [&](long v) { total -= v; return v; };
  for (std::size_t i = 0; i < in.size(); ++i)  // what a std::function holds is unknown
    out[i] = f(heavy(in[i]));
  long count = 0;
  Tally tally{&count};
  for (std::size_t i = 0; i < in.size(); ++i)  // Tally's const operator() writes count
    out[i] = tally(in[i]);
  out.push_back(total + count + static_cast<long>(seen.size()));
}

void ordered(std::map<long, long> &index, std::vector<long> &log, const std::vector<long> &in) {
  for (std::size_t i = 0; i < in.size(); ++i)  // an insertion into the map
    index.insert({in[i], heavy(in[i])});
  for (std::size_t i = 0; i < in.size(); ++i)  // appends at the end of log, in order
    log.insert(log.end(), heavy(in[i]));
  for (long x : in) {  // an iterator into index, written through
    auto it = index.find(x);
    if (it != index.end()) it->second = heavy(x);
  }
}

int main() {
  std::string dst, text;
  Counter counter;
  long acc = 0;
  std::vector<long> values(8, 1), in(8, 2), out(8), log;
  through_parameters(&dst, text, &counter, &acc, values, in);
  through_captures(out, in);
  std::map<long, long> index;
  ordered(index, log, in);
  Model m;
  m.step_all(out);
  m.cache_all(out);
  m.report_all(out);
  m.lambda_all(out);
  return static_cast<int>(dst.size() + text.size() + log.size()) > 0 ? 0 : 1;
}
