"""The whole read-only /v1/ API as files, for nginx, an object store or a CDN.

Every file is the Flask app's own answer to the same GET, so a static host serves
exactly what the server would. Only POST /v1/compose has no static form (the
extension composes locally anyway). A path that is also a folder (`/v1/`,
`/v1/jurisdictions`, `/v1/arguments`) is written as `<path>/index.json`; serve with
`try_files $uri $uri/index.json` (see server/nginx.conf.example). The browser's
front page (`GET /` asking for HTML) is written as `index.html`.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from optout_lib.errors import InvalidValue

from . import create_app
from .published import Published


def static_urls(published: Published) -> list[str]:
    """Every GET path the static export answers, in a stable order."""
    catalogue = published.catalogue
    urls = ["/healthz", "/v1/", "/v1/bundle", "/v1/openapi.json", "/v1/routes"]
    if published.signature is not None:
        urls.append("/v1/bundle.sig")
    urls.append("/v1/jurisdictions")
    urls += [f"/v1/jurisdictions/{code}" for code in catalogue.jurisdictions]
    urls.append("/v1/arguments")
    urls += [f"/v1/arguments/{lang}" for lang in catalogue.arguments]
    urls += [f"/v1/hints/{pid}" for pid in catalogue.platforms]
    return urls


def _file_for(url: str, urls: list[str]) -> str:
    path = url.strip("/")
    is_folder = url.endswith("/") or any(u.startswith(url + "/") for u in urls)
    return f"{path}/index.json" if is_folder else path


#: the file that marks a folder as an earlier export, which a new export may replace
MARKER = ".optout-static"


def export_static(target: Path, config: Mapping[str, Any] | None = None) -> list[Path]:
    """Write every static answer under `target`, replacing an earlier export there;
    returns the files written. The bundle also gets a `.gz` twin for `gzip_static`.

    A folder that holds anything but an earlier export is refused (never deleted),
    and the new export is built beside it and swapped in whole, so a web server
    never serves half of one."""
    if target.is_symlink() or target.is_file():
        raise InvalidValue(f"{target} is not a folder; choose a new or empty folder")
    if target.exists() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InvalidValue(
            f"{target} is not empty and holds no earlier export ({MARKER}); "
            "choose a new or empty folder"
        )
    app = create_app({"TESTING": True, **(config or {})})
    published: Published = app.extensions["optout"]
    client = app.test_client()
    urls = static_urls(published)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".optout-static-", dir=target.parent))
    try:
        names = []
        for url in urls:
            answer = client.get(url)
            if answer.status_code != 200:  # a bug here, never a partial export
                raise RuntimeError(f"GET {url} answered {answer.status_code}")
            name = _file_for(url, urls)
            (building / name).parent.mkdir(parents=True, exist_ok=True)
            (building / name).write_bytes(answer.data)
            names.append(name)
        front = client.get("/", headers={"Accept": "text/html"})
        (building / "index.html").write_bytes(front.data)
        names.append("index.html")
        bundle = (building / "v1" / "bundle").read_bytes()
        (building / "v1" / "bundle.gz").write_bytes(
            gzip.compress(bundle, compresslevel=9, mtime=0)
        )
        names.append("v1/bundle.gz")
        (building / MARKER).write_text("written by optout export --static\n", "utf-8")
        _swap_in(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return [target / name for name in names]


def _swap_in(built: Path, target: Path) -> None:
    """Put the built folder at `target`, moving an earlier export out of the way."""
    if not target.exists():
        built.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=".optout-static-old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    built.rename(target)
    shutil.rmtree(old)
