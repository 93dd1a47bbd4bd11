// The concur::http side of the HTTP benchmark (run_http_bench.py starts it):
//
//   concur_http_bench_client <base-url> <pages> <requests> <concurrency>
//
// `concurrency` tasks on one Session (at most that many connections), each fetching its share of
// the requests one after the other (page i % pages); prints one JSON line: requests, seconds,
// p50_ms, p99_ms, bytes.
#include <concur/gather.h>
#include <concur/http.h>
#include <concur/run.h>
#include <concur/task.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Shared {
  std::string base;
  std::size_t pages = 0;
  std::size_t requests = 0;
  std::size_t next = 0;            // loop thread only
  std::vector<double> latencies;   // ms
  std::size_t bytes = 0;
  std::size_t failures = 0;
};

concur::Task<void> worker(concur::http::Session& session, Shared& shared) {
  while (shared.next < shared.requests) {
    std::size_t i = shared.next++;
    auto start = Clock::now();
    concur::http::Response page = co_await session.get("/page-" + std::to_string(i % shared.pages) + ".html");
    shared.latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    shared.bytes += page.body.size();
    if (page.status != 200) ++shared.failures;
  }
}

concur::Task<double> bench(Shared& shared, std::size_t concurrency) {
  concur::http::Session session({.base_url = shared.base,
                                 .limits = {.max_per_host = concurrency},
                                 .cookies = false,
                                 .decompress = false,
                                 .http_version = concur::http::HttpVersion::http1_1});
  co_await session.get("/page-0.html");  // the first connection, outside the measurement
  auto start = Clock::now();
  std::vector<concur::Task<void>> workers;
  for (std::size_t i = 0; i < concurrency; ++i) workers.push_back(worker(session, shared));
  co_await concur::gather(std::move(workers));
  co_return std::chrono::duration<double>(Clock::now() - start).count();
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <base-url> <pages> <requests> <concurrency>\n", argv[0]);
    return 2;
  }
  Shared shared;
  shared.base = argv[1];
  shared.pages = std::strtoul(argv[2], nullptr, 10);
  shared.requests = std::strtoul(argv[3], nullptr, 10);
  std::size_t concurrency = std::strtoul(argv[4], nullptr, 10);
  shared.latencies.reserve(shared.requests);
  double seconds = concur::run(bench(shared, concurrency));
  std::printf("{\"requests\": %zu, \"seconds\": %.6f, \"p50_ms\": %.4f, \"p99_ms\": %.4f, \"bytes\": %zu, \"failures\": %zu}\n",
              shared.latencies.size(), seconds, percentile(shared.latencies, 0.50),
              percentile(shared.latencies, 0.99), shared.bytes, shared.failures);
  return shared.failures ? 1 : 0;
}
