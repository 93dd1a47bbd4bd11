// Twin of hb_order_stages_joined_in_turn.cpp: the parser is joined only after the emitter started, so the emitter may read nodes while the parser writes it.
#include <cstdio>
#include <thread>

long tokens = 0;
long nodes = 0;
long instructions = 0;

void lex() { tokens = 120; }  // no finding: the lexer thread is joined before the parser starts
void parse() { nodes = tokens / 3; }  // expect: race-shared-global
void emit() { instructions = nodes * 4; }  // no finding: racy read of nodes, but the finding goes on the write

int main() {
  std::thread lexer(lex);
  lexer.join();
  std::thread parser(parse);
  std::thread emitter(emit);
  parser.join();
  emitter.join();
  std::printf("%ld instructions\n", instructions);  // no finding: after the last join
  return 0;
}
