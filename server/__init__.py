"""The optout hint server: optout_lib's knowledge as a versioned JSON API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_cors import CORS

from optout_lib import load_catalogue

from . import access_log, api, errors, front
from .fast_bundle import FastBundle
from .published import Published


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then OPTOUT_* environment, then test_config."""
    app = Flask(__name__)
    app.config.from_mapping(
        # Folder(s) whose records add to or replace the embedded data (self-hosters).
        OVERLAY_DIR=[],
        # Origins allowed to POST /v1/compose from a browser; GET is public data.
        COMPOSE_ORIGINS=[],
        # IP addresses are personal data: logged only when the operator opts in.
        LOG_IP=False,
        # A compose request is a few KB; anything bigger is refused with 413.
        MAX_CONTENT_LENGTH=64 * 1024,
        # Browsers refresh daily; shared caches may serve a day-old copy while
        # revalidating, and keep serving it for a week if this server is down.
        # The bundle's signature file, made offline by `optout export --sign`; served
        # at /v1/bundle.sig. The private key never needs to be on this server.
        SIGNATURE_FILE=None,
        BUNDLE_CACHE_CONTROL=(
            "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=604800"
        ),
    )
    app.config.from_prefixed_env("OPTOUT")
    if test_config:
        app.config.from_mapping(test_config)
    overlays = app.config["OVERLAY_DIR"]
    if isinstance(overlays, str):  # OPTOUT_OVERLAY_DIR=/srv/overlay (plain path)
        overlays = [overlays]
    catalogue = load_catalogue(overlays=overlays)
    published = Published.build(catalogue, app.config)
    app.extensions["optout"] = published

    CORS(
        app,
        resources={
            r"/v1/compose": {
                "origins": list(app.config["COMPOSE_ORIGINS"]),
                "methods": ["POST"],
            },
            # Public data: a literal "*" (no credentials ever), not the echoed origin.
            r"/v1/*": {
                "origins": "*",
                "methods": ["GET", "HEAD"],
                "send_wildcard": True,
            },
            r"/healthz": {
                "origins": "*",
                "methods": ["GET", "HEAD"],
                "send_wildcard": True,
            },
        },
        supports_credentials=False,
        allow_headers=["Content-Type", "If-None-Match"],
        expose_headers=["ETag"],
        max_age=86400,
    )
    errors.register(app)
    access_log.register(app)
    app.before_request(api.reject_unknown_parameters)
    app.register_blueprint(api.bp)
    app.add_url_rule("/healthz", "healthz", api.healthz)
    app.add_url_rule("/", "front", front.front_page)
    app.wsgi_app = FastBundle(app.wsgi_app, published, app.config["LOG_IP"])  # type: ignore[method-assign]
    return app
