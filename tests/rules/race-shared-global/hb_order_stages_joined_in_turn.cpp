// Compiler-like stages, each run on its own thread that is joined before the next one starts: each stage reads what the previous one wrote.
#include <cstdio>
#include <thread>

long tokens = 0;
long nodes = 0;
long instructions = 0;

void lex() { tokens = 120; }  // no finding: the lexer thread is joined before the parser starts
void parse() { nodes = tokens / 3; }  // no finding: runs after the lexer's join, is joined before the emitter starts
void emit() { instructions = nodes * 4; }  // no finding: runs after the parser's join

int main() {
  std::thread lexer(lex);
  lexer.join();
  std::thread parser(parse);
  parser.join();
  std::thread emitter(emit);
  emitter.join();
  std::printf("%ld instructions\n", instructions);  // no finding: after the last join
  return 0;
}
