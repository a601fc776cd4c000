"""The hint server as the README starts it: a real gunicorn process on a free port,
spoken to over real HTTP, and schemathesis run against its OpenAPI document."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optout_lib as o

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """`optout serve` on a free port; yields the port and its log file."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "optout"), "serve", "--port", str(port), "--workers", "2"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "server did not start in 30 s"
            time.sleep(0.1)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=15)


def _get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_bundle_over_http(live_server: tuple[int, Path]) -> None:
    port, _ = live_server
    status, headers, body = _get(port, "/v1/bundle")
    assert status == 200 and body == o.bundle_bytes()
    status, _, body = _get(port, "/v1/bundle", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_errors_over_http_are_json(live_server: tuple[int, Path]) -> None:
    status, headers, body = _get(live_server[0], "/v1/routes?country=ZZ")
    assert status == 404 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "unknown_country"


def test_compose_over_http_and_nothing_personal_in_logs(
    live_server: tuple[int, Path],
) -> None:
    port, log = live_server
    body = json.dumps(
        {
            "platform": "instagram",
            "country": "DE",
            "language": "de",
            "arguments": [],
            "personal": "PRIVATE-STORY",
            "name": "Secret Name",
        }
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/v1/compose",
            body=body,
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        status, answer = response.status, response.read()
    finally:
        connection.close()
    assert status == 200 and b"PRIVATE-STORY" in answer
    _get(port, "/v1/routes?platform=instagram&country=DE")
    time.sleep(0.3)
    written = log.read_text()
    assert "POST /v1/compose 200" in written
    assert "PRIVATE" not in written and "Secret" not in written
    assert "country=DE" not in written and "127.0.0.1 " not in written.replace(
        f"127.0.0.1:{port}", ""
    )


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        return sock.recv(200)


def test_malformed_requests_leave_no_address_and_paths_forge_no_lines(
    live_server: tuple[int, Path],
) -> None:
    port, log = live_server
    for request in (
        b"GET /v1/\x01bad HTTP/1.1\r\nHost: x\r\n\r\n",  # gunicorn's "Invalid request"
        b"BLAH\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    ):
        assert _raw(port, request).startswith(b"HTTP/1.1 400")
    forged = "/v1/%0aGET%20/v1/forged%20200%201.0ms%1b[31m"
    assert _get(port, forged)[0] == 404
    time.sleep(0.3)
    written = log.read_text()
    assert "Invalid request from [client]" in written
    assert "ip=127.0.0.1" not in written
    assert "\x1b" not in written
    assert not any(line.startswith("GET /v1/forged") for line in written.splitlines())
    assert "GET /v1/\\nGET /v1/forged 200 1.0ms\\x1b[31m 404" in written


def test_schemathesis_finds_no_failures(live_server: tuple[int, Path]) -> None:
    port, _ = live_server
    st = shutil.which("st", path=str(BIN))
    assert st, "schemathesis is not installed (pip install -e '.[test]')"
    done = subprocess.run(
        [
            st,
            "--config-file",
            str(Path(__file__).parent / "schemathesis.toml"),
            "run",
            f"http://127.0.0.1:{port}/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "30",
            "--generation-deterministic",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


#: carried in the headers and bodies below; the server's log must never show it (the
#: request line may be logged, escaped, as the access log shows every path)
_MARK = b"QZXJ7"
_MALFORMED = st.one_of(
    # bad request lines
    st.builds(
        lambda method, target, version: method + b" " + target + b" " + version,
        st.sampled_from([b"GET", b"POST", b"G\x00T", b"\xff", b""]),
        st.sampled_from([b"/v1/", b"*", b"http://x/", b"/\r/", b"/%ff%00"]),
        st.sampled_from([b"HTTP/1.1", b"HTTP/9.9", b"HTTP/1.1 extra", b""]),
    ).map(lambda line: line + b"\r\nHost: x\r\n\r\n"),
    # huge headers, many headers, a header without a colon
    st.integers(1, 3).map(
        lambda k: (
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: "
            + _MARK * (4000 * k)
            + b"\r\n\r\n"
        )
    ),
    st.just(b"GET /healthz HTTP/1.1\r\n" + b"X-" + _MARK + b": 1\r\n" * 200 + b"\r\n"),
    st.just(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + _MARK + b"\r\n\r\n"),
    # invalid chunked bodies
    st.sampled_from(
        [b"zz", b"5\r\nQZXJ7", b"-1", b"ffffffffffffffffff", b"3;x\r\nQZ"]
    ).map(
        lambda chunk: (
            b"POST /v1/compose HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunk
            + b"\r\n"
        )
    ),
    # both lengths, a wrong length
    st.just(
        b"POST /v1/compose HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + _MARK
    ),
    st.binary(max_size=60).map(lambda junk: junk + b"\r\nX: " + _MARK + b"\r\n\r\n"),
)


def _send_raw(port: int, request: bytes) -> bytes:
    """Send bytes, half-close, read what comes back (maybe nothing)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(request)
            sock.shutdown(socket.SHUT_WR)
            return sock.recv(200)
        except OSError:  # the server may close first: that is an answer too
            return b""


@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(request=_MALFORMED)
def test_malformed_raw_requests_keep_the_server_up(
    live_server: tuple[int, Path], request: bytes
) -> None:
    port, log = live_server
    answer = _send_raw(port, request)
    assert not answer.startswith(b"HTTP/1.1 5"), answer
    assert _get(port, "/healthz")[0] == 200
    assert _MARK.decode() not in log.read_text()


def test_front_page_over_http(live_server: tuple[int, Path]) -> None:
    port, _ = live_server
    status, headers, body = _get(port, "/", {"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert b"optout hint server" in body and b'href="/v1/openapi.json"' in body
    status, headers, body = _get(port, "/")
    assert status == 404 and headers["Content-Type"] == "application/json"
