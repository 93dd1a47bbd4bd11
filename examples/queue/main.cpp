// concur-queue-example: a C++ Celery worker and client (Celery's first-steps tasks in C++).
//
//   concur-queue-example worker --broker redis://127.0.0.1:6379/0 [--concurrency N] [--threads]
//   concur-queue-example call --broker redis://127.0.0.1:6379/0 tasks.add 2 3      # prints 5
//   concur-queue-example chord --broker redis://127.0.0.1:6379/0 tasks.xsum tasks.add [1,2] tasks.add [3,4]  # 10
//
// Against Celery, in two terminals: a Python client (app.send_task('tasks.add', (2, 3)).get())
// calls this worker; this client calls a Python worker that defines the same task names.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "concur/queue/client.h"
#include "concur/queue/current_task.h"
#include "concur/queue/errors.h"
#include "concur/queue/worker.h"

namespace {

long long add(long long x, long long y) { return x + y; }

int sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}

bool fail(std::string message) { throw std::runtime_error(message); }

// A result of n bytes (the tests' "result too large").
std::string blob(int n) { return std::string(static_cast<std::size_t>(n), 'x'); }

// Fails its first `times` runs with Retry (countdown 100 ms), then returns the retry count.
int flaky(int times, int attempt_marker) {
  (void)attempt_marker;
  throw concur::queue::Retry("not yet", std::chrono::milliseconds(100));
  return times;
}

void noop() {}

// Sleeps ms milliseconds in 10 ms steps, checking its soft time limit between them (a C++ task
// sees the limit when it asks; in the process pool as on threads).
int patient_ms(int ms) {
  for (int slept = 0; slept < ms; slept += 10) {
    concur::queue::check_soft_time_limit();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ms;
}

// The sum of a list (a chord's body: it receives the header's results).
long long xsum(std::vector<long long> values) {
  long long total = 0;
  for (long long v : values) total += v;
  return total;
}

concur::queue::TaskRegistry example_tasks() {
  concur::queue::TaskRegistry tasks;
  tasks.add("tasks.add", add);
  tasks.add("tasks.sleep_ms", sleep_ms);
  tasks.add("tasks.fail", fail);
  tasks.add("tasks.blob", blob);
  tasks.add("tasks.noop", noop);
  tasks.add("tasks.patient_ms", patient_ms);
  tasks.add("tasks.xsum", xsum);
  tasks.add("tasks.retry_always", flaky, {.max_retries = 2, .retry_backoff = std::chrono::milliseconds(50)});
  tasks.add("tasks.sleep_ms_thread", sleep_ms, {.run_in_thread = true});
  return tasks;
}

int usage() {
  std::cerr << "usage: concur-queue-example worker --broker URL [--concurrency N] [--threads] [--queue Q] [--hostname H]\n"
               "                                   [--no-events] [--visibility-timeout SECONDS] [--max-result-bytes N]\n"
               "       concur-queue-example call --broker URL [--timeout SECONDS] TASK [ARGS...]\n"
               "       concur-queue-example chord --broker URL [--timeout SECONDS] BODY_TASK (TASK JSON_ARGS_LIST)...\n";
  return 2;
}

int run_worker(const std::vector<std::string>& args) {
  concur::queue::WorkerOptions options;
  options.concurrency = 2;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::invalid_argument(args[i] + " needs a value");
      return args[++i];
    };
    if (args[i] == "--broker") options.broker = value();
    else if (args[i] == "--concurrency") options.concurrency = std::stoul(value());
    else if (args[i] == "--threads") options.pool = concur::queue::PoolKind::threads;
    else if (args[i] == "--queue") options.queues = {value()};
    else if (args[i] == "--hostname") options.hostname = value();
    else if (args[i] == "--no-events") options.send_events = false;
    else if (args[i] == "--visibility-timeout") options.visibility_timeout = std::chrono::milliseconds(std::stoll(value()) * 1000);
    else if (args[i] == "--restore-interval-ms") options.restore_interval = std::chrono::milliseconds(std::stoll(value()));
    else if (args[i] == "--max-result-bytes") options.max_result_bytes = std::stoull(value());
    else if (args[i] == "--prefetch-multiplier") options.prefetch_multiplier = std::stoul(value());
    else throw std::invalid_argument("unknown option " + args[i]);
  }
  // SIGTERM and SIGINT are taken by sigwait below: blocked before any thread starts, so every
  // thread of the worker inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  concur::queue::Worker worker(example_tasks(), options);
  worker.start();
  std::thread waiter([&] {
    worker.wait();  // a remote shutdown
    kill(getpid(), SIGTERM);
  });
  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "[%s] %s: warm shutdown\n", worker.hostname().c_str(), received == SIGTERM ? "SIGTERM" : "SIGINT");
  worker.stop();
  waiter.join();
  return 0;
}

// An argument of `call`: JSON when it parses as JSON (2, 2.5, true, "x", [1]), else a string.
concur::queue::Json cli_value(const std::string& text) {
  concur::queue::Json value = concur::queue::Json::parse(text, nullptr, false);
  return value.is_discarded() ? concur::queue::Json(text) : value;
}

// Waits for `result` and prints its value (exit 0), or the task's error (exit 1).
int print_result(const concur::queue::AsyncResult<concur::queue::Json>& result, double timeout) {
  try {
    concur::queue::Json value = result.get(std::chrono::milliseconds(static_cast<long long>(timeout * 1000)));
    std::cout << value.dump() << "\n";
    return 0;
  } catch (const concur::queue::TaskFailed& e) {
    std::cerr << e.type_name() << ": " << e.message() << "\n";
    return 1;
  }
}

// call and chord share their leading options; returns the index of the first other argument.
std::size_t client_options(const std::vector<std::string>& args, std::string& broker, double& timeout) {
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    if (args[i] == "--broker" && i + 1 < args.size()) broker = args[++i];
    else if (args[i] == "--timeout" && i + 1 < args.size()) timeout = std::stod(args[++i]);
    else break;
  }
  return i;
}

int run_call(const std::vector<std::string>& args) {
  std::string broker = "redis://localhost:6379/0";
  double timeout = 30;
  std::size_t i = client_options(args, broker, timeout);
  if (i >= args.size()) return usage();
  concur::queue::Signature sig;
  sig.task = args[i++];
  for (; i < args.size(); ++i) sig.args.push_back(cli_value(args[i]));
  concur::queue::Client client(broker);
  return print_result(client.apply_async(sig), timeout);
}

// chord BODY (TASK ARGS)...: the header tasks run as a group (on any worker, C++ or Python); the
// body receives the list of their results.
int run_chord(const std::vector<std::string>& args) {
  std::string broker = "redis://localhost:6379/0";
  double timeout = 30;
  std::size_t i = client_options(args, broker, timeout);
  if (i >= args.size() || (args.size() - i - 1) % 2 != 0 || args.size() - i < 3) return usage();
  concur::queue::Signature body;
  body.task = args[i++];
  std::vector<concur::queue::Signature> header;
  for (; i + 1 < args.size(); i += 2) {
    concur::queue::Signature part;
    part.task = args[i];
    part.args = concur::queue::Json::parse(args[i + 1]);
    if (!part.args.is_array()) throw std::invalid_argument("chord: the arguments of " + part.task + " must be a JSON list");
    header.push_back(std::move(part));
  }
  concur::queue::Client client(broker);
  return print_result(client.chord(header, body), timeout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "worker") return run_worker(args);
    if (command == "call") return run_call(args);
    if (command == "chord") return run_chord(args);
  } catch (const std::exception& e) {
    std::cerr << "concur-queue-example: " << e.what() << "\n";
    return 1;
  }
  return usage();
}
