#!/usr/bin/env python3
"""Editor latency: concur-lsp against clangd-19 on the same file and compile database.

    bench/lsp/run.py [--file F] [--compile-commands-dir D] [--edits N] [--concur-lsp BIN]
                     [--clangd BIN] [--debounce-ms MS]

Starts each server on stdio the way an editor does, opens the file (didOpen) and waits for its
diagnostics, then makes N edits (didChange: a comment line added at the end, the preamble
unchanged) one after another, each time timing didChange -> the next publishDiagnostics for the
file. The two servers alternate edit by edit (paired: a busy moment slows both), and the
medians are printed with their ratio. Background indexing is off for both: it competes with the
edit being timed. concur-lsp runs with its default debounce (50 ms) and with --debounce-ms
(default 150, its default before the preamble was reused).

Defaults: the bundled examples/threads/stats.cpp (its compile_flags.txt). Real code: e.g.
--file build-real/redis/src/networking.c --compile-commands-dir build-real/redis.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import queue

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


class Server:
    """One language server on stdio: requests, notifications, and the diagnostics it publishes."""

    def __init__(self, name, command, root):
        self.name = name
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=root)
        self.next_id = 1
        self.diagnostics = queue.Queue()
        self.responses = {}
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root,
                                    "capabilities": {"textDocument": {"publishDiagnostics": {}}}})
        self.notify("initialized", {})

    def _send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self):
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(stream.read(length))
            if message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics.put((time.monotonic(), message["params"]))
            elif "id" in message and "method" not in message:
                with self.cond:
                    self.responses[message["id"]] = message
                    self.cond.notify_all()
            elif "id" in message:  # a request from the server (workDoneProgress/create, ...)
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def request(self, method, params, timeout=120):
        rid = self.next_id
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        with self.cond:
            if not self.cond.wait_for(lambda: rid in self.responses, timeout):
                raise TimeoutError(f"{self.name}: no answer to {method}")
            return self.responses.pop(rid)

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, after, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no diagnostics for {uri}")
            when, params = self.diagnostics.get(timeout=left)
            if params["uri"] == uri and when >= after:
                return when

    def close(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", default=os.path.join(REPO, "examples", "threads", "stats.cpp"))
    ap.add_argument("--compile-commands-dir", default=None)
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--concur-lsp", default=os.path.join(REPO, "build", "bin", "concur-lsp"))
    ap.add_argument("--clangd", default=shutil.which("clangd-19") or "clangd-19")
    ap.add_argument("--debounce-ms", type=int, default=150)
    args = ap.parse_args()

    path = os.path.abspath(args.file)
    root = os.path.abspath(args.compile_commands_dir or os.path.dirname(path))
    text = open(path, encoding="utf-8", errors="replace").read()
    uri = "file://" + path
    language = "c" if path.endswith(".c") else "cpp"
    db = ["--compile-commands-dir=" + root] if args.compile_commands_dir else []
    concur_db = ["-p", root] if args.compile_commands_dir else []
    servers = {
        "clangd-19": [args.clangd, "--background-index=false", "--log=error", *db],
        "concur-lsp": [args.concur_lsp, "--background-index=false", *concur_db],
        f"concur-lsp --debounce-ms={args.debounce_ms}": [args.concur_lsp, "--background-index=false",
                                                         f"--debounce-ms={args.debounce_ms}", *concur_db],
    }
    print(f"file: {path}\nedits: {args.edits} per server, alternating; load average before: "
          f"{os.getloadavg()[0]:.2f}")
    running = {name: Server(name, cmd, root) for name, cmd in servers.items()}
    opened, edits = {}, {name: [] for name in running}
    try:
        for name, server in running.items():
            start = time.monotonic()
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": language, "version": 1, "text": text}})
            opened[name] = server.wait_diagnostics(uri, start) - start
        for n in range(args.edits):
            for name, server in running.items():
                start = time.monotonic()
                server.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": n + 2},
                    "contentChanges": [{"text": text + f"\n// edit {n}\n"}]})
                edits[name].append(server.wait_diagnostics(uri, start) - start)
    finally:
        for server in running.values():
            server.close()
    base = statistics.median(edits["clangd-19"])
    print(f"{'server':40} {'didOpen':>10} {'edit (median)':>14} {'min':>8} {'max':>8}  vs clangd")
    for name in running:
        m = statistics.median(edits[name])
        print(f"{name:40} {opened[name]*1e3:8.0f}ms {m*1e3:12.0f}ms {min(edits[name])*1e3:6.0f}ms "
              f"{max(edits[name])*1e3:6.0f}ms  {m / base:5.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("goal (issue 26): after an edit, within 1.2x of clangd")


if __name__ == "__main__":
    sys.exit(main())
