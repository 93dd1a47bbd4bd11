// A function-local static initialised by a call that fills a lookup table: the callers wait for the initialisation, so they read the table only once it is filled.
#include <cstdio>
#include <thread>

char hex_digits[16];
int digits_ready = 0;
char out_a[9];
char out_b[9];

static int fill_digits() {
  for (int i = 0; i < 16; i++)
    hex_digits[i] = "0123456789abcdef"[i];  // no finding: run once, inside the static's initialisation
  digits_ready = 1;                         // no finding: run once, inside the static's initialisation
  return 16;
}

static void to_hex(unsigned v, char *out) {
  static const int count = fill_digits();  // no finding: the initialisation of a function-local static is thread-safe
  for (int i = 7; i >= 0; i--, v >>= 4)
    out[i] = hex_digits[v % count];  // no finding: after the static's initialisation
  out[8] = 0;
}

void first() { to_hex(0xdeadbeefu, out_a); }
void second() { to_hex(0x1234u, out_b); }

int main() {
  std::thread a(first);
  std::thread b(second);
  a.join();
  b.join();
  std::printf("%s %s %d\n", out_a, out_b, digits_ready);  // no finding: after the joins
  return 0;
}
