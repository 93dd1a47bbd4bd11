"""The example's tasks in Python (tasks.add, tasks.sleep_ms, tasks.fail): the Python worker of
the interop tests, and the Celery side of the benchmark (tasks.noop)."""
import os
import time

from celery import Celery

broker = os.environ.get('CONCUR_QUEUE_BROKER', 'redis://127.0.0.1:6379/0')
app = Celery('pytasks', broker=broker, backend=broker)
app.conf.broker_connection_retry_on_startup = True


@app.task(name='tasks.add')
def add(x, y):
    return x + y


@app.task(name='tasks.sleep_ms')
def sleep_ms(ms):
    time.sleep(ms / 1000)
    return ms


@app.task(name='tasks.fail')
def fail(message):
    raise ValueError(message)


@app.task(name='tasks.noop')
def noop():
    return None


@app.task(name='tasks.whoami')
def whoami():
    return 'python'


@app.task(name='tasks.xsum')
def xsum(values):
    return sum(values)
