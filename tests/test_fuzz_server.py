"""The hint server's request parsing under hypothesis (issue 16): whatever a request
carries, the answer is never a 5xx, every 4xx is the JSON error body, and nothing
the body or the query string carried reaches the log. tests/test_server.py holds
the named hostile bodies, tests/test_server_http.py runs schemathesis on the
OpenAPI document; this fuzzes what neither reaches: raw bytes, wrong types and
Content-Types, truncated and deep JSON, odd query encodings."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.api import MAX_DEPTH

#: a marker every fuzzed body and query carries; the log must never show it
MARK = "QZXJ7"
#: every GET endpoint, with a path parameter where it takes one
GET_PATHS = [
    "/v1/",
    "/v1/bundle",
    "/v1/bundle.sig",
    "/v1/jurisdictions",
    "/v1/jurisdictions/DE",
    "/v1/routes",
    "/v1/arguments",
    "/v1/arguments/de",
    "/v1/hints/instagram",
    "/v1/openapi.json",
    "/healthz",
]
FUZZ = settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["instagram", "DE", "de", "no-way-back", MARK * 2000])
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["platform", "country", "language", "arguments"])
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)
COMPOSE_LIKE = st.fixed_dictionaries(
    {"platform": SCALARS, "country": SCALARS, "language": SCALARS},
    optional={"arguments": JSON_VALUES, "personal": JSON_VALUES, "name": JSON_VALUES},
)


def _nested(depth: int) -> bytes:
    return ("[" * depth + json.dumps(MARK) + "]" * depth).encode()


def _with_mark(value: Any) -> bytes:
    return json.dumps({"personal": MARK, "x": value}, allow_nan=False).encode()


BODIES = st.one_of(
    st.builds(_with_mark, JSON_VALUES),
    st.builds(
        lambda body: json.dumps({**body, "name": MARK}).encode(),
        COMPOSE_LIKE,
    ),
    st.builds(_nested, st.integers(MAX_DEPTH - 2, MAX_DEPTH + 2) | st.just(5000)),
    # cut anywhere: a truncated body
    st.builds(
        lambda body, cut: body[: max(1, len(body) * cut // 100)],
        st.builds(_with_mark, JSON_VALUES),
        st.integers(0, 99),
    ),
    # lone surrogates as raw (CESU) bytes, invalid UTF-8, anything at all
    st.builds(
        lambda junk: b'{"personal": "' + MARK.encode() + junk + b'"}',
        st.sampled_from([b"\xed\xa0\x80", b"\xff", b"\xc3", b"\x00", b"\\ud800"])
        | st.binary(max_size=20),
    ),
    st.binary(max_size=200).map(lambda b: MARK.encode() + b),
    st.just(b'{"personal": "' + MARK.encode() * 20_000 + b'"}'),  # past 64 KB
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=latin-1",
        "application/problem+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
    ]
)
#: query strings as raw bytes: percent-escapes good and broken, plus signs, NULs,
#: repeated keys, non-ASCII and invalid UTF-8
QUERY_PIECES = st.sampled_from(
    ["platform", "country", "lang", "x", "=", "&", "%", "%ff", "%C3%A9", "%u00e9",
     "%00", "+", ";", "%%", "%E2%80%AE", "é", "\x7f", "a=b=c"]
)  # fmt: skip
QUERIES = st.lists(QUERY_PIECES, max_size=10).map(
    lambda parts: "".join(parts) + f"&q={MARK}"
)


@pytest.fixture
def logged(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> tuple[FlaskClient, pytest.LogCaptureFixture]:
    """The test client, with every logger captured at DEBUG."""
    caplog.set_level(logging.DEBUG)
    return app.test_client(), caplog


def _check(response: Any, log: pytest.LogCaptureFixture) -> None:
    assert response.status_code < 500, response.get_data()[:300]
    if response.status_code >= 400:
        error = response.get_json()["error"]
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]
    assert MARK not in log.text


@FUZZ
@given(body=BODIES, content_type=CONTENT_TYPES)
def test_compose_bodies(
    logged: tuple[FlaskClient, pytest.LogCaptureFixture],
    body: bytes,
    content_type: str,
) -> None:
    client, log = logged
    log.clear()
    headers = {"Content-Type": content_type} if content_type else {}
    _check(client.post("/v1/compose", data=body, headers=headers), log)


@FUZZ
@given(path=st.sampled_from(GET_PATHS), query=QUERIES)
def test_get_query_strings(
    logged: tuple[FlaskClient, pytest.LogCaptureFixture], path: str, query: str
) -> None:
    client, log = logged
    log.clear()
    environ = {
        "QUERY_STRING": query.encode("utf-8", "surrogateescape").decode("latin-1")
    }
    _check(client.get(path, environ_overrides=environ), log)


@FUZZ
@given(path=st.sampled_from(GET_PATHS), body=BODIES, content_type=CONTENT_TYPES)
def test_get_endpoints_ignore_bodies(
    logged: tuple[FlaskClient, pytest.LogCaptureFixture],
    path: str,
    body: bytes,
    content_type: str,
) -> None:
    client, log = logged
    log.clear()
    headers = {"Content-Type": content_type} if content_type else {}
    _check(client.get(path, data=body, headers=headers), log)
