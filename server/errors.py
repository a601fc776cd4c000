"""Every error is JSON: {"error": {"code": "...", "message": "..."}}."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError

from optout_lib import (
    InvalidValue,
    NoObjectionRoute,
    OptoutError,
    UnknownArgument,
    UnknownCountry,
    UnknownLanguage,
    UnknownPlatform,
)

logger = logging.getLogger("optout.errors")

#: library error -> (HTTP status, error code)
LIBRARY_ERRORS: dict[type[OptoutError], tuple[int, str]] = {
    UnknownCountry: (404, "unknown_country"),
    UnknownPlatform: (404, "unknown_platform"),
    UnknownLanguage: (404, "unknown_language"),
    # Both name something that does not exist: an argument, or a route to object.
    UnknownArgument: (404, "unknown_argument"),
    NoObjectionRoute: (404, "no_objection_route"),
    InvalidValue: (400, "invalid_value"),
}


class ApiError(Exception):
    """An error answer raised by a view: status, code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str) -> Response:
    """The JSON error body every 4xx/5xx uses."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def register(app: Flask) -> None:
    """Install the JSON error handlers."""

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(OptoutError)
    def library_error(exc: OptoutError) -> Response:
        for kind in type(exc).__mro__:
            if kind in LIBRARY_ERRORS:
                status, code = LIBRARY_ERRORS[kind]
                return error_response(status, code, str(exc))
        return error_response(400, "bad_request", str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        response = error_response(status, _snake(exc.name), exc.description or exc.name)
        if status == 405 and exc.response is None:
            allowed = getattr(exc, "valid_methods", None)
            if allowed:
                response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        # Log the exception type and traceback only: request data never reaches logs.
        logger.error("unhandled %s", type(exc).__name__, exc_info=exc)
        return error_response(500, "internal_error", InternalServerError.description)
