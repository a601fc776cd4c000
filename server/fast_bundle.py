"""GET /v1/bundle answered in plain WSGI, before Flask's routing.

Millions of extensions revalidate this one resource daily, so it is the hot path:
skipping Flask's request/response objects roughly doubles throughput (see
benchmarks/README.md). Everything else, including errors and other methods on this
path, goes through Flask as usual.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.http import parse_accept_header, parse_etags, quote_etag

from .published import Published

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

access = logging.getLogger("optout.access")

#: The CORS answer for public GET data; a test checks it equals flask-cors' answer.
PUBLIC_CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag"),
]


class FastBundle:
    """WSGI middleware serving the precomputed bundle bytes for GET and HEAD."""

    def __init__(self, app: WSGIApplication, data: Published, log_ip: bool) -> None:
        self.app = app
        self.log_ip = log_ip
        common = [
            ("Content-Type", "application/json"),
            ("Cache-Control", data.cache_control),
            ("Vary", "Accept-Encoding"),
        ]
        self.plain = (data.bundle_bytes, [*common, ("ETag", quote_etag(data.etag))])
        self.gzip = (
            data.bundle_gzip,
            [
                *common,
                ("ETag", quote_etag(data.etag_gzip)),
                ("Content-Encoding", "gzip"),
            ],
        )
        self.etags = (data.etag, data.etag_gzip)
        self.quoted = frozenset(quote_etag(tag) for tag in self.etags)

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        if (
            environ.get("PATH_INFO") != "/v1/bundle"
            or method not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
        ):
            return self.app(environ, start_response)
        started = time.perf_counter()
        accept = environ.get("HTTP_ACCEPT_ENCODING", "")
        body, headers = (
            self.gzip if accept and parse_accept_header(accept)["gzip"] else self.plain
        )
        headers = list(headers)
        if "HTTP_ORIGIN" in environ:
            headers += PUBLIC_CORS
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        # Clients echo the ETag they got, so an exact match is the common case.
        if if_none_match and (
            if_none_match in self.quoted
            or any(parse_etags(if_none_match).contains_weak(t) for t in self.etags)
        ):
            status, body = "304 Not Modified", b""
        else:
            status = "200 OK"
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        self._log(environ, method, status, started)
        return [] if method == "HEAD" else [body]

    def _log(self, environ: Any, method: str, status: str, started: float) -> None:
        client = f" {environ.get('REMOTE_ADDR')}" if self.log_ip else ""
        access.info(
            "%s /v1/bundle %s %.1fms%s",
            method,
            status[:3],
            (time.perf_counter() - started) * 1000,
            client,
        )
