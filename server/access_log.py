"""The access log: method, path, status and time only; never bodies or queries."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

logger = logging.getLogger("optout.access")


def printable(text: str) -> str:
    """Text safe for one log line: control characters (newlines, ANSI escapes) and
    backslashes written as escapes, so a request path cannot forge or colour lines."""
    return "".join(
        c
        if c.isprintable() and c != "\\"
        else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def register(app: Flask) -> None:
    """Log one line per request, without personal data."""

    @app.before_request
    def start_timer() -> None:
        g.optout_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        elapsed = time.perf_counter() - g.get("optout_started", time.perf_counter())
        # request.path has no query string; bodies are never read here. The client
        # address is personal data and appears only if the operator turns it on.
        client = f" {request.remote_addr}" if app.config["LOG_IP"] else ""
        logger.info(
            "%s %s %s %.1fms%s",
            printable(request.method),
            printable(request.path),
            response.status_code,
            elapsed * 1000,
            client,
        )
        return response
