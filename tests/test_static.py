"""Static export (issue 8): `optout export --static DIR` served by a real nginx answers
every read-only /v1/ path with exactly the Flask server's bytes."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from optout_lib import signing
from optout_lib.cli import main
from server import create_app
from server.front import CONTENT_SECURITY_POLICY
from server.static_export import static_urls

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A signed static export: DIR plus the key that signed it."""
    root = tmp_path_factory.mktemp("static")
    assert main(["keygen", str(root / "key")], out=io.StringIO()) == 0
    code = main(
        ["export", "--static", str(root / "site"), "--sign", str(root / "key")],
        out=io.StringIO(),
    )
    assert code == 0
    return root


@pytest.fixture(scope="module")
def nginx(exported: Path) -> Iterator[str]:
    """nginx serving the export with server/nginx.conf.example; yields its base URL."""
    port = _free_port()
    site = (ROOT / "server" / "nginx.conf.example").read_text()
    site = site.replace("listen 8787;", f"listen 127.0.0.1:{port};")
    site = site.replace("/srv/optout-static", str(exported / "site"))
    run = exported / "nginx"
    run.mkdir()
    # One process that never drops privileges, so it reads the test's private folder.
    (run / "nginx.conf").write_text(
        f"daemon off;\nmaster_process off;\npid {run}/nginx.pid;\n"
        f"error_log {run}/error.log;\n"
        "events {}\n"
        f"http {{\n access_log off;\n client_body_temp_path {run};\n"
        f" proxy_temp_path {run};\n fastcgi_temp_path {run};\n"
        f" uwsgi_temp_path {run};\n scgi_temp_path {run};\n{site}\n}}\n"
    )
    proc = subprocess.Popen([NGINX, "-p", str(run), "-c", str(run / "nginx.conf")])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_every_read_only_path_is_exported(exported: Path) -> None:
    files = {
        p.relative_to(exported / "site").as_posix()
        for p in (exported / "site").rglob("*")
        if p.is_file()
    }
    assert {
        "v1/index.json",
        "v1/bundle",
        "v1/bundle.gz",
        "v1/bundle.sig",
        "healthz",
    } <= files
    assert "v1/jurisdictions/index.json" in files and "v1/jurisdictions/AT" in files
    assert "v1/arguments/pt-BR" in files and "v1/hints/instagram" in files
    body = (exported / "site/v1/bundle").read_bytes()
    assert gzip.decompress((exported / "site/v1/bundle.gz").read_bytes()) == body
    key = signing.parse_public_key((exported / "key.pub").read_text())
    assert signing.verify_bundle(
        body, (exported / "site/v1/bundle.sig").read_bytes(), [key]
    )


def test_nginx_answers_exactly_as_the_flask_server(exported: Path, nginx: str) -> None:
    app = create_app(
        {"TESTING": True, "SIGNATURE_FILE": str(exported / "site/v1/bundle.sig")}
    )
    client = app.test_client()
    urls = static_urls(app.extensions["optout"])
    assert len(urls) > 80
    for url in urls:
        with urllib.request.urlopen(nginx + url) as answer:
            assert answer.status == 200, url
            assert answer.headers["Content-Type"].startswith("application/json"), url
            assert answer.headers["Access-Control-Allow-Origin"] == "*", url
            assert answer.read() == client.get(url).data, url
    # Pre-compressed bundle for clients that accept gzip, as the Flask server does.
    request = urllib.request.Request(
        nginx + "/v1/bundle", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(answer.read()))["format"] == 2


def test_static_needs_the_package_data_and_a_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--data-dir",
            str(ROOT / "optout_lib/data"),
            "export",
            "--static",
            str(tmp_path / "x"),
        ],
        out=io.StringIO(),
    )
    assert (
        code == 2 and "--static exports the package's data" in capsys.readouterr().err
    )


def test_static_refuses_a_folder_it_did_not_write_and_replaces_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "home"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work", "utf-8")
    code = main(["export", "--static", str(mine)], out=io.StringIO())
    assert code == 2 and "is not empty" in capsys.readouterr().err
    assert (mine / "thesis.txt").read_text("utf-8") == "years of work"
    site = tmp_path / "site"
    assert main(["export", "--static", str(site)], out=io.StringIO()) == 0
    (site / "v1" / "stale").write_text("from last time", "utf-8")
    assert main(["export", "--static", str(site)], out=io.StringIO()) == 0
    assert not (site / "v1" / "stale").exists() and (site / "v1" / "bundle").is_file()
    # no half-built or old copies left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "site"]


def test_nginx_serves_the_front_page_to_browsers_only(
    exported: Path, nginx: str
) -> None:
    browser = urllib.request.Request(nginx + "/", headers={"Accept": "text/html"})
    with urllib.request.urlopen(browser) as answer:
        assert answer.headers["Content-Type"].startswith("text/html")
        assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert answer.read() == (exported / "site" / "index.html").read_bytes()
    api = urllib.request.Request(nginx + "/", headers={"Accept": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(api)
    assert refused.value.code == 404
    refused.value.close()
