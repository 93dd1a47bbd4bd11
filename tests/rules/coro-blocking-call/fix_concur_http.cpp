// libcurl's easy interface in a concur::Task: curl_easy_perform blocks the event loop's thread.
// The fix runs the same easy handle on the loop (concur::http::perform), with its own header.
#include <concur/task.h>

#include <cstdio>
#include <curl/curl.h>

concur::Task<void> download(const char *url) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_perform(h);  // expect-fixed: coro-blocking-call
  CURLcode rc = curl_easy_perform(h);  // expect: coro-blocking-call
  std::printf("%d\n", static_cast<int>(rc));
  curl_easy_cleanup(h);
  co_return;
}
