"""concur::queue under faults: nothing lost, every task accounted for."""
import time
import unittest

from harness import QueueTest


def wait_until(predicate, timeout=30, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        time.sleep(step)
    return False


class Faults(QueueTest):
    def test_sigkill_mid_task_is_redelivered(self):
        # Visibility timeout 3 s: a task held by a dead worker comes back after it.
        opts = ('--visibility-timeout', '3', '--restore-interval-ms', '300')
        a = self.cpp_worker(*opts, hostname='a@test')
        app = self.app()
        results = [app.send_task('tasks.sleep_ms', (1500,)) for _ in range(2)]
        r = self.redis.client()
        self.assertTrue(wait_until(lambda: r.hlen('unacked') == 2 and r.llen('celery') == 0), 'not reserved')
        time.sleep(0.3)
        a.kill_group()  # SIGKILL, worker and children, mid-task
        self.assertEqual(r.hlen('unacked'), 2)
        self.cpp_worker(*opts, hostname='b@test')
        self.assertEqual([res.get(timeout=30) for res in results], [1500, 1500])
        self.assertTrue(wait_until(lambda: r.hlen('unacked') == 0 and r.zcard('unacked_index') == 0))

    def test_malformed_message_goes_to_dead_letter(self):
        w = self.cpp_worker()
        r = self.redis.client()
        r.lpush('celery', 'this is not json')
        r.lpush('celery', '{"properties": {"delivery_tag": "t-1"}, "body": "e30="}')
        app = self.app()
        self.assertEqual(app.send_task('tasks.add', (2, 2)).get(timeout=20), 4)
        self.assertTrue(wait_until(lambda: r.llen('celery.dead_letter') == 2))
        self.assertIn(b'this is not json', r.lrange('celery.dead_letter', 0, -1))
        w.wait_for_log("rejected malformed message on 'celery'")
        self.assertEqual(r.hlen('unacked'), 0)

    def test_hard_time_limit_kills_and_replaces_the_child(self):
        self.cpp_worker('--concurrency', '1')
        app = self.app()
        from billiard.exceptions import TimeLimitExceeded
        start = time.time()
        with self.assertRaises(TimeLimitExceeded):
            app.send_task('tasks.sleep_ms', (20000,), time_limit=1).get(timeout=20)
        self.assertLess(time.time() - start, 10)
        self.assertEqual(app.send_task('tasks.add', (1, 2)).get(timeout=20), 3)  # a new child

    def test_result_too_large(self):
        self.cpp_worker('--max-result-bytes', '1000000')
        app = self.app()
        self.assertEqual(len(app.send_task('tasks.blob', (500000,)).get(timeout=20)), 500000)
        with self.assertRaises(Exception) as caught:
            app.send_task('tasks.blob', (2000000,)).get(timeout=20)
        self.assertEqual(type(caught.exception).__name__, 'ResultTooLarge')
        self.assertEqual(app.send_task('tasks.add', (1, 2)).get(timeout=20), 3)

    def test_retry_then_max_retries(self):
        self.cpp_worker()
        app = self.app()
        from celery.exceptions import MaxRetriesExceededError
        with self.assertRaises(MaxRetriesExceededError):
            app.send_task('tasks.retry_always', (1, 0)).get(timeout=20)

    def test_sigterm_finishes_running_and_puts_back_the_rest(self):
        w = self.cpp_worker('--concurrency', '1', '--prefetch-multiplier', '4')
        app = self.app()
        first = app.send_task('tasks.sleep_ms', (1500,))
        rest = [app.send_task('tasks.add', (i, i)) for i in range(3)]
        r = self.redis.client()
        self.assertTrue(wait_until(lambda: r.hlen('unacked') == 4), 'not reserved')
        w.signal(15)
        w.proc.wait(30)
        self.assertEqual(first.get(timeout=5), 1500)  # finished before exiting
        self.assertEqual(r.hlen('unacked'), 0)
        self.assertEqual(r.llen('celery'), 3)  # put back
        self.cpp_worker()
        self.assertEqual([x.get(timeout=20) for x in rest], [0, 2, 4])


class RedisRestart(QueueTest):
    persistent = True  # appendonly, fsync always: the restart keeps the queue

    def test_redis_restarted_mid_run(self):
        w = self.cpp_worker()
        app = self.app()
        ids = [app.send_task('tasks.sleep_ms', (40,)).id for _ in range(30)]
        time.sleep(0.2)
        self.redis.stop()
        time.sleep(1.0)
        self.redis.start()
        r = self.redis.client()

        def all_done():
            return all(r.get('celery-task-meta-' + i) and b'"SUCCESS"' in r.get('celery-task-meta-' + i) for i in ids)

        self.assertTrue(wait_until(all_done, timeout=60), w.log())
        self.assertIn('broker connection lost', w.log())
        self.assertTrue(wait_until(lambda: r.hlen('unacked') == 0 and r.llen('celery') == 0))

    def test_redis_restarted_repeatedly_under_load(self):
        # Four restarts while 600 short tasks go through: replies lost after the server ran a
        # call (the worker sends it again: the messages of a lost reserve are put back at once,
        # not after the visibility timeout) and commands refused while the server is LOADING.
        w = self.cpp_worker()
        app = self.app()
        ids = [app.send_task('tasks.sleep_ms', (3,)).id for _ in range(600)]
        for _ in range(4):
            time.sleep(0.25)
            self.redis.stop()
            time.sleep(0.3)
            self.redis.start()
        r = self.redis.client()

        def all_done():
            return all(b'"SUCCESS"' in (r.get('celery-task-meta-' + i) or b'') for i in ids)

        self.assertTrue(wait_until(all_done, timeout=60), w.log()[-3000:])
        self.assertTrue(wait_until(lambda: r.hlen('unacked') == 0 and r.llen('celery') == 0))


if __name__ == '__main__':
    unittest.main(verbosity=2)
