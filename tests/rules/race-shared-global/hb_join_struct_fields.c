// Thread handles kept in the fields of a struct, started by a helper through a pointer to it: joining both fields orders the two threads before main's reads.
#include <pthread.h>
#include <stdio.h>

struct pipeline {
  pthread_t parser;
  pthread_t indexer;
};

int records_parsed = 0;
int terms_indexed = 0;

static void *parse(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++)
    records_parsed++;  // no finding: main reads it only after joining p.parser
  return NULL;
}

static void *index_terms(void *arg) {
  (void)arg;
  for (int i = 0; i < 50; i++)
    terms_indexed += 3;  // no finding: main reads it only after joining p.indexer
  return NULL;
}

static void start_pipeline(struct pipeline *p) {
  pthread_create(&p->parser, NULL, parse, NULL);
  pthread_create(&p->indexer, NULL, index_terms, NULL);
}

int main(void) {
  struct pipeline p;
  start_pipeline(&p);
  pthread_join(p.parser, NULL);
  pthread_join(p.indexer, NULL);
  printf("%d records, %d terms\n", records_parsed, terms_indexed);  // no finding: both fields were joined
  return 0;
}
