"""Test harness of concur::queue: a private redis-server, C++ and Python workers, a Celery app.

Every test starts its own redis-server on a free loopback port (never 6379) and stops it, and
every worker it starts, at the end. Run with Debian's /usr/bin/python3 (python3-celery).
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.environ.get('CONCUR_QUEUE_EXAMPLE', '')
sys.path.insert(0, HERE)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Redis:
    def __init__(self, persistent=False):
        self.port = free_port()
        assert self.port != 6379
        self.dir = tempfile.mkdtemp(prefix='concur-queue-redis-')
        self.persistent = persistent
        self.proc = None
        self.start()

    @property
    def url(self):
        return f'redis://127.0.0.1:{self.port}/0'

    def start(self):
        args = ['redis-server', '--port', str(self.port), '--bind', '127.0.0.1', '--dir', self.dir,
                '--save', '', '--appendonly', 'yes' if self.persistent else 'no', '--appendfsync', 'always',
                '--logfile', os.path.join(self.dir, 'redis.log')]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if self.client().ping():
                    return
            except Exception:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()  # never leave one behind
        log = open(os.path.join(self.dir, 'redis.log'), errors='replace').read()
        raise RuntimeError(f'redis-server did not start on port {self.port}:\n{log}')

    def client(self):
        import redis
        return redis.Redis(host='127.0.0.1', port=self.port, socket_timeout=5)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class Process:
    """A worker process whose output goes to a file (read by the tests)."""

    def __init__(self, args, env=None, cwd=None):
        self.log_file = tempfile.NamedTemporaryFile(prefix='concur-queue-', suffix='.log', delete=False)
        self.proc = subprocess.Popen(args, stdout=self.log_file, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     start_new_session=True)

    def log(self):
        with open(self.log_file.name, errors='replace') as f:
            return f.read()

    def wait_for_log(self, text, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log():
                return True
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f'{text!r} not in the log:\n{self.log()}')

    def signal(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def kill_group(self):
        # The worker and its process pool (same session).
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill_group()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # leftovers of the group, if any
        except (ProcessLookupError, PermissionError):
            pass


def cpp_worker(redis, *extra, hostname=None):
    args = [EXAMPLE, 'worker', '--broker', redis.url, '--concurrency', '2']
    if hostname:
        args += ['--hostname', hostname]
    w = Process(args + list(extra))
    w.wait_for_log('ready:')
    return w


def python_worker(redis, concurrency=2, hostname='py@test', extra=()):
    env = dict(os.environ, CONCUR_QUEUE_BROKER=redis.url)
    args = ['/usr/bin/python3', '-m', 'celery', '-A', 'pytasks', 'worker', '-c', str(concurrency), '-n', hostname,
            '--without-gossip', '--without-mingle', '--loglevel=INFO', *extra]
    w = Process(args, env=env, cwd=HERE)
    w.wait_for_log('ready.', timeout=40)
    return w


def celery_app(redis):
    from celery import Celery
    app = Celery('client', broker=redis.url, backend=redis.url)
    app.conf.broker_connection_retry_on_startup = True
    # Results left over when a test's redis-server is gone: give up at once at exit instead of
    # retrying the backend's connection for a while.
    app.conf.result_backend_transport_options = {'retry_policy': {'max_retries': 1, 'interval_start': 0,
                                                                  'interval_step': 0.1, 'interval_max': 0.1}}
    return app


def run_call(redis, *args, timeout=30, command='call'):
    return subprocess.run([EXAMPLE, command, '--broker', redis.url, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def run_chord(redis, body, *header, timeout=30):
    """concur-queue-example chord: header is TASK, JSON args list, TASK, JSON args list..."""
    return run_call(redis, body, *header, timeout=timeout, command='chord')


class QueueTest(unittest.TestCase):
    """Starts a redis-server per test; stops it and every registered process at the end."""
    persistent = False

    def setUp(self):
        self.redis = Redis(persistent=self.persistent)
        self.processes = []
        self.addCleanup(self._cleanup)

    def _failed(self):
        # unittest keeps no public "did this test fail" for cleanups: its outcome's result is read.
        result = getattr(getattr(self, '_outcome', None), 'result', None)
        return result is not None and any(test is self for test, _ in result.errors + result.failures)

    def _cleanup(self):
        for p in self.processes:
            p.stop()
        # What the workers printed, when the test failed: a timeout on a result says nothing of why.
        if self._failed():
            for p in self.processes:
                sys.stderr.write(f'--- log of {" ".join(p.proc.args[:2])} (pid {p.proc.pid}):\n{p.log()[-20000:]}\n')
        self.redis.stop()
        shutil.rmtree(self.redis.dir, ignore_errors=True)

    def cpp_worker(self, *extra, hostname=None):
        w = cpp_worker(self.redis, *extra, hostname=hostname)
        self.processes.append(w)
        return w

    def python_worker(self, **kw):
        w = python_worker(self.redis, **kw)
        self.processes.append(w)
        return w

    def app(self):
        return celery_app(self.redis)
