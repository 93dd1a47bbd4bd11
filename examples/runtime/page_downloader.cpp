// The seeds' last asyncio lesson (aiohttp + aiofiles: salvar / salvarAll) with concur::http: download
// many pages at once from one thread, and write each one to a file with concur's files.
//
//   concur_page_downloader <directory> <url>...
//
// Python (the seed)                                  C++ (this file)
//   async with aiohttp.ClientSession() as session:     concur::http::Session session;
//     tarefas = (salvar(session, url) for url in l)    tasks.push_back(save(session, url, dir));
//     r = await asyncio.gather(*tarefas)               co_await concur::gather(std::move(tasks));
//   async with session.get(url) as resp:               co_await session.get(url);
//     if resp.status == 200:                           if (page.status == 200)
//       f = await aiofiles.open(fname, mode='wb')        co_await concur::File::open(path, OpenMode::write);
//       await f.write(await resp.read())                 co_await file.write(std::move(page.body));
//       await f.close()                                  co_await file.close();
//
// Each page is saved under <directory> with the last part of its URL as the file's name; the
// program prints one line per page and the total time. Like the seed, a failed download is printed
// and the others go on (the exit status is 1 if any failed).
#include <concur/file.h>
#include <concur/gather.h>
#include <concur/http.h>
#include <concur/run.h>
#include <concur/task.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

// The name the seed gives a page: the end of its URL (here: after the last '/').
std::string file_name(const std::string& url) {
  std::string name = url.substr(url.find_last_of('/') + 1);
  return name.empty() ? "index.html" : name;
}

// salvar: one page to one file. Returns the file's name, "" if the page was not saved.
concur::Task<std::string> save(concur::http::Session& session, std::string url, std::string directory) {
  std::string name;
  try {
    concur::http::Response page = co_await session.get(url);
    if (page.status == 200) {
      name = file_name(url);
      concur::File file = co_await concur::File::open(directory + "/" + name, concur::OpenMode::write);
      co_await file.write(std::move(page.body));
      co_await file.close();
    } else {
      std::printf("%s: HTTP %ld\n", url.c_str(), page.status);
    }
  } catch (const std::exception& e) {
    std::printf("%s: %s\n", url.c_str(), e.what());
  }
  std::printf("Página: %s\n", name.c_str());
  co_return name;
}

// salvarAll: every page at once, on one session (one pool of connections).
concur::Task<int> save_all(std::vector<std::string> urls, std::string directory) {
  concur::http::Session session({.limits = {.max_per_host = 16}});
  std::vector<concur::Task<std::string>> tasks;
  for (const std::string& url : urls) tasks.push_back(save(session, url, directory));
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> saved = co_await concur::gather(std::move(tasks));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int failed = 0;
  for (const std::string& name : saved)
    if (name.empty()) ++failed;
  std::printf("Tempo async: %.3f s (%zu pages saved, %d failed)\n", seconds, saved.size() - failed, failed);
  co_return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <directory> <url>...\n", argv[0]);
    return 2;
  }
  std::vector<std::string> urls(argv + 2, argv + argc);
  return concur::run(save_all(std::move(urls), argv[1]));
}
