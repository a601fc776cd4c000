"""Run the hint server under gunicorn (the production WSGI server)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask
from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from . import create_app


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn serving an app built before forking, so data errors stop start-up."""

    def __init__(self, app: Flask, options: Mapping[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


#: what gunicorn's own messages may carry of a client: `ip=…` (IPv4 or IPv6), or a
#: bare IPv4 address
_CLIENT = re.compile(r"ip=[^\s:]*(?::+[0-9a-f]+)*|\b\d{1,3}(?:\.\d{1,3}){3}\b")


#: the detail gunicorn quotes after the kind of a malformed request's error
_QUOTED = re.compile(r"^(Invalid request from \[client\]: [^:]*): .*$", re.DOTALL)


def _without_clients(record: logging.LogRecord) -> bool:
    # gunicorn writes "Invalid request from ip=203.0.113.9: …" on malformed requests;
    # the address is personal data and goes unless the operator turned LOG_IP on.
    # After the error's kind it quotes the request ("Invalid HTTP Header:
    # 'Cookie: …'"): that is what the request carried, so it goes too.
    message = _CLIENT.sub("[client]", record.getMessage())
    record.msg = _QUOTED.sub(r"\1", message)
    record.args = ()
    return True


class _PrivateLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger, with client addresses taken out of its error log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(_without_clients)


def serve(
    host: str = "127.0.0.1",
    port: int = 8787,
    overlays: Sequence[str] = (),
    workers: int = 2,
    threads: int = 4,
    signature: str | None = None,
) -> None:
    """Build the app (failing loudly on bad data), then serve it until stopped."""
    config: dict[str, Any] = {}
    if overlays:
        config["OVERLAY_DIR"] = list(overlays)
    if signature:
        config["SIGNATURE_FILE"] = signature
    app = create_app(config or None)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            # Threads give keep-alive connections; the views only copy bytes.
            "worker_class": "gthread",
            "threads": threads,
            # gunicorn's own access log would print query strings: ours does not.
            "accesslog": None,
            "errorlog": "-",
            **({} if app.config["LOG_IP"] else {"logger_class": _PrivateLogger}),
        },
    ).run()
