// Twin of path_thread_mode_flag_cpp.cpp: the I/O thread calls the main-only install_write_handler() itself after write_reply(), with no check of io_op, while main reads the count.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

enum class IoOp { Idle, Write };

IoOp io_op = IoOp::Idle;
std::atomic<int> phase{0};  // 0: parked, 1: go, 2: done
long handlers_installed = 0;

void install_write_handler() {  // main-only
  ++handlers_installed;  // expect: race-shared-global
}

void write_reply(std::string &buf) {  // shared by main and the I/O thread
  buf.clear();
  if (io_op == IoOp::Idle)  // no finding: main writes io_op only while the I/O thread is parked
    install_write_handler();
}

void io_main(std::string *buf) {
  while (phase.load(std::memory_order_acquire) != 1)
    std::this_thread::yield();
  if (io_op == IoOp::Write)  // no finding: read after the acquire of phase 1, which main released after its write
    write_reply(*buf);
  install_write_handler();
  phase.store(2, std::memory_order_release);
}

int main() {
  std::string mine = "+OK", theirs = "+PONG";
  std::thread t(io_main, &theirs);
  io_op = IoOp::Write;  // no finding: the I/O thread reads io_op only after the acquire of phase 1
  phase.store(1, std::memory_order_release);
  write_reply(mine);
  std::printf("%ld handlers during the write phase\n", handlers_installed);  // no finding: racy read, but the finding goes on the write
  while (phase.load(std::memory_order_acquire) != 2)
    std::this_thread::yield();
  io_op = IoOp::Idle;  // no finding: after the acquire of phase 2; the I/O thread reads io_op no more
  write_reply(mine);
  write_reply(theirs);
  t.join();
  std::printf("%ld handlers\n", handlers_installed);  // no finding: after the join
  return 0;
}
