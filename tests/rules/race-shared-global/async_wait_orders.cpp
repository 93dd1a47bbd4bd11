// future::wait() on a std::async future orders the task before the caller's later accesses.
#include <future>
#include <string>

std::string message;

void greet() { message = "hello"; }  // no finding: main reads message only after wait()

int main() {
  std::future<void> f = std::async(std::launch::async, greet);
  f.wait();
  return message == "hello" ? 0 : 1;  // no finding: after wait()
}
