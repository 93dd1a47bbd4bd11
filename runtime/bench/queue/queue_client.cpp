// The benchmark's producer: enqueues N tasks with concur::queue::Client (one pipelined round trip
// per thousand), waits for all their results, and measures single-task round trips. The same
// producer feeds C++ and Celery workers (the messages are Celery's), so they are compared on the
// same footing. Prints one JSON line.
//
//   concur-queue-bench-client --broker URL --tasks N --task tasks.noop [--latency K]
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "concur/queue/client.h"

int main(int argc, char** argv) {
  std::string broker, task = "tasks.noop";
  std::size_t tasks = 20000, latency_samples = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--broker") broker = argv[i + 1];
    else if (arg == "--tasks") tasks = std::stoul(argv[i + 1]);
    else if (arg == "--task") task = argv[i + 1];
    else if (arg == "--latency") latency_samples = std::stoul(argv[i + 1]);
  }
  using clock = std::chrono::steady_clock;
  concur::queue::Client client(broker);
  // Warm-up: the workers are up and the scripts loaded.
  client.send_task(task).get(std::chrono::seconds(60));
  std::vector<concur::queue::Signature> batch(tasks, concur::queue::signature(task));
  auto start = clock::now();
  std::vector<std::string> ids = client.send_many(batch);
  auto enqueued = clock::now();
  client.results(ids).get(std::chrono::seconds(600));
  auto done = clock::now();
  std::vector<double> latencies;
  for (std::size_t i = 0; i < latency_samples; ++i) {
    auto t0 = clock::now();
    client.send_task(task).get(std::chrono::seconds(60));
    latencies.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
  }
  std::sort(latencies.begin(), latencies.end());
  double seconds = std::chrono::duration<double>(done - start).count();
  double enqueue_seconds = std::chrono::duration<double>(enqueued - start).count();
  concur::queue::Json out = {{"tasks", tasks},
                             {"seconds", seconds},
                             {"tasks_per_second", tasks / seconds},
                             {"enqueue_per_second", tasks / enqueue_seconds},
                             {"latency_ms_median", latencies.empty() ? 0 : latencies[latencies.size() / 2]},
                             {"latency_ms_p90", latencies.empty() ? 0 : latencies[latencies.size() * 9 / 10]}};
  std::cout << out.dump() << std::endl;
}
