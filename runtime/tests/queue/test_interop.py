"""concur::queue against Celery 5.2 (Debian's python3-celery), both ways, on one Redis."""
import json
import time
import unittest

from harness import QueueTest, run_call, run_chord


class PythonClientCppWorker(QueueTest):
    def test_add_fail_chain_group_ping(self):
        w = self.cpp_worker(hostname='cpp@interop')
        app = self.app()
        self.assertEqual(app.send_task('tasks.add', (2, 3)).get(timeout=20), 5)
        # failures arrive as exceptions: std::runtime_error is Python's RuntimeError
        with self.assertRaises(RuntimeError) as caught:
            app.send_task('tasks.fail', ('boom',)).get(timeout=20)
        self.assertEqual(str(caught.exception), 'boom')
        r = app.send_task('tasks.fail', ('again',))
        with self.assertRaises(RuntimeError):
            r.get(timeout=20)
        self.assertEqual(r.state, 'FAILURE')
        self.assertIn('C++ task "tasks.fail"', r.traceback)
        # wrong arguments: TypeError, like a Python task
        with self.assertRaises(TypeError):
            app.send_task('tasks.add', (1,)).get(timeout=20)
        # canvas: chain and group, built by Celery, run by the C++ worker
        from celery import chain, group
        add = app.signature('tasks.add')
        self.assertEqual(chain(app.signature('tasks.add', (1, 2)), app.signature('tasks.add', (10,))).apply_async().get(timeout=20), 13)
        self.assertEqual(group(app.signature('tasks.add', (i, i)) for i in range(5)).apply_async().get(timeout=20),
                         [0, 2, 4, 6, 8])
        # chord: the header's results, then the body, all on the C++ worker
        from celery import chord
        self.assertEqual(chord(app.signature('tasks.add', (i, i)) for i in range(5))(app.signature('tasks.xsum')).get(timeout=20), 20)
        # a soft time limit reaches the task in the C++ worker's process pool child: Celery's
        # SoftTimeLimitExceeded (billiard's) arrives
        from celery.exceptions import SoftTimeLimitExceeded
        with self.assertRaises(SoftTimeLimitExceeded):
            app.send_task('tasks.patient_ms', (10000,), soft_time_limit=0.2).get(timeout=20)
        self.assertEqual(app.send_task('tasks.patient_ms', (50,)).get(timeout=20), 50)
        # countdown / ETA
        r = app.send_task('tasks.add', (20, 22), countdown=1)
        self.assertEqual(r.get(timeout=20), 42)
        # remote control
        replies = app.control.ping(timeout=1)
        self.assertTrue(any('ok' in list(reply.values())[0] for reply in replies), replies)
        # celery inspect stats: Celery 5.2's reply, from the C++ worker
        stats = app.control.inspect(timeout=1).stats()
        self.assertIn('cpp@interop', stats, stats)
        s = stats['cpp@interop']
        self.assertEqual(s['pid'], w.proc.pid)
        self.assertGreaterEqual(s['total']['tasks.add'], 7)
        self.assertGreaterEqual(s['total']['tasks.fail'], 2)
        self.assertEqual(s['pool']['max-concurrency'], 2)
        self.assertEqual(len(s['pool']['processes']), 2)
        self.assertNotIn(w.proc.pid, s['pool']['processes'])
        self.assertEqual((s['broker']['transport'], s['broker']['hostname'], s['broker']['port']),
                         ('redis', '127.0.0.1', self.redis.port))
        self.assertEqual(s['broker']['virtual_host'], '0')
        self.assertEqual(s['prefetch_count'], 8)
        self.assertGreater(s['rusage']['utime'] + s['rusage']['stime'], 0)
        self.assertGreater(s['rusage']['maxrss'], 0)
        self.assertGreaterEqual(s['uptime'], 0)
        int(s['clock'])
        # unknown task: fails (NotRegistered), nobody hangs
        with self.assertRaises(Exception) as caught:
            app.send_task('tasks.nope', ()).get(timeout=20)
        self.assertIn('NotRegistered', type(caught.exception).__name__)
        # expired before it ran: REVOKED
        from celery.exceptions import TaskRevokedError
        r = app.send_task('tasks.add', (1, 1), countdown=2, expires=1)
        with self.assertRaises(TaskRevokedError):
            r.get(timeout=20)
        # revoke a task waiting for its ETA
        r = app.send_task('tasks.add', (1, 1), countdown=2)
        app.control.revoke(r.id)
        with self.assertRaises(TaskRevokedError):
            r.get(timeout=20)


class CeleryEventsSeeCppWorkers(QueueTest):
    def test_event_receiver_and_state(self):
        # What `celery events` and Flower run: kombu's event consumer and celery.events.State.
        import threading
        self.cpp_worker('--threads', hostname='cpp@events')
        app = self.app()
        state = app.events.State()
        types = []
        sent = {}

        def on_event(event):
            types.append(event['type'])
            state.event(event)
            if event['type'] == 'task-succeeded':
                receiver.should_stop = True

        def send_later():
            time.sleep(1.0)
            sent['id'] = app.send_task('tasks.add', (2, 3)).id

        threading.Thread(target=send_later).start()
        with app.connection() as conn:
            receiver = app.events.Receiver(conn, handlers={'*': on_event})
            try:
                receiver.capture(limit=None, timeout=20, wakeup=False)
            except Exception:
                pass
        self.assertIn('task-received', types)
        self.assertIn('task-started', types)
        self.assertIn('task-succeeded', types)
        self.assertIn('cpp@events', state.workers)
        self.assertTrue(state.workers['cpp@events'].alive)
        task = state.tasks[sent['id']]
        self.assertEqual(task.state, 'SUCCESS')
        self.assertEqual(task.name, 'tasks.add')
        self.assertEqual(task.worker.hostname, 'cpp@events')
        # inspect stats from a thread-pool worker
        stats = app.control.inspect(timeout=1).stats()['cpp@events']
        self.assertEqual(stats['pool'], {'max-concurrency': 2, 'threads': 2})
        self.assertEqual(stats['total'], {'tasks.add': 1})


class PythonWorkerThenMixed(QueueTest):
    def test_cpp_client_python_worker_then_both_workers(self):
        # One Python worker (they are slow to start) for both parts.
        py = self.python_worker()
        # 1. The C++ client calls the Python worker's tasks.
        done = run_call(self.redis, 'tasks.add', 2, 3)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout), 5)
        done = run_call(self.redis, 'tasks.fail', 'boom')
        self.assertEqual(done.returncode, 1)
        self.assertIn('ValueError: boom', done.stderr)
        done = run_call(self.redis, 'tasks.whoami')
        self.assertEqual(json.loads(done.stdout), 'python')
        # 2. A chord built by the C++ client, its header and body run by the Python worker (Celery's
        #    Redis backend joins the parts and sends the body).
        done = run_chord(self.redis, 'tasks.xsum', 'tasks.add', '[1, 2]', 'tasks.add', '[3, 4]', 'tasks.sleep_ms', '[50]')
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout), 60)
        self.assertIn('Task tasks.xsum[', py.log())
        # a part that fails fails the body with ChordError, which the C++ client reports
        done = run_chord(self.redis, 'tasks.xsum', 'tasks.add', '[1, 1]', 'tasks.fail', '["boom"]')
        self.assertEqual(done.returncode, 1, done.stdout)
        self.assertIn('ChordError', done.stderr)
        before = py.log().count('succeeded in')
        # 3. A C++ worker joins: both serve the queue.
        self.cpp_worker()
        app = self.app()
        results = [app.send_task('tasks.sleep_ms', (100,)) for _ in range(16)]
        results += [app.send_task('tasks.add', (i, 1)) for i in range(40)]
        # join_native: one wait for all. Celery 5.2's AsyncResult.get() waits a whole second (a
        # pubsub poll) for a result whose message arrived before get() was called, which here
        # (C++ adds finishing before the last sleeps) would cost a second per result.
        from celery.result import ResultSet
        values = ResultSet(results).join_native(timeout=60)
        self.assertEqual(values[:16], [100] * 16)
        self.assertEqual(values[16:], [i + 1 for i in range(40)])
        # a chord whose parts run on both workers
        from celery import chord
        header = [app.signature('tasks.sleep_ms', (100,)) for _ in range(8)]
        self.assertEqual(chord(header)(app.signature('tasks.xsum')).get(timeout=60), 800)
        by_python = py.log().count('succeeded in') - before
        self.assertGreater(by_python, 0, 'the Python worker ran nothing')
        self.assertLess(by_python, len(results) + 9, 'the C++ worker ran nothing')


if __name__ == '__main__':
    unittest.main(verbosity=2)
