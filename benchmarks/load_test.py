"""Load test of the hint server, run in CI: wrk at 64 connections for 60 s over the
bundle (gzip, as browsers ask) and the JSON endpoints; fails on any error or when the
server's memory grows.

    python benchmarks/load_test.py [--seconds 60]

Needs wrk (Debian: apt-get install wrk). Prints one Markdown row for
benchmarks/README.md and exits 1 when a request failed or memory was not flat.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_server import BIN, free_port, wait_for

#: Paths a day of extension and API traffic asks for, in turn.
PATHS = [
    "/v1/bundle",
    "/v1/",
    "/v1/jurisdictions/DE",
    "/v1/routes?platform=instagram&country=FR",
    "/v1/arguments?lang=pl",
    "/v1/hints/facebook",
    "/healthz",
]
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
"""
#: Memory may grow this much after warm-up (allocator noise, lazily built caches).
ALLOWED_GROWTH = 1.15
ALLOWED_GROWTH_BYTES = 8 * 1024 * 1024


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) * 1024 if match else 0
    return total


def run_wrk(port: int, seconds: int, script: Path) -> dict[str, float]:
    """One wrk run: requests/s, p99 ms, requests, non-2xx/3xx and socket errors."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c64",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p99": float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit],
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "bad": float(bad.group(1)) if bad else 0.0,
        "socket_errors": float(sum(map(int, sockets.groups()))) if sockets else 0.0,
    }


def main() -> int:
    """Start `optout serve`, warm it up, load it, and judge errors and memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "optout"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "paths.lua"
        script.write_text(LUA % ", ".join(f'"{p}"' for p in PATHS))
        try:
            wait_for(port, "/healthz")
            run_wrk(port, 5, script)  # warm-up: every worker and cache is in use
            time.sleep(1)
            before = tree_rss(server.pid)
            result = run_wrk(port, args.seconds, script)
            time.sleep(1)
            after = tree_rss(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=15)
    growth = after / before
    flat = after <= before * ALLOWED_GROWTH or after - before <= ALLOWED_GROWTH_BYTES
    print(
        f"Machine: {os.cpu_count()} cores; wrk -t2 -c64 -d{args.seconds}s over "
        f"{len(PATHS)} paths (gzip)"
    )
    print("| requests | req/s | p99 | errors | memory before → after |")
    print("|---|---|---|---|---|")
    print(
        f"| {result['requests']:,.0f} | {result['rate']:,.0f} | {result['p99']:.1f} ms "
        f"| {result['bad'] + result['socket_errors']:.0f} | "
        f"{before / 2**20:.1f} → {after / 2**20:.1f} MiB ({growth:.2f}x) |"
    )
    if result["bad"] or result["socket_errors"]:
        print("FAILED: some requests failed", file=sys.stderr)
        return 1
    if not flat:
        print("FAILED: memory grew under load", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
