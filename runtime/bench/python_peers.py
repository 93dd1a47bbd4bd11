"""Python peers of bench_runtime.cpp: times one concurrent.futures or asyncio operation, prints seconds.

Usage: python_peers.py FIGURE N CHUNKSIZE
The pool is created and warmed up before the clock starts, as on the C++ side. Figures that are
per task print seconds per task.
"""
import asyncio
import concurrent.futures as cf
import sys
import time


def trivial(x):
    return x + 1


def cpu_heavy(x):  # the seed's function
    count = 0
    for i in range(x**2):
        count += i**2
    return count


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    figure, n, chunksize = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if figure == "thread_submit_get":  # submit n tasks, then get every result; per task
        with cf.ThreadPoolExecutor(max_workers=2) as ex:
            ex.submit(trivial, 0).result()

            def run():
                futures = [ex.submit(trivial, i) for i in range(n)]
                for f in futures:
                    f.result()

            print(timed(run) / n)
    elif figure == "thread_map":
        # ThreadPoolExecutor.map accepts chunksize but ignores it (documented): the figure is the same
        # for every chunksize, which is what Python users get.
        with cf.ThreadPoolExecutor(max_workers=2) as ex:
            list(ex.map(trivial, range(10)))
            print(timed(lambda: list(ex.map(trivial, range(n), chunksize=chunksize))))
    elif figure == "process_map":
        with cf.ProcessPoolExecutor(max_workers=2) as ex:
            list(ex.map(trivial, range(10)))
            print(timed(lambda: list(ex.map(trivial, range(n), chunksize=chunksize))))
    elif figure == "process_round_trip":  # per task
        with cf.ProcessPoolExecutor(max_workers=1) as ex:
            ex.submit(trivial, 0).result()
            print(timed(lambda: [ex.submit(trivial, i).result() for i in range(n)]) / n)
    elif figure == "cpu_heavy_serial":
        print(timed(lambda: [cpu_heavy(x) for x in range(n)]))
    elif figure == "cpu_heavy_threads":
        with cf.ThreadPoolExecutor(max_workers=8) as ex:  # as in the seed
            print(timed(lambda: list(ex.map(cpu_heavy, range(n), chunksize=chunksize))))
    elif figure == "cpu_heavy_processes":
        with cf.ProcessPoolExecutor(max_workers=4) as ex:  # as in the seed
            list(ex.map(trivial, range(4)))
            print(timed(lambda: list(ex.map(cpu_heavy, range(n), chunksize=chunksize))))
    elif figure == "asyncio_gather_sleep0":  # n tasks created and gathered, each awaiting sleep(0)
        async def task():
            await asyncio.sleep(0)

        async def run():
            start = time.perf_counter()
            await asyncio.gather(*[task() for _ in range(n)])
            return time.perf_counter() - start

        print(asyncio.run(run()))
    elif figure == "asyncio_gather_sleep10ms":  # n concurrent sleeps of 10 ms, total
        async def run():
            start = time.perf_counter()
            await asyncio.gather(*[asyncio.sleep(0.01) for _ in range(n)])
            return time.perf_counter() - start

        print(asyncio.run(run()))
    elif figure == "asyncio_to_thread_seq":  # per call, one after the other
        async def run():
            await asyncio.to_thread(trivial, 0)  # the default executor's threads start here
            start = time.perf_counter()
            value = 0
            for _ in range(n):
                value = await asyncio.to_thread(trivial, value)
            return (time.perf_counter() - start) / n

        print(asyncio.run(run()))
    elif figure == "asyncio_to_thread_gather":  # n calls at once, total
        async def run():
            await asyncio.to_thread(trivial, 0)
            start = time.perf_counter()
            await asyncio.gather(*[asyncio.to_thread(trivial, i) for i in range(n)])
            return time.perf_counter() - start

        print(asyncio.run(run()))
    else:
        sys.exit("unknown figure " + figure)


if __name__ == "__main__":
    main()
