"""The /v1 API: thin views over the precomputed Published data."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from flask import Blueprint, Response, current_app, request
from gunicorn.http.errors import ParseException

from optout_lib.compose import compose_objection
from optout_lib.models import to_data

from .errors import ApiError
from .published import Published, json_bytes

API_VERSION = "1"
bp = Blueprint("api", __name__, url_prefix="/v1")

#: endpoint -> query parameters it accepts; anything else is a 400, never ignored.
QUERY_PARAMETERS: dict[str, frozenset[str]] = {
    "api.routes": frozenset({"platform", "country"}),
    "api.arguments": frozenset({"lang"}),
}


def published() -> Published:
    """The data this app serves."""
    return current_app.extensions["optout"]  # type: ignore[no-any-return]


def _json(value: object, status: int = 200) -> Response:
    return Response(json_bytes(value), status=status, mimetype="application/json")


def reject_unknown_parameters() -> None:
    """Refuse query parameters an endpoint does not know, naming them."""
    if request.routing_exception is not None:
        return  # a 404 or 405 says more than a complaint about parameters
    allowed = QUERY_PARAMETERS.get(request.endpoint or "", frozenset())
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        accepted = ", ".join(sorted(allowed)) or "none"
        raise ApiError(
            400,
            "unknown_parameter",
            f"unknown query parameter(s) {', '.join(unknown)}; accepted: {accepted}",
        )


@bp.get("/")
def index() -> Response:
    """API version, data version and links to every resource."""
    bundle = published().bundle
    return _json(
        {
            "api_version": API_VERSION,
            "format": bundle["format"],
            "data_version": bundle["data_version"],
            "generated": bundle["data_date"],
            "links": {
                "bundle": "/v1/bundle",
                "signature": "/v1/bundle.sig",
                "jurisdictions": "/v1/jurisdictions",
                "routes": "/v1/routes",
                "arguments": "/v1/arguments",
                "hints": "/v1/hints/{platform}",
                "compose": "/v1/compose",
                "openapi": "/v1/openapi.json",
                "health": "/healthz",
            },
        }
    )


@bp.get("/bundle.sig")
def bundle_signature() -> Response:
    """The bundle's Ed25519 signature record, when the operator configured one."""
    signature = published().signature
    if signature is None:
        raise ApiError(
            404,
            "not_signed",
            "this server serves no signature; its operator can add one made with "
            "`optout export --sign` (OPTOUT_SIGNATURE_FILE or "
            "`optout serve --signature`)",
        )
    response = Response(signature, mimetype="application/json")
    response.headers["Cache-Control"] = published().cache_control
    return response


@bp.get("/bundle")
def bundle() -> Response:
    """The full export. FastBundle (fast_bundle.py) answers GET and HEAD with ETag,
    304 and gzip before Flask; this route gives the path its 405 and 400 answers."""
    return Response(published().bundle_bytes, mimetype="application/json")


@bp.get("/jurisdictions")
def jurisdictions() -> Response:
    """Every jurisdiction with its law, route and regulator."""
    catalogue = published().catalogue
    return _json({"jurisdictions": to_data(list(catalogue.jurisdictions.values()))})


@bp.get("/jurisdictions/<code>")
def jurisdiction(code: str) -> Response:
    """One jurisdiction with its routes per platform and its regulators."""
    catalogue = published().catalogue
    found = catalogue.country(code)
    return _json(
        {
            "jurisdiction": to_data(found),
            "routes": {
                pid: to_data(catalogue.routes_for(pid, found.id))
                for pid in catalogue.platforms
            },
            "regulators": {
                role: to_data(catalogue.regulators[rid]) if rid else None
                for role, rid in (
                    ("national", found.regulator),
                    ("lead", found.lead_regulator),
                )
            },
        }
    )


@bp.get("/routes")
def routes() -> Response:
    """Routes, filtered by platform and/or country."""
    catalogue = published().catalogue
    platform = request.args.get("platform")
    country = request.args.get("country")
    pid = catalogue.platform(platform).id if platform is not None else None
    group = catalogue.country(country).group if country is not None else None
    found = [
        r
        for r in catalogue.routes.values()
        if (pid is None or pid in r.platforms)
        and (group is None or group in r.groups or "*" in r.groups)
    ]
    found.sort(key=lambda r: (r.kind == "third-party", r.id))
    return _json({"routes": to_data(found)})


@bp.get("/arguments")
def arguments() -> Response:
    """Arguments with title and text in one language (default English)."""
    return _arguments(request.args.get("lang", "en"))


@bp.get("/arguments/<lang>")
def arguments_in(lang: str) -> Response:
    """The same as ?lang=, as a path a static file host can serve."""
    return _arguments(lang)


def _arguments(tag: str) -> Response:
    catalogue = published().catalogue
    lang = catalogue.language(tag)
    return _json(
        {
            "language": lang,
            "arguments": to_data(list(catalogue.arguments[lang].values())),
        }
    )


@bp.get("/hints/<platform>")
def hints(platform: str) -> Response:
    """The page hints (link and field recognition) that describe a platform."""
    return _json({"hints": published().catalogue.hints_for(platform)})


#: deeper JSON than any compose request needs; refused before anything recurses into it
MAX_DEPTH = 16


def _check_plain(body: Any) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH, and strings with lone surrogates
    (valid JSON escapes such as "\\ud800" that no UTF-8 text can hold)."""
    todo = [(body, 1)]
    while todo:
        value, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise ApiError(400, "too_deep", f"the body nests deeper than {MAX_DEPTH}")
        if isinstance(value, dict):
            todo += [(k, depth + 1) for k in value] + [
                (v, depth + 1) for v in value.values()
            ]
        elif isinstance(value, list):
            todo += [(v, depth + 1) for v in value]
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(
                    400,
                    "invalid_text",
                    "a string holds a lone surrogate; send valid Unicode",
                ) from None


def _body() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(
            415, "unsupported_media_type", "send Content-Type: application/json"
        )
    try:
        raw = request.get_data()
    except (ParseException, OSError):
        # gunicorn decodes a chunked body only as it is read, so a broken chunk size
        # or terminator surfaces here: the client's error, not the server's.
        raise ApiError(
            400, "unreadable_body", "the body's encoding is broken"
        ) from None
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's
        raise ApiError(400, "invalid_json", "the body is not valid JSON") from None
    _check_plain(body)
    # The same schema the OpenAPI document publishes, so behaviour matches the spec.
    error = jsonschema.exceptions.best_match(
        published().compose_schema.iter_errors(body)
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        raise ApiError(400, "invalid_body", f"{where}: {error.message}")
    return dict(body)


@bp.post("/compose")
def compose() -> Response:
    """Compose an objection text from JSON; the body is never logged or stored."""
    body = _body()
    text = compose_objection(published().catalogue, **body)
    return _json({"text": text})


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return Response(published().openapi, mimetype="application/json")


def healthz() -> Response:
    """Liveness: the server is up and serving this data version."""
    return _json({"status": "ok", "data_version": published().bundle["data_version"]})
