"""Benchmark GET /v1/bundle (200 and 304) on the hint server against nginx serving the
same bytes, in the same run, with wrk at 64 connections.

    python benchmarks/bench_server.py [--seconds 10]

Needs nginx and wrk (Debian: apt-get install nginx-light wrk). Starts both servers on
free loopback ports, warms them up, measures, stops them, and prints a Markdown table
with requests/s, p99 latency and the ratio to nginx.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import optout_lib as o

BIN = Path(sys.executable).parent
NGINX_CONF = """
worker_processes 2;
error_log {prefix}/error.log;
pid {prefix}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type application/json;
    server {{
        listen 127.0.0.1:{port};
        location = /v1/bundle {{ alias {prefix}/bundle.json; etag on; }}
    }}
}}
"""


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str) -> str:
    """Wait until the server answers 200; return its ETag."""
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return str(response.getheader("ETag"))
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answered on port {port}")
        time.sleep(0.1)


def wrk(port: int, seconds: int, etag: str | None = None) -> tuple[float, float, int]:
    """Requests/s, p99 latency in ms, and non-2xx/3xx count from one wrk run."""
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency"]
    if etag:
        command += ["-H", f"If-None-Match: {etag}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}/v1/bundle"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99, int(errors.group(1)) if errors else 0


def main() -> None:
    """Run nginx and the hint server side by side and print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install nginx-light wrk")
    with tempfile.TemporaryDirectory() as prefix:
        os.chmod(prefix, 0o755)
        Path(prefix, "bundle.json").write_bytes(o.bundle_bytes())
        nginx_port, ours_port = free_port(), free_port()
        conf = Path(prefix, "nginx.conf")
        conf.write_text(NGINX_CONF.format(prefix=prefix, port=nginx_port))
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
        ours = subprocess.Popen(
            [str(BIN / "optout"), "serve", "--port", str(ours_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            rows = []
            for name, port in (("nginx", nginx_port), ("optout serve", ours_port)):
                etag = wait_for(port, "/v1/bundle")
                wrk(port, 2)  # warm-up
                rows.append(
                    (name, wrk(port, args.seconds), wrk(port, args.seconds, etag))
                )
        finally:
            for process in (nginx, ours):
                process.terminate()
                process.wait(timeout=15)
    size = len(o.bundle_bytes())
    print(
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; bundle {size / 1000:.0f} KB; wrk -t2 -c64 "
        f"-d{args.seconds}s"
    )
    print()
    print("| server | 200 req/s | 200 p99 | 304 req/s | 304 p99 | errors |")
    print("|---|---|---|---|---|---|")
    for name, (r200, p200, e200), (r304, p304, e304) in rows:
        print(
            f"| {name} | {r200:,.0f} | {p200:.1f} ms | {r304:,.0f} | {p304:.1f} ms "
            f"| {e200 + e304} |"
        )
    (_, (n200, _, _), (n304, _, _)), (_, (o200, _, _), (o304, _, _)) = rows
    print()
    print(f"Ratio to nginx: 200 = {o200 / n200:.2f}x, 304 = {o304 / n304:.2f}x")


if __name__ == "__main__":
    main()
