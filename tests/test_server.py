"""The hint server through Flask's test client: endpoints, caching, errors, CORS."""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

import optout_lib as o
from optout_lib import DataError
from server import create_app


def test_index_links_and_versions(client: FlaskClient) -> None:
    body = client.get("/v1/").get_json()
    assert body["api_version"] == "1"
    assert body["data_version"] == o.bundle()["data_version"]
    assert body["links"]["bundle"] == "/v1/bundle"


def test_bundle_is_the_library_export_with_strong_etag(client: FlaskClient) -> None:
    response = client.get("/v1/bundle")
    assert response.status_code == 200
    assert response.data == o.bundle_bytes()
    assert response.headers["ETag"] == f'"{o.bundle()["data_version"]}"'
    assert "max-age" in response.headers["Cache-Control"]
    assert response.headers["Vary"] == "Accept-Encoding"
    assert "Set-Cookie" not in response.headers


def test_bundle_304_on_if_none_match(client: FlaskClient) -> None:
    etag = client.get("/v1/bundle").headers["ETag"]
    response = client.get("/v1/bundle", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert (
        client.get("/v1/bundle", headers={"If-None-Match": '"old"'}).status_code == 200
    )


def test_bundle_gzip_when_asked(client: FlaskClient) -> None:
    response = client.get("/v1/bundle", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == o.bundle_bytes()
    etag = response.headers["ETag"]
    again = client.get("/v1/bundle", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_jurisdictions(client: FlaskClient) -> None:
    items = client.get("/v1/jurisdictions").get_json()["jurisdictions"]
    assert {j["id"] for j in items} >= {"DE", "GB", "US", "BR", "CH"}


def test_one_jurisdiction_with_routes_and_regulators(client: FlaskClient) -> None:
    body = client.get("/v1/jurisdictions/uk").get_json()
    assert body["jurisdiction"]["id"] == "GB"
    assert body["routes"]["instagram"][0]["kind"] == "objection"
    assert body["regulators"]["national"]["id"] == "ico"


def test_routes_filter(client: FlaskClient) -> None:
    routes = client.get("/v1/routes?platform=instagram&country=US").get_json()["routes"]
    assert routes[0]["kind"] == "none"
    assert routes == o.models.to_data(o.routes_for("instagram", "US"))  # type: ignore[attr-defined]


def test_arguments_in_a_language(client: FlaskClient) -> None:
    body = client.get("/v1/arguments?lang=pt-br").get_json()
    assert body["language"] == "pt-BR" and len(body["arguments"]) == len(
        o.arguments("en")
    )


def test_hints(client: FlaskClient) -> None:
    hints = client.get("/v1/hints/facebook").get_json()["hints"]
    assert "facebook.com" in hints["hosts"]


def test_compose_matches_the_library(client: FlaskClient) -> None:
    request = {
        "platform": "facebook",
        "country": "IT",
        "language": "it",
        "arguments": ["loss-of-control"],
        "personal": "Sono fotografa.",
        "name": "Ana",
    }
    response = client.post("/v1/compose", json=request)
    assert response.status_code == 200
    assert response.get_json()["text"] == o.compose_objection(**request)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path, status, code",
    [
        ("/v1/jurisdictions/XX", 404, "unknown_country"),
        ("/v1/hints/myspace", 404, "unknown_platform"),
        ("/v1/arguments?lang=xx", 404, "unknown_language"),
        ("/v1/routes?platform=instagram&email=a@b.c", 400, "unknown_parameter"),
        ("/v1/bundle?x=1", 400, "unknown_parameter"),
        ("/v1/nothing", 404, "not_found"),
    ],
)
def test_errors_are_json(
    client: FlaskClient, path: str, status: int, code: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]


def test_method_not_allowed_is_json(client: FlaskClient) -> None:
    response = client.delete("/v1/bundle")
    assert (
        response.status_code == 405
        and response.get_json()["error"]["code"] == "method_not_allowed"
    )
    assert "GET" in response.headers["Allow"]


def test_compose_schema_errors_name_the_field(client: FlaskClient) -> None:
    body = {
        "platform": "instagram",
        "country": "DE",
        "language": "de",
        "arguments": ["no-way-back", "no-way-back"],
    }
    answer = client.post("/v1/compose", json=body).get_json()["error"]
    assert answer["code"] == "invalid_body" and answer["message"].startswith(
        "arguments"
    )
    body["arguments"] = ["no-such-argument"]
    response = client.post("/v1/compose", json=body)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_argument"


@pytest.mark.parametrize(
    "kwargs, status, code",
    [
        ({"data": "x", "content_type": "text/plain"}, 415, "unsupported_media_type"),
        ({"data": "[1]", "content_type": "application/json"}, 400, "invalid_body"),
        ({"data": "{", "content_type": "application/json"}, 400, "invalid_json"),
        ({"json": {"platform": "instagram"}}, 400, "invalid_body"),
        (
            {
                "json": {
                    "platform": "instagram",
                    "country": "DE",
                    "language": "de",
                    "arguments": [],
                    "email": "a@b.c",
                }
            },
            400,
            "invalid_body",
        ),
        (
            {
                "json": {
                    "platform": "instagram",
                    "country": "US",
                    "language": "en",
                    "arguments": [],
                }
            },
            404,
            "no_objection_route",
        ),
        (
            {
                "json": {
                    "platform": "instagram",
                    "country": "DE",
                    "language": "en",
                    "arguments": "x",
                }
            },
            400,
            "invalid_body",
        ),
        (
            {
                "json": {
                    "platform": "instagram",
                    "country": "DE",
                    "language": "en",
                    "arguments": [],
                    "personal": "x" * 70000,
                }
            },
            413,
            "request_entity_too_large",
        ),
    ],
)
def test_compose_errors(
    client: FlaskClient, kwargs: dict[str, object], status: int, code: str
) -> None:
    response = client.post("/v1/compose", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


_COMPOSE = (
    '{"platform": "instagram", "country": "DE", "language": "de", "arguments": []'
)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        # past Python's own recursion limit
        ('{"x": ' + "[" * 3000 + "]" * 3000 + "}", "invalid_json"),
        ('{"x": ' + "[" * 40 + "]" * 40 + "}", "too_deep"),
        (_COMPOSE + ', "personal": "\\ud800"}', "invalid_text"),
        (_COMPOSE + ', "name": "\\udfff x"}', "invalid_text"),
        (b"\xff\xfe{", "invalid_json"),
    ],
)
def test_hostile_json_is_a_400_not_a_500(
    client: FlaskClient, body: str | bytes, code: str
) -> None:
    response = client.post("/v1/compose", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code


def test_cors_get_is_public_without_credentials(client: FlaskClient) -> None:
    response = client.get("/v1/bundle", headers={"Origin": "https://any.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_post_only_from_configured_origins(client: FlaskClient) -> None:
    body = {"platform": "instagram", "country": "DE", "language": "de", "arguments": []}
    good = client.post(
        "/v1/compose", json=body, headers={"Origin": "https://allowed.example"}
    )
    bad = client.post(
        "/v1/compose", json=body, headers={"Origin": "https://evil.example"}
    )
    assert good.headers["Access-Control-Allow-Origin"] == "https://allowed.example"
    assert "Access-Control-Allow-Origin" not in bad.headers


def test_access_log_has_no_body_query_or_ip(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="optout.access")
    client.post(
        "/v1/compose",
        json={
            "platform": "instagram",
            "country": "DE",
            "language": "de",
            "arguments": [],
            "personal": "SECRET-WORDS",
            "name": "Ana Secret",
        },
    )
    client.get("/v1/routes?platform=instagram&country=DE")
    text = caplog.text
    assert "POST /v1/compose 200" in text and "GET /v1/routes 200" in text
    assert "SECRET" not in text and "country=DE" not in text and "127.0.0.1" not in text


def test_ip_logged_only_when_turned_on(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="optout.access")
    create_app({"TESTING": True, "LOG_IP": True}).test_client().get("/healthz")
    assert "127.0.0.1" in caplog.text


def test_config_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPTOUT_COMPOSE_ORIGINS", '["https://guild.example"]')
    app = create_app({"TESTING": True})
    assert app.config["COMPOSE_ORIGINS"] == ["https://guild.example"]


def _overlay(tmp_path: Path) -> Path:
    overlay = tmp_path / "artists-guild"
    (overlay / "arguments").mkdir(parents=True)
    meta = json.loads(
        (Path(o.__file__).parent / "data/arguments/creative-work.json").read_text(
            "utf-8"
        )
    )
    meta["id"] = "guild-style-theft"
    (overlay / "arguments/guild-style-theft.json").write_text(json.dumps(meta), "utf-8")
    for lang in o.languages():
        folder = overlay / "i18n" / lang / "arguments"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "guild-style-theft.txt").write_text(
            "Style theft\n\nAs a guild member my style is my living.\n", "utf-8"
        )
    return overlay


def test_overlay_adds_records_with_origin(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path)
    client = create_app({"TESTING": True, "OVERLAY_DIR": str(overlay)}).test_client()
    bundle = client.get("/v1/bundle").get_json()
    added = [a for a in bundle["arguments"] if a["id"] == "guild-style-theft"][0]
    assert added["origin"] == "artists-guild"
    assert added["texts"]["de"]["origin"] == "artists-guild"
    untouched = [a for a in bundle["arguments"] if a["id"] == "no-way-back"][0]
    assert "origin" not in untouched
    assert bundle["data_version"] != o.bundle()["data_version"]


def test_broken_overlay_stops_start_up_naming_file_and_field(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path)
    path = overlay / "arguments/guild-style-theft.json"
    meta = json.loads(path.read_text("utf-8"))
    meta["laws"] = ["Magna Carta"]
    path.write_text(json.dumps(meta), "utf-8")
    with pytest.raises(DataError) as info:
        create_app({"TESTING": True, "OVERLAY_DIR": str(overlay)})
    assert f"{overlay}/arguments/guild-style-theft.json /laws/0" in str(info.value)


def test_overlay_missing_text_is_named(tmp_path: Path) -> None:
    overlay = _overlay(tmp_path)
    shutil.rmtree(overlay / "i18n" / "pl")
    with pytest.raises(DataError, match="i18n/pl/arguments/guild-style-theft.txt"):
        create_app({"TESTING": True, "OVERLAY_DIR": [str(overlay)]})


def test_openapi_document_validates(client: FlaskClient) -> None:
    from openapi_spec_validator import validate

    validate(client.get("/v1/openapi.json").get_json())


def test_healthz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_fast_bundle_cors_matches_flask_cors(client: FlaskClient) -> None:
    origin = {"Origin": "https://any.example"}
    via_flask = client.get("/v1/", headers=origin).headers
    via_fast_path = client.get("/v1/bundle", headers=origin).headers
    for name in ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
        assert via_fast_path[name] == via_flask[name], name


def test_bundle_head_and_weak_etag_list(client: FlaskClient) -> None:
    head = client.head("/v1/bundle")
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) == len(o.bundle_bytes())
    etag = head.headers["ETag"]
    listed = client.get("/v1/bundle", headers={"If-None-Match": f'"x", W/{etag}'})
    assert listed.status_code == 304


def test_healthz_refuses_unknown_parameters(client: FlaskClient) -> None:
    response = client.get("/healthz?verbose=1")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "unknown_parameter"


def test_wrong_method_with_parameters_is_405(client: FlaskClient) -> None:
    response = client.open("/v1/routes?platform=instagram", method="TRACE")
    assert response.status_code == 405


def _as_data_schema(node: Any, stem: str) -> Any:
    """A served component's references, pointed back at the data schemas' URNs."""
    if isinstance(node, list):
        return [_as_data_schema(item, stem) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _as_data_schema(value, stem) for key, value in node.items()}
    if "$ref" in result:
        owner, _, rest = (
            result["$ref"].removeprefix("#/components/schemas/").partition("/")
        )
        pointer = f"#/{rest}" if rest else ""
        result["$ref"] = (
            pointer if owner == stem else f"urn:optout:schema:{owner}{pointer}"
        )
    return result


def test_openapi_components_are_the_data_schemas(client: FlaskClient) -> None:
    from optout_lib._data import package_data

    served = client.get("/v1/openapi.json").get_json()["components"]["schemas"]
    for path in (package_data() / "schema").iterdir():
        stem = path.name.removesuffix(".schema.json")
        schema = json.loads(path.read_text("utf-8"))
        restored = {"$id": schema["$id"], **_as_data_schema(served[stem], stem)}
        assert restored == schema, stem


def test_openapi_json_declares_no_record_shape_itself() -> None:
    from importlib.resources import files

    document = json.loads((files("server") / "openapi.json").read_text("utf-8"))
    declared = set(document["components"]["schemas"])
    assert declared == {
        "Error",
        "Evidence",
        "Jurisdiction",
        "Route",
        "Regulator",
        "Argument",
        "Bundle",
        "ComposeRequest",
        "Signature",
    }
