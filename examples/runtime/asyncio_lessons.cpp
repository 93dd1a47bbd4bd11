// The seeds' asyncio lessons, retold with concur::Task on concur::EventLoop, with their timings.
//
//   concur_asyncio_example            a seed "second" lasts 100 ms here, so the tour takes ~3 s
//   concur_asyncio_example --real     real seconds, as in the seeds (~30 s)
//
// 1. `await` one after the other takes the sum of the waits (consulta_dados, processa_dados,
//    grava_log: 6 s in the seed), create_task lets them overlap (4 s).
// 2. gather runs coroutines concurrently: five workers sleeping 2 s take 2 s, not 10.
// 3. g(1) then g(2) takes 2 s; two create_task, or one gather, take 1 s.
// 4. aiohttp + aiofiles: download N "images" from a server and save them to files; here the server
//    runs on 127.0.0.1 in the same program, answering each request after a delay.
// 5. A blocking call (the seed's requests.get inside `async def`) goes to a thread: to_thread.
#include <concur/event_loop.h>
#include <concur/file.h>
#include <concur/gather.h>
#include <concur/net.h>
#include <concur/run.h>
#include <concur/sleep.h>
#include <concur/task.h>
#include <concur/task_handle.h>
#include <concur/to_thread.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using concur::Task;
using Clock = std::chrono::steady_clock;

namespace {

// One second of the seeds; --real makes it a real second. Set in main() before the loop starts,
// read on the loop's thread only.
std::chrono::milliseconds kSecond{100};

double seed_seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start) / kSecond;
}

// `expected`: what the lesson predicts; `seed_printed`: what the seed's own run printed, if it shows one.
void finished(const char* what, Clock::time_point start, double expected, const char* seed_printed = nullptr) {
  std::printf("%s: finished in %.2f second(s) (expected: %.0f%s%s)\n", what, seed_seconds_since(start), expected,
              seed_printed ? "; the seed printed " : "", seed_printed ? seed_printed : "");
}

// ---- 1. sequential awaits vs create_task (seed "31 Modelos de concorrência em Python") -----

Task<std::string> consulta_dados() {
  std::puts("Consultando dados...");
  co_await concur::sleep(2 * kSecond);
  co_return "dados";
}

Task<std::string> processa_dados(std::string dados) {
  std::printf("Processando %s...\n", dados.c_str());
  co_await concur::sleep(2 * kSecond);
  co_return dados;
}

Task<> grava_log() {
  std::puts("Gravando log...");
  co_await concur::sleep(2 * kSecond);
}

Task<> sequential_main() {
  auto start = Clock::now();
  std::puts("Inicio");
  std::string dados = co_await consulta_dados();
  co_await processa_dados(dados);
  co_await grava_log();
  std::puts("fim");
  finished("1a. three awaits in a row", start, 6, "6.01");
}

Task<> tasks_main() {
  auto start = Clock::now();
  std::puts("Inicio");
  concur::TaskHandle<std::string> dados = concur::create_task(consulta_dados());
  // Scheduled, not awaited: it runs while grava_log waits. (asyncio.run would cancel it if it
  // were still running when main returns; here we await it at the end, which costs nothing.)
  concur::TaskHandle<std::string> processing = concur::create_task(processa_dados(co_await dados));
  co_await grava_log();
  co_await processing;
  std::puts("fim");
  finished("1b. create_task", start, 4, "4.0");
}

// ---- 2. gather (seed "Concorrência e paralelismo em Python") -------------------------------

Task<> worker() {
  std::puts("Tarefa iniciada");
  co_await concur::sleep(2 * kSecond);
  std::puts("Tarefa terminada");
}

Task<> gather_workers() {
  auto start = Clock::now();
  std::vector<Task<>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(worker());
  co_await concur::gather(std::move(tasks));
  std::puts("Todas as tarefas foram concluídas");
  finished("2. five workers with gather", start, 2);
}

// ---- 3. g(n): await, create_task, gather (seed "Threads, MultiProcess e AsyncIO") -----------

Task<int> g(int n) {
  std::printf("inicio: %d\n", n);
  co_await concur::sleep(kSecond);
  std::printf("fim: %d\n", n);
  co_return n + 1;
}

Task<> g_three_ways() {
  auto start = Clock::now();
  int x1 = co_await g(1);
  int x2 = co_await g(2);
  std::printf("resultado: (%d, %d)\n", x1, x2);
  finished("3a. await g(1), then await g(2)", start, 2);

  start = Clock::now();
  auto t1 = concur::create_task(g(1));
  auto t2 = concur::create_task(g(2));
  co_await t1;
  co_await t2;
  std::printf("resultado: (%d, %d)\n", t1.result(), t2.result());
  finished("3b. create_task(g(1)), create_task(g(2))", start, 1);

  start = Clock::now();
  auto [r1, r2] = co_await concur::gather(g(1), g(2));
  std::printf("[%d, %d]\n", r1, r2);
  finished("3c. gather(g(1), g(2))", start, 1);
}

// ---- 4. aiohttp + aiofiles: fetch N endpoints from a loopback server, save them -------------

// A tiny HTTP/1.0 server: answers GET /<name> with a body after `delay` (the network's latency).
Task<> serve_one(concur::net::TcpStream client, std::chrono::milliseconds delay) {
  std::string request;
  while (request.find("\r\n\r\n") == std::string::npos) {
    std::string part = co_await client.read(1024);
    if (part.empty()) co_return;
    request += part;
  }
  std::string path = request.substr(4, request.find(' ', 4) - 4);  // "GET /path HTTP/1.0"
  co_await concur::sleep(delay);
  std::string body = "image bytes of " + path + "\n";
  co_await client.write("HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

Task<> server(concur::net::TcpListener* listener, int requests, std::chrono::milliseconds delay) {
  std::vector<concur::TaskHandle<>> handlers;
  for (int i = 0; i < requests; ++i) handlers.push_back(concur::create_task(serve_one(co_await listener->accept(), delay)));
  co_await concur::gather(handlers);
}

// session.get(url) + resp.read(): returns the body, or throws on a status other than 200.
Task<std::string> http_get(std::uint16_t port, std::string path) {
  concur::net::TcpStream stream = co_await concur::net::connect("127.0.0.1", port);
  co_await stream.write("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  std::string response;
  for (;;) {
    std::string part = co_await stream.read(4096);
    if (part.empty()) break;
    response += part;
  }
  if (response.rfind("HTTP/1.0 200", 0) != 0) throw std::runtime_error("GET " + path + ": " + response.substr(0, 20));
  co_return response.substr(response.find("\r\n\r\n") + 4);
}

// The seed's salvar(): download, then save with aiofiles (concur::write_file).
Task<std::string> salvar(std::uint16_t port, std::string path, std::filesystem::path dir) {
  std::string body = co_await http_get(port, path);
  std::string fname = (dir / path.substr(path.size() - 8)).string();  // "0002.jpg"
  co_await concur::write_file(fname, std::move(body));
  std::printf("Imagem:  %s\n", fname.c_str());
  co_return fname;
}

Task<> fetch_images(std::filesystem::path dir) {
  const std::vector<std::string> images = {"/images/0002.jpg", "/images/0003.jpg", "/images/0004.jpg",
                                           "/images/0006.jpg", "/images/0007.jpg"};
  const auto delay = 2 * kSecond;
  const int count = static_cast<int>(images.size());
  auto listener = concur::net::TcpListener::bind("127.0.0.1", 0);
  auto serving = concur::create_task(server(&listener, 2 * count, delay));

  auto start = Clock::now();
  for (const std::string& image : images) co_await salvar(listener.port(), image, dir);  // salvarSeq
  finished("4a. five downloads, one after the other", start, 5 * 2);

  start = Clock::now();
  std::vector<Task<std::string>> tarefas;
  for (const std::string& image : images) tarefas.push_back(salvar(listener.port(), image, dir));
  std::vector<std::string> saved = co_await concur::gather(std::move(tarefas));  // salvarAll
  finished("4b. five downloads with gather", start, 2);
  std::printf("fetched %zu pages; first saved: %s (%s)\n", saved.size(), saved.front().c_str(),
              concur::EventLoop::current()->file_backend() == concur::FileBackend::io_uring ? "io_uring" : "threads");
  co_await serving;
}

// ---- 5. a blocking call goes to a thread -------------------------------------------------------

// Blocks its thread, like requests.get: called from a coroutine it would stop the whole loop.
int blocking_download(int n, std::chrono::milliseconds latency) {
  std::this_thread::sleep_for(latency);
  return n;
}

Task<> blocking_calls_on_threads() {
  auto start = Clock::now();
  std::vector<Task<int>> calls;
  for (int i = 0; i < 4; ++i)
    calls.push_back([](int i) -> Task<int> { co_return co_await concur::to_thread(blocking_download, i, kSecond); }(i));
  std::vector<int> done = co_await concur::gather(std::move(calls));
  std::printf("to_thread results: %d %d %d %d\n", done[0], done[1], done[2], done[3]);
  finished("5. four blocking calls with to_thread", start, 1);
}

// One lesson after another on purpose: each prints its own timing.
Task<> tour(std::filesystem::path dir) {
  co_await sequential_main();  // NOLINT(coro-sequential-await)
  co_await tasks_main();
  co_await gather_workers();
  co_await g_three_ways();
  co_await fetch_images(dir);
  co_await blocking_calls_on_threads();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--real") == 0) kSecond = std::chrono::milliseconds(1000);
  std::printf("one seed second = %lld ms\n", static_cast<long long>(kSecond.count()));
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("concur-images-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  concur::run(tour(dir));
  std::filesystem::remove_all(dir);
}
