/* The shared counter, declared here, defined in main.c, written by worker.c's thread entry. */
#pragma once

extern long hits;
void *count_hits(void *arg);
