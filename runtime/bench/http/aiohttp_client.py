"""The aiohttp side of the HTTP benchmark (run_http_bench.py starts it with /usr/bin/python3):

    aiohttp_client.py <base-url> <pages> <requests> <concurrency>

`concurrency` coroutines on one ClientSession (a TCPConnector limited to that many connections),
each fetching its share of the requests one after the other; the same JSON line as the others.
"""
import asyncio
import json
import sys
import time

import aiohttp


async def main(base, pages, requests, concurrency):
    latencies = []
    state = {"next": 0, "bytes": 0, "failures": 0}
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:
        async with session.get(f"{base}/page-0.html") as first:  # the first connection, not measured
            await first.read()

        async def worker():
            while state["next"] < requests:
                i = state["next"]
                state["next"] += 1
                start = time.perf_counter()
                async with session.get(f"{base}/page-{i % pages}.html") as response:
                    body = await response.read()
                latencies.append((time.perf_counter() - start) * 1e3)
                state["bytes"] += len(body)
                if response.status != 200:
                    state["failures"] += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - start
    latencies.sort()
    pick = lambda p: latencies[int(p * (len(latencies) - 1) + 0.5)] if latencies else 0.0
    print(json.dumps({"requests": len(latencies), "seconds": seconds, "p50_ms": pick(0.50),
                      "p99_ms": pick(0.99), "bytes": state["bytes"], "failures": state["failures"]}))
    return 1 if state["failures"] else 0


if __name__ == "__main__":
    base, pages, requests, concurrency = sys.argv[1], *map(int, sys.argv[2:5])
    sys.exit(asyncio.run(main(base, pages, requests, concurrency)))
