// concur::File, read_file, write_file on both back ends (io_uring and threads), and the run-time
// fallback to threads when the kernel refuses io_uring.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "concur/event_loop.h"
#include "concur/file.h"
#include "concur/gather.h"
#include "concur/run.h"
#include "concur/task.h"
#include "coro_support.h"

using concur::FileBackend;
using concur::OpenMode;
using concur::Task;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "concur-file-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::string read_plain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string pattern(std::size_t size, int seed) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>((i * 31 + static_cast<std::size_t>(seed)) % 251);
  return text;
}

class CoroFile : public testing::TestWithParam<FileBackend> {
 protected:
  void SetUp() override {
    if (GetParam() == FileBackend::io_uring && !concur::file_backend_available(FileBackend::io_uring))
      GTEST_SKIP() << "io_uring is not available to this process (not built with liburing, or refused by the "
                      "kernel): the fallback test below covers this case";
  }
  template <class T>
  T run(Task<T> task) {
    return concur::run(std::move(task), {.to_thread_threads = 2, .file_backend = GetParam()});
  }
  TempDir dir_;
};

Task<FileBackend> backend_in_use() {
  co_return concur::EventLoop::current()->file_backend();
}

TEST_P(CoroFile, TheRequestedBackendIsTheOneUsed) { EXPECT_EQ(run(backend_in_use()), GetParam()); }

Task<std::string> round_trip(std::string path, std::string data) {
  co_await concur::write_file(path, data);
  co_return co_await concur::read_file(path);
}

TEST_P(CoroFile, WriteThenReadBackSmallEmptyAndLarge) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4096}, std::size_t{8} << 20}) {
    std::string data = pattern(size, static_cast<int>(size % 97));
    std::string path = dir_.file("data-" + std::to_string(size));
    EXPECT_EQ(run(round_trip(path, data)), data) << size << " bytes";
    EXPECT_EQ(read_plain(path), data) << "what is on disk";
  }
}

Task<> positions(std::string path) {
  {
    concur::File file = co_await concur::File::open(path, OpenMode::write);
    EXPECT_TRUE(file.is_open());
    co_await file.write("hello ");
    co_await file.write("world");
    EXPECT_EQ(file.position(), 11u);
    co_await file.write_at(0, "J");
    co_await file.sync();
    co_await file.close();
    EXPECT_FALSE(file.is_open());
  }
  {
    concur::File log = co_await concur::File::open(path, OpenMode::append);
    co_await log.write("!\n");
    co_await log.close();
  }
  concur::File file = co_await concur::File::open(path, OpenMode::read);
  std::string head = co_await file.read(5);
  EXPECT_EQ(head, "Jello");
  std::string middle = co_await file.read_at(6, 5);
  EXPECT_EQ(middle, "world");
  EXPECT_EQ(file.position(), 5u) << "read_at leaves the position alone";
  std::string rest = co_await file.read_all();
  EXPECT_EQ(rest, " world!\n");
  std::string past_end = co_await file.read(10);
  EXPECT_EQ(past_end, "") << "at the end of the file";
  file.seek(1);
  std::string again = co_await file.read(4);
  EXPECT_EQ(again, "ello");
}

TEST_P(CoroFile, PositionsAppendAndReadAt) { run(positions(dir_.file("positions.txt"))); }

Task<> errors(std::string missing, std::string directory) {
  std::exception_ptr error = co_await concur_test::error_of(concur::read_file(missing));
  try {
    concur_test::rethrow(error);
    ADD_FAILURE() << "expected ENOENT";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOENT) << e.what();
  }
  error = co_await concur_test::error_of(concur::write_file(directory, "x"));
  try {
    concur_test::rethrow(error);
    ADD_FAILURE() << "expected EISDIR";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EISDIR) << e.what();
  }
  concur::File closed;
  error = co_await concur_test::error_of(closed.read(1));
  EXPECT_THROW(concur_test::rethrow(error), std::system_error);
}

TEST_P(CoroFile, ErrorsAreSystemErrorsWithTheErrno) {
  run(errors(dir_.file("missing/none.txt"), dir_.file("")));
}

Task<std::size_t> many_files(const TempDir* dir, int count) {
  std::vector<Task<>> writes;
  for (int i = 0; i < count; ++i) writes.push_back(concur::write_file(dir->file("many-" + std::to_string(i)), pattern(10'000 + i, i)));
  co_await concur::gather(std::move(writes));
  std::vector<Task<std::string>> reads;
  for (int i = 0; i < count; ++i) reads.push_back(concur::read_file(dir->file("many-" + std::to_string(i))));
  std::vector<std::string> contents = co_await concur::gather(std::move(reads));
  std::size_t matching = 0;
  for (int i = 0; i < count; ++i) matching += contents[i] == pattern(10'000 + i, i);
  co_return matching;
}

TEST_P(CoroFile, ManyFilesConcurrently) { EXPECT_EQ(run(many_files(&dir_, 200)), 200u); }

INSTANTIATE_TEST_SUITE_P(Backends, CoroFile, testing::Values(FileBackend::io_uring, FileBackend::threads),
                         [](const testing::TestParamInfo<FileBackend>& info) {
                           return info.param == FileBackend::io_uring ? std::string("io_uring") : std::string("threads");
                         });

TEST(CoroFileBackend, AutomaticPrefersIoUringWhenAvailable) {
  FileBackend expected =
      concur::file_backend_available(FileBackend::io_uring) ? FileBackend::io_uring : FileBackend::threads;
  EXPECT_EQ(concur::run(backend_in_use()), expected);
  EXPECT_TRUE(concur::file_backend_available(FileBackend::threads));
}

// Makes io_uring_setup fail with EPERM in this process, as a container's seccomp profile does.
bool forbid_io_uring() {
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}

// In a child process whose io_uring is forbidden: the automatic back end must fall back to
// threads at run time and work; asking for io_uring explicitly must fail clearly.
TEST(CoroFileBackend, FallsBackToThreadsWhenTheKernelRefusesIoUring) {
  TempDir dir;
  std::string path = dir.file("fallback.txt");
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (!forbid_io_uring()) ::_exit(77);
    if (concur::file_backend_available(FileBackend::io_uring)) ::_exit(10);
    if (concur::run(backend_in_use()) != FileBackend::threads) ::_exit(11);
    if (concur::run(round_trip(path, "fallback")) != "fallback") ::_exit(12);
    try {
      concur::run(backend_in_use(), {.file_backend = FileBackend::io_uring});
      ::_exit(13);
    } catch (const std::system_error&) {
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died: status " << status;
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "seccomp filters are not available here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: io_uring still available, 11: automatic did not fall back, "
                                       "12: the thread back end failed, 13: forced io_uring did not throw";
  EXPECT_EQ(read_plain(path), "fallback");
}

}  // namespace
