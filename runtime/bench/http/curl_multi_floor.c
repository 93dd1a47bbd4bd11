/* The floor of the HTTP benchmark: a plain libcurl multi loop in C (run_http_bench.py starts it).
 *
 *   concur_http_bench_floor <base-url> <pages> <requests> <concurrency>
 *
 * `concurrency` easy handles in flight on one multi handle (curl_multi_perform + curl_multi_poll),
 * each re-armed with the next page as soon as it finishes; the same output as the concur client.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slot {
  CURL* easy;
  double started;
  size_t bytes;
};

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static size_t on_data(char* data, size_t size, size_t count, void* user) {
  (void)data;
  ((struct slot*)user)->bytes += size * count;
  return size * count;
}

static int compare(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static void arm(struct slot* slot, const char* base, size_t page, CURLM* multi) {
  char url[512];
  snprintf(url, sizeof url, "%s/page-%zu.html", base, page);
  curl_easy_setopt(slot->easy, CURLOPT_URL, url);
  slot->started = now_ms();
  curl_multi_add_handle(multi, slot->easy);
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s <base-url> <pages> <requests> <concurrency>\n", argv[0]);
    return 2;
  }
  const char* base = argv[1];
  size_t pages = strtoul(argv[2], NULL, 10), requests = strtoul(argv[3], NULL, 10);
  size_t concurrency = strtoul(argv[4], NULL, 10);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)concurrency);
  struct slot* slots = calloc(concurrency, sizeof *slots);
  double* latencies = calloc(requests ? requests : 1, sizeof *latencies);
  size_t next = 0, done = 0, bytes = 0, failures = 0;
  for (size_t i = 0; i < concurrency; ++i) {
    slots[i].easy = curl_easy_init();
    curl_easy_setopt(slots[i].easy, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(slots[i].easy, CURLOPT_WRITEDATA, &slots[i]);
    curl_easy_setopt(slots[i].easy, CURLOPT_PRIVATE, &slots[i]);
    curl_easy_setopt(slots[i].easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(slots[i].easy, CURLOPT_PROXY, "");
    curl_easy_setopt(slots[i].easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  }
  /* The first connection, outside the measurement (as the other clients do). */
  arm(&slots[0], base, 0, multi);
  for (int running = 1; running;) {
    curl_multi_perform(multi, &running);
    if (running) curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  curl_multi_remove_handle(multi, slots[0].easy);
  slots[0].bytes = 0;

  double start = now_ms();
  for (size_t i = 0; i < concurrency && next < requests; ++i) arm(&slots[i], base, next++ % pages, multi);
  int running = 1;
  while (done < requests) {
    curl_multi_perform(multi, &running);
    CURLMsg* message;
    int left;
    while ((message = curl_multi_info_read(multi, &left))) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      struct slot* slot;
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char**)&slot);
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (message->data.result != CURLE_OK || status != 200) ++failures;
      curl_multi_remove_handle(multi, easy);
      latencies[done++] = now_ms() - slot->started;
      bytes += slot->bytes;
      slot->bytes = 0;
      if (next < requests) arm(slot, base, next++ % pages, multi);
    }
    if (done < requests) curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  double seconds = (now_ms() - start) / 1e3;
  qsort(latencies, done, sizeof *latencies, compare);
  double p50 = done ? latencies[(size_t)(0.50 * (double)(done - 1) + 0.5)] : 0;
  double p99 = done ? latencies[(size_t)(0.99 * (double)(done - 1) + 0.5)] : 0;
  printf("{\"requests\": %zu, \"seconds\": %.6f, \"p50_ms\": %.4f, \"p99_ms\": %.4f, \"bytes\": %zu, \"failures\": %zu}\n",
         done, seconds, p50, p99, bytes, failures);
  for (size_t i = 0; i < concurrency; ++i) curl_easy_cleanup(slots[i].easy);
  curl_multi_cleanup(multi);
  free(slots);
  free(latencies);
  curl_global_cleanup();
  return failures ? 1 : 0;
}
