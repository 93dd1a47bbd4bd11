// Twin of hb_join_struct_fields.c: the report is printed between the two joins, while the indexer may still run.
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
    terms_indexed += 3;  // expect: race-shared-global
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
  printf("%d records, %d terms\n", records_parsed, terms_indexed);  // no finding: racy read of terms_indexed, but the finding goes on the write
  pthread_join(p.indexer, NULL);
  return 0;
}
