"""The hint server's front page (issue 17): `GET /` in a browser is a short HTML page
made from the published data; JSON clients keep their 404; data stays text."""

from __future__ import annotations

import io
import json
from pathlib import Path

from optout_lib._data import package_data
from optout_lib.cli import main
from server import create_app
from server.front import CONTENT_SECURITY_POLICY

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ROOT = Path(__file__).resolve().parent.parent


def test_a_browser_gets_the_page_with_version_coverage_and_links() -> None:
    app = create_app({"TESTING": True})
    answer = app.test_client().get("/", headers=BROWSER)
    assert answer.status_code == 200
    assert answer.mimetype == "text/html"
    assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "Accept" in answer.headers["Vary"]
    page = answer.get_data(as_text=True)
    bundle = app.extensions["optout"].bundle
    assert bundle["data_version"] in page and bundle["data_date"] in page
    assert "United Kingdom" in page and "Instagram" in page and "Brazilian" in page
    assert 'href="/v1/"' in page and 'href="/v1/openapi.json"' in page
    assert "Advanced" in page and "Hint server address" in page
    # A page without a countries list would still say "countries"; count them instead.
    countries = app.extensions["optout"].catalogue.jurisdictions.values()
    with_route = [j for j in countries if j.objection_route]
    assert f"{len(with_route)} countries with a way to object" in page
    assert "<script" not in page and "style=" not in page


def test_json_clients_get_what_they_got_before() -> None:
    client = create_app({"TESTING": True}).test_client()
    for headers in ({}, {"Accept": "application/json"}, {"Accept": "*/*"}):
        answer = client.get("/", headers=headers)
        assert answer.status_code == 404, headers
        assert answer.json == {
            "error": {
                "code": "not_found",
                "message": "The requested URL was not found on the server. If you "
                "entered the URL manually please check your spelling and try again.",
            }
        }
    # A client that asks for both, preferring JSON, is a JSON client.
    answer = client.get("/", headers={"Accept": "application/json, text/html;q=0.5"})
    assert answer.status_code == 404 and answer.mimetype == "application/json"


def test_the_page_echoes_nothing_from_the_request() -> None:
    client = create_app({"TESTING": True}).test_client()
    plain = client.get("/", headers=BROWSER).data
    odd = client.get(
        "/",
        headers={**BROWSER, "Host": "evil.example", "Referer": "<b>x</b>"},
    ).data
    assert odd == plain and b"evil.example" not in odd


def test_a_data_text_with_markup_stays_text(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay" / "jurisdictions"
    overlay.mkdir(parents=True)
    record = json.loads((package_data() / "jurisdictions" / "GB.json").read_text())
    record["name"]["en"] = "<script>alert(1)</script>Britain & Co"
    (overlay / "GB.json").write_text(json.dumps(record), "utf-8")
    app = create_app({"TESTING": True, "OVERLAY_DIR": str(tmp_path / "overlay")})
    page = app.test_client().get("/", headers=BROWSER).get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Britain &amp; Co" in page


def test_the_static_export_writes_the_same_page(tmp_path: Path) -> None:
    assert main(["export", "--static", str(tmp_path / "site")], out=io.StringIO()) == 0
    served = create_app({"TESTING": True}).test_client().get("/", headers=BROWSER)
    assert (tmp_path / "site" / "index.html").read_bytes() == served.data


def test_nginx_example_sends_the_same_policy() -> None:
    conf = (ROOT / "server" / "nginx.conf.example").read_text()
    assert f'Content-Security-Policy "{CONTENT_SECURITY_POLICY}"' in conf
