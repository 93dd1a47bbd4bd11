"""The HTTP client benchmark: N pages of a few KiB from a local nginx, at concurrency 1, 10 and 100,
fetched by concur::http, by Python's aiohttp, and by a plain libcurl multi loop in C (the floor).
One run prints, per concurrency, each client's throughput and p50/p99 latency, and the ratios
(concur vs aiohttp, concur vs the C floor).

    run_http_bench.py --concur <client> --floor <client> [--requests N] [--concurrency 1,10,100]
                      [--rounds R] [--smoke]

nginx (Debian's nginx-light) listens on a free port of 127.0.0.1 with one worker and serves 100
pages of 4 KiB, over HTTP/1.1 keep-alive (aiohttp speaks nothing else). Each client runs R times
(rounds alternate the clients, so the machine's drift hits them alike); the median run is kept.
--smoke: a few hundred requests, one round, and only checks that every client succeeds.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NGINX = "/usr/sbin/nginx"
PYTHON = "/usr/bin/python3"
PAGES = 100
PAGE_BYTES = 4096


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(work):
    www = os.path.join(work, "www")
    os.makedirs(www)
    os.makedirs(os.path.join(work, "tmp"))
    for i in range(PAGES):
        with open(os.path.join(www, f"page-{i}.html"), "w") as f:
            f.write(("<p>page %d</p>" % i).ljust(PAGE_BYTES, "x"))
    port = free_port()
    temps = "".join(f"  {kind}_temp_path {work}/tmp/{kind};\n"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {work}/nginx.pid;\n"
                f"error_log {work}/error.log warn;\nevents {{ worker_connections 4096; }}\n"
                f"http {{\n  access_log off;\n  keepalive_requests 1000000;\n{temps}"
                f"  server {{ listen 127.0.0.1:{port} backlog=4096; root {www}; }}\n}}\n")
    process = subprocess.Popen([NGINX, "-p", work + "/", "-c", f"{work}/nginx.conf", "-e", f"{work}/error.log"])
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.01)
    process.kill()
    raise SystemExit("nginx did not start: " + open(os.path.join(work, "error.log")).read())


def run_client(command, base, requests, concurrency):
    out = subprocess.run(command + [base, str(PAGES), str(requests), str(concurrency)],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"{command[-1]} failed ({out.returncode}): {out.stdout}{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["requests"] != requests or result["bytes"] != requests * PAGE_BYTES:
        raise SystemExit(f"{command[-1]}: wrong counts: {result}")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concur", required=True)
    parser.add_argument("--floor", required=True)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--concurrency", default="1,10,100")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(NGINX):
        print("SKIPPED: nginx is not installed (apt install nginx-light)")
        return 0
    clients = {"concur::http": [args.concur], "libcurl multi (C)": [args.floor]}
    aiohttp_ok = subprocess.run([PYTHON, "-c", "import aiohttp"], capture_output=True).returncode == 0
    if aiohttp_ok:
        clients["aiohttp"] = [PYTHON, os.path.join(HERE, "aiohttp_client.py")]
    elif not args.smoke:
        raise SystemExit("python3-aiohttp is not installed")
    requests = 300 if args.smoke else args.requests
    rounds = 1 if args.smoke else args.rounds
    levels = [int(c) for c in args.concurrency.split(",")]

    work = tempfile.mkdtemp(prefix="concur-http-bench-")
    nginx, base = start_nginx(work)
    try:
        print(f"{requests} requests of {PAGE_BYTES // 1024} KiB pages from nginx on 127.0.0.1 "
              f"(HTTP/1.1 keep-alive), median of {rounds} run(s)")
        print(f"{'concurrency':>11}  {'client':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
        for concurrency in levels:
            runs = {name: [] for name in clients}
            for _ in range(rounds):
                for name, command in clients.items():
                    runs[name].append(run_client(command, base, requests, concurrency))
            best = {}
            for name, results in runs.items():
                results.sort(key=lambda r: r["seconds"])
                median = results[len(results) // 2]
                best[name] = median
                print(f"{concurrency:>11}  {name:<18} {requests / median['seconds']:>9.0f} "
                      f"{median['p50_ms']:>8.3f} {median['p99_ms']:>8.3f}")
            ours = best["concur::http"]["seconds"]
            floor = best["libcurl multi (C)"]["seconds"]
            line = f"{'':>11}  concur::http: {ours / floor:.2f}x the C floor's time"
            if "aiohttp" in best:
                line += f", {best['aiohttp']['seconds'] / ours:.1f}x aiohttp's throughput"
            print(line)
        if args.smoke:
            print("smoke: every client fetched every page")
    finally:
        nginx.send_signal(signal.SIGTERM)
        nginx.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
