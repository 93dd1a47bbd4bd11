// concur::queue's C++ API: the message format, and a client and a worker against a private
// redis-server (started by the test on a free loopback port, stopped at the end).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "concur/queue/broker_url.h"
#include "concur/queue/client.h"
#include "concur/queue/current_task.h"
#include "concur/queue/errors.h"
#include "concur/queue/message.h"
#include "concur/queue/worker.h"

extern char** environ;

namespace {

using namespace std::chrono_literals;
namespace q = concur::queue;

// ---- the format

TEST(QueueMessage, RoundTripsCeleryProtocol2) {
  q::TaskMessage m;
  m.id = q::make_uuid();
  m.task = "tasks.add";
  m.args = {2, 3};
  m.eta = q::parse_iso8601("2026-12-06T04:25:52.798926+00:00");
  m.time_limit = 10;
  std::string wire = m.serialize();
  q::Json doc = q::Json::parse(wire);
  EXPECT_EQ(doc["content-type"], "application/json");
  EXPECT_EQ(doc["headers"]["task"], "tasks.add");
  EXPECT_EQ(doc["headers"]["lang"], "py");
  EXPECT_EQ(doc["headers"]["timelimit"], q::Json::parse("[10.0, null]"));
  EXPECT_EQ(doc["properties"]["body_encoding"], "base64");
  q::TaskMessage back = q::TaskMessage::parse(wire);
  EXPECT_EQ(back.id, m.id);
  EXPECT_EQ(back.args, m.args);
  EXPECT_EQ(back.kwargs, q::Json::object());
  ASSERT_TRUE(back.eta);
  EXPECT_EQ(q::format_iso8601(*back.eta), "2026-12-06T04:25:52.798926+00:00");
  EXPECT_EQ(back.routing_key, "celery");
}

TEST(QueueMessage, ParsesWhatCeleryWrites) {
  // celery 5.2's send_task('tasks.add', (2, 3), countdown=5, expires=60), as captured from Redis.
  std::string wire =
      R"x({"body": "W1syLCAzXSwge30sIHsiY2FsbGJhY2tzIjogbnVsbCwgImVycmJhY2tzIjogbnVsbCwgImNoYWluIjogbnVsbCwgImNob3JkIjogbnVsbH1d", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"lang": "py", "task": "tasks.add", "id": "431b0fa0-830e-4662-b196-86e5a98e06e3", "shadow": null, "eta": "2026-12-06T04:25:52.798926+00:00", "expires": "2026-12-06T04:26:47.798926+00:00", "group": null, "group_index": null, "retries": 0, "timelimit": [null, null], "root_id": "431b0fa0-830e-4662-b196-86e5a98e06e3", "parent_id": null, "argsrepr": "(2, 3)", "kwargsrepr": "{}", "origin": "gen8311@vm", "ignore_result": false}, "properties": {"correlation_id": "431b0fa0-830e-4662-b196-86e5a98e06e3", "reply_to": "a54bc8b1-b8a8-3b62-a94c-6d56a4aaa680", "delivery_mode": 2, "expiration": "60000", "delivery_info": {"exchange": "", "routing_key": "celery"}, "priority": 0, "body_encoding": "base64", "delivery_tag": "b4579fcc-9808-4c63-b966-083209fd29f8"}})x";
  q::TaskMessage m = q::TaskMessage::parse(wire);
  EXPECT_EQ(m.task, "tasks.add");
  EXPECT_EQ(m.args, q::Json::parse("[2, 3]"));
  EXPECT_EQ(m.delivery_tag, "b4579fcc-9808-4c63-b966-083209fd29f8");
  ASSERT_TRUE(m.expires);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(*m.expires - *m.eta).count(), 55);
  EXPECT_FALSE(m.time_limit);
}

TEST(QueueMessage, RejectsMalformed) {
  const std::vector<std::string> bad_messages{
      "", "not json", "[]", R"x({"headers": {}})x",
      R"x({"headers": {"task": "x", "id": "y"}, "properties": {}, "body": "!!!", "content-type": "application/json"})x",
      R"x({"headers": {"task": "x", "id": "y"}, "properties": {}, "body": "W10=", "content-type": "application/x-python-serialize"})x"};
  for (const std::string& bad : bad_messages)
    EXPECT_THROW(q::TaskMessage::parse(bad), q::MalformedMessage) << bad;
}

TEST(QueueMessage, BrokerUrls) {
  auto url = q::BrokerUrl::parse("redis://:secret@10.0.0.1:6380/2");
  EXPECT_EQ(url.host, "10.0.0.1");
  EXPECT_EQ(url.port, 6380);
  EXPECT_EQ(url.password, "secret");
  EXPECT_EQ(url.db, 2);
  EXPECT_EQ(url.redacted(), "redis://:***@10.0.0.1:6380/2");
  auto plain = q::BrokerUrl::parse("redis://");
  EXPECT_EQ(plain.host, "localhost");
  EXPECT_EQ(plain.port, 6379);
  EXPECT_THROW(q::BrokerUrl::parse("amqp://x"), std::invalid_argument);
  EXPECT_THROW(q::BrokerUrl::parse("redis://h:99999/0"), std::invalid_argument);
}

TEST(QueueMessage, RetryCrossesProcessesAsText) {
  q::Retry retry("busy", 250ms);
  auto back = q::Retry::from_message(retry.what());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->countdown(), 250ms);
  EXPECT_EQ(back->reason(), "busy");
  auto error = q::TaskError::from_message(q::TaskError("KeyError", "no user").what());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type_name(), "KeyError");
  EXPECT_EQ(error->module(), "builtins");
}

// ---- against Redis

class RedisServer {
 public:
  RedisServer() {
    const char* server = std::getenv("CONCUR_REDIS_SERVER");
    std::string path = server && *server ? server : "/usr/bin/redis-server";
    if (access(path.c_str(), X_OK) != 0) return;
    port_ = free_port();
    std::string port = std::to_string(port_);
    std::vector<std::string> args{path, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~RedisServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool available() const { return pid_ > 0; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

 private:
  static int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }
  pid_t pid_ = -1;
  int port_ = 0;
};

int add(int x, int y) { return x + y; }
std::string greet(std::string who) { return "hello " + who; }
int divide(int x, int y) {
  if (y == 0) throw std::invalid_argument("division by zero");
  return x / y;
}

// Process pool tasks (plain functions): they run in a child, which learns its soft limit with the
// call. `patient` checks the limit every 10 ms and lets the exception go; `tidy` catches it and
// returns its child's pid (to show where it ran).
int patient(int steps) {
  for (int i = 0; i < steps; ++i) {
    q::check_soft_time_limit();
    std::this_thread::sleep_for(10ms);
  }
  return steps;
}
long long tidy(int steps) {
  try {
    patient(steps);
  } catch (const q::SoftTimeLimitExceeded&) {
    return getpid();
  }
  return 0;
}

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!redis_.available()) GTEST_SKIP() << "redis-server not found";
  }
  q::WorkerOptions options(q::PoolKind pool = q::PoolKind::threads) {
    q::WorkerOptions o;
    o.broker = redis_.url();
    o.concurrency = 2;
    o.pool = pool;
    o.hostname = "test@concur";
    o.log = [](std::string_view) {};
    return o;
  }
  RedisServer redis_;
};

q::TaskRegistry registry(std::atomic<int>* attempts = nullptr) {
  q::TaskRegistry tasks;
  tasks.add("tasks.add", add);
  tasks.add("tasks.greet", greet);
  tasks.add("tasks.divide", divide);
  tasks.add("tasks.vector_sum", [](std::vector<int> v) {
    int s = 0;
    for (int x : v) s += x;
    return s;
  });
  tasks.add("tasks.flaky",
            [attempts](int n) {
              if (attempts && ++*attempts < n) throw q::Retry("not yet", 20ms);
              return attempts ? attempts->load() : 0;
            },
            {.max_retries = 5});
  tasks.add("tasks.patient", [](int steps) {
    for (int i = 0; i < steps; ++i) {
      q::check_soft_time_limit();
      std::this_thread::sleep_for(10ms);
    }
    return steps;
  });
  return tasks;
}

TEST_F(QueueTest, TypedCallsResultsAndErrors) {
  std::atomic<int> attempts{0};
  q::Worker worker(registry(&attempts), options());
  worker.start();
  q::Client client(redis_.url());
  q::TaskRef<int(int, int)> add_ref{"tasks.add"};
  q::TaskRef<std::string(std::string)> greet_ref{"tasks.greet"};
  EXPECT_EQ(client.delay(add_ref, 2, 3).get(10s), 5);
  EXPECT_EQ(client.delay(greet_ref, "world").get(10s), "hello world");
  EXPECT_EQ(client.send_task<int>("tasks.vector_sum", std::vector<int>{1, 2, 3}).get(10s), 6);
  auto failing = client.send_task<int>("tasks.divide", 1, 0);
  try {
    failing.get(10s);
    FAIL() << "no exception";
  } catch (const q::TaskFailed& e) {
    EXPECT_EQ(e.type_name(), "ValueError");  // std::invalid_argument, named as Python would
    EXPECT_EQ(e.message(), "division by zero");
    EXPECT_EQ(e.task_id(), failing.id());
  }
  EXPECT_EQ(failing.state(), q::State::failure);
  failing.forget();
  EXPECT_EQ(failing.state(), q::State::pending);
  // Retry from inside the task, three attempts
  EXPECT_EQ(client.send_task<int>("tasks.flaky", 3).get(10s), 3);
  // soft time limit: the task sees it at its next check
  EXPECT_EQ(client.send_task<int>("tasks.patient", 3).get(10s), 3);
  try {
    client.apply_async<int>(q::signature("tasks.patient", 1000), {.soft_time_limit = 0.1}).get(10s);
    FAIL() << "no exception";
  } catch (const q::TaskFailed& e) {
    EXPECT_EQ(e.type_name(), "SoftTimeLimitExceeded");
  }
  // countdown
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.apply_async<int>(add_ref.s(1, 1), {.countdown = 300ms}).get(10s), 2);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 290ms);
  // chain and group
  EXPECT_EQ(client.chain<int>({add_ref.s(1, 2), q::signature("tasks.add", 10), q::signature("tasks.add", 100)}).get(10s), 113);
  EXPECT_EQ(client.group<int>({add_ref.s(1, 1), add_ref.s(2, 2), add_ref.s(3, 3)}).get(10s), (std::vector<int>{2, 4, 6}));
  // chord: the sum of the parts
  EXPECT_EQ(client.chord<int>({add_ref.s(1, 1), add_ref.s(2, 2), add_ref.s(3, 3)}, q::signature("tasks.vector_sum")).get(10s), 12);
  EXPECT_THROW(client.chord<int>({add_ref.s(1, 1), q::signature("tasks.divide", 1, 0)}, q::signature("tasks.vector_sum")).get(10s),
               q::TaskFailed);
  // a timeout leaves the task alone
  EXPECT_THROW(client.apply_async<int>(add_ref.s(5, 5), {.countdown = 2s}).get(100ms), concur::TimeoutError);
  // revoke before its ETA
  auto revoked = client.apply_async<int>(add_ref.s(7, 7), {.countdown = 500ms});
  client.revoke(revoked.id());
  EXPECT_THROW(revoked.get(10s), q::TaskRevoked);
  // remote control
  auto pongs = client.ping(500ms);
  ASSERT_EQ(pongs.size(), 1u);
  EXPECT_EQ(pongs[0]["test@concur"]["ok"], "pong");
  worker.stop();
  EXPECT_GE(worker.stats().succeeded, 8u);
}

TEST_F(QueueTest, ProcessPoolWorker) {
  q::Worker worker(registry(), options(q::PoolKind::processes));
  worker.start();
  q::Client client(redis_.url());
  std::vector<q::Signature> many;
  for (int i = 0; i < 200; ++i) many.push_back(q::signature("tasks.add", i, i));
  auto ids = client.send_many(many);
  std::vector<q::AsyncResult<int>> results;
  for (auto& id : ids) results.push_back(client.result<int>(id));
  for (int i = 0; i < 200; ++i) ASSERT_EQ(results[i].get(20s), 2 * i);
  worker.stop();
}

TEST_F(QueueTest, SoftTimeLimitInProcessPool) {
  q::TaskRegistry tasks;
  tasks.add("tasks.patient", patient);
  tasks.add("tasks.tidy", tidy, {.soft_time_limit = 0.1});
  q::Worker worker(std::move(tasks), options(q::PoolKind::processes));
  worker.start();
  q::Client client(redis_.url());
  // no limit: the checks never fire
  EXPECT_EQ(client.send_task<int>("tasks.patient", 3).get(10s), 3);
  // the message's limit: the exception ends the task, which fails as in Celery
  auto start = std::chrono::steady_clock::now();
  try {
    client.apply_async<int>(q::signature("tasks.patient", 1000), {.soft_time_limit = 0.1}).get(10s);
    FAIL() << "no exception";
  } catch (const q::TaskFailed& e) {
    EXPECT_EQ(e.type_name(), "SoftTimeLimitExceeded");
    EXPECT_EQ(e.module(), "billiard.exceptions");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  // the task's own limit, caught inside the task, which then returns normally; in a child
  long long pid = client.send_task<long long>("tasks.tidy", 1000).get(10s);
  EXPECT_NE(pid, 0);
  EXPECT_NE(pid, static_cast<long long>(getpid()));
  auto children = worker.child_pids();
  EXPECT_NE(std::find(children.begin(), children.end(), static_cast<int>(pid)), children.end());
  // the child's limit ends with its task: the next task in the same children has none
  EXPECT_EQ(client.send_task<int>("tasks.patient", 20).get(10s), 20);
  EXPECT_EQ(client.send_task<int>("tasks.patient", 20).get(10s), 20);
  worker.stop();
}

TEST_F(QueueTest, ClientGivesUpWhenNoBroker) {
  q::Client client("redis://127.0.0.1:1/0", {.retry = {.first_delay = 10ms, .max_delay = 20ms, .give_up_after = 200ms}});
  EXPECT_THROW(client.send_task("tasks.add", 1, 2), q::BrokerUnavailable);
}

}  // namespace
