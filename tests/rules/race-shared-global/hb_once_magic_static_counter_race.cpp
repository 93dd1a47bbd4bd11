// Twin of hb_once_magic_static_counter.cpp: the static is thread_local, so each thread runs the filling, and the two fill the table at once.
#include <cstdio>
#include <thread>

char hex_digits[16];
int digits_ready = 0;
char out_a[9];
char out_b[9];

static int fill_digits() {
  for (int i = 0; i < 16; i++)
    hex_digits[i] = "0123456789abcdef"[i];  // expect: race-shared-global
  digits_ready = 1;                         // expect: race-shared-global
  return 16;
}

static void to_hex(unsigned v, char *out) {
  thread_local const int count = fill_digits();  // no finding: each thread initialises its own
  for (int i = 7; i >= 0; i--, v >>= 4)
    out[i] = hex_digits[v % count];  // no finding: the race is reported on the write
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
