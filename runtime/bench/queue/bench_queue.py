#!/usr/bin/python3
"""concur::queue's benchmark: N no-op tasks end to end (enqueue all, wait for all results), on
one private redis-server, at the same concurrency:

  concur   C++ workers (concur-queue-example worker, process pool and thread pool)
  celery   Celery 5.2 prefork workers (python3-celery), fed by the same C++ producer
  rq       RQ workers (python3-rq; SimpleWorker: no fork per job), one per slot
  floor    redis-benchmark LPUSH and BRPOP on the same server: a task needs at least one of each

Ratios are printed in one run. --smoke: tiny sizes, for ctest.

  bench_queue.py --bin build-rt/bin [--tasks 20000] [--concurrency 2] [--smoke]
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, '..', '..', 'tests', 'queue')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_redis():
    port = free_port()
    d = tempfile.mkdtemp(prefix='concur-queue-bench-')
    proc = subprocess.Popen(['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
                             '--dir', d], stdout=subprocess.DEVNULL)
    import redis
    r = redis.Redis(port=port)
    for _ in range(200):
        try:
            r.ping()
            proc.data_dir = d
            return proc, port, r
        except Exception:
            time.sleep(0.05)
    raise RuntimeError('redis-server did not start')


def stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def producer(bin_dir, url, tasks, latency):
    out = subprocess.run([os.path.join(bin_dir, 'concur-queue-bench-client'), '--broker', url, '--tasks', str(tasks),
                          '--task', 'tasks.noop', '--latency', str(latency)], capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_concur(bin_dir, url, r, tasks, concurrency, pool, latency):
    r.flushall()
    args = [os.path.join(bin_dir, 'concur-queue-example'), 'worker', '--broker', url, '--concurrency', str(concurrency),
            '--no-events']
    if pool == 'threads':
        args.append('--threads')
    w = subprocess.Popen(args, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return producer(bin_dir, url, tasks, latency)
    finally:
        stop(w)


def bench_celery(bin_dir, url, r, tasks, concurrency, latency):
    r.flushall()
    env = dict(os.environ, CONCUR_QUEUE_BROKER=url)
    w = subprocess.Popen(['/usr/bin/python3', '-m', 'celery', '-A', 'pytasks', 'worker', '-P', 'prefork', '-c', str(concurrency),
                          '--without-gossip', '--without-mingle', '--without-heartbeat', '--loglevel=WARNING'],
                         cwd=TESTS, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return producer(bin_dir, url, tasks, latency)
    finally:
        stop(w)


def bench_rq(port, r, tasks, concurrency):
    r.flushall()
    from redis import Redis
    from rq import Queue
    conn = Redis(port=port)
    q = Queue('bench', connection=conn)
    workers = [subprocess.Popen(['/usr/bin/python3', '-m', 'rq.cli', 'worker', '-w', 'rq.worker.SimpleWorker', '--url',
                                 f'redis://127.0.0.1:{port}/0', '--quiet', 'bench'],
                                cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
               for _ in range(concurrency)]
    try:
        sys.path.insert(0, HERE)
        import rqtasks
        warm = q.enqueue(rqtasks.noop)
        while warm.get_status(refresh=True) != 'finished':
            time.sleep(0.01)
        start = time.perf_counter()
        jobs = q.enqueue_many([Queue.prepare_data(rqtasks.noop) for _ in range(tasks)])
        enqueued = time.perf_counter()
        ids = [j.id for j in jobs]
        pending = set(ids)
        while pending:
            with conn.pipeline() as p:
                batch = list(pending)[:1000]
                for i in batch:
                    p.hget('rq:job:' + i, 'status')
                for i, status in zip(batch, p.execute()):
                    if status in (b'finished', b'failed'):
                        pending.discard(i)
            if pending:
                time.sleep(0.01)
        done = time.perf_counter()
        lat = []
        for _ in range(20):
            t0 = time.perf_counter()
            j = q.enqueue(rqtasks.noop)
            while conn.hget('rq:job:' + j.id, 'status') not in (b'finished', b'failed'):
                time.sleep(0.0005)
            lat.append((time.perf_counter() - t0) * 1000)
        lat.sort()
        return {'tasks': tasks, 'seconds': done - start, 'tasks_per_second': tasks / (done - start),
                'enqueue_per_second': tasks / (enqueued - start), 'latency_ms_median': lat[len(lat) // 2],
                'latency_ms_p90': lat[len(lat) * 9 // 10]}
    finally:
        for w in workers:
            stop(w)


def redis_floor(port, tasks):
    def rps(args):
        out = subprocess.run(['redis-benchmark', '-p', str(port), '-n', str(tasks), '-q', *args],
                             capture_output=True, text=True, timeout=300).stdout
        m = re.findall(r'([\d.]+) requests per second', out)
        return float(m[-1])
    lpush = rps(['lpush', 'floorq', 'x'])
    brpop = rps(['brpop', 'floorq', '0'])
    return {'lpush_per_second': lpush, 'brpop_per_second': brpop,
            # one LPUSH and one BRPOP per task, back to back
            'tasks_per_second': 1 / (1 / lpush + 1 / brpop)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', required=True)
    ap.add_argument('--tasks', type=int, default=20000)
    ap.add_argument('--concurrency', type=int, default=2)
    ap.add_argument('--smoke', action='store_true')
    ap.add_argument('--skip', default='', help='comma-separated: celery,rq')
    a = ap.parse_args()
    tasks = 200 if a.smoke else a.tasks
    latency = 5 if a.smoke else 50
    skip = set(filter(None, a.skip.split(',')))
    redis_proc, port, r = start_redis()
    url = f'redis://127.0.0.1:{port}/0'
    results = {}
    try:
        results['floor'] = redis_floor(port, tasks)
        results['concur_processes'] = bench_concur(a.bin, url, r, tasks, a.concurrency, 'processes', latency)
        results['concur_threads'] = bench_concur(a.bin, url, r, tasks, a.concurrency, 'threads', latency)
        if 'celery' not in skip:
            results['celery_prefork'] = bench_celery(a.bin, url, r, tasks, a.concurrency, latency)
        if 'rq' not in skip:
            results['rq'] = bench_rq(port, r, tasks, a.concurrency)
    finally:
        redis_proc.terminate()
        redis_proc.wait()
        import shutil
        shutil.rmtree(redis_proc.data_dir, ignore_errors=True)
    print(f'{tasks} no-op tasks, concurrency {a.concurrency}, one redis-server on loopback')
    print(f"{'':18}{'tasks/s':>10}{'enqueue/s':>12}{'latency ms (median/p90)':>26}")
    for name, res in results.items():
        if name == 'floor':
            continue
        print(f"{name:18}{res['tasks_per_second']:>10.0f}{res['enqueue_per_second']:>12.0f}"
              f"{res['latency_ms_median']:>14.2f} / {res['latency_ms_p90']:.2f}")
    f = results['floor']
    print(f"redis floor       {f['tasks_per_second']:>10.0f}   (LPUSH {f['lpush_per_second']:.0f}/s, BRPOP {f['brpop_per_second']:.0f}/s)")
    best = max(results['concur_processes']['tasks_per_second'], results['concur_threads']['tasks_per_second'])
    for name in ('celery_prefork', 'rq'):
        if name in results:
            print(f"concur (best pool) / {name}: {best / results[name]['tasks_per_second']:.1f}x")
    print(f"redis floor / concur (best pool): {f['tasks_per_second'] / best:.2f}x")
    print(json.dumps(results))
    for name, res in results.items():
        if name != 'floor' and res['tasks'] != tasks:
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
