"""The whole read-only /v1/ API as files, for nginx, an object store or a CDN.

Every file is the Flask app's own answer to the same GET, so a static host serves
exactly what the server would. Only POST /v1/compose has no static form (the
extension composes locally anyway). A path that is also a folder (`/v1/`,
`/v1/jurisdictions`, `/v1/arguments`) is written as `<path>/index.json`; serve with
`try_files $uri $uri/index.json` (see server/nginx.conf.example).
"""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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


def export_static(target: Path, config: Mapping[str, Any] | None = None) -> list[Path]:
    """Write every static answer under `target` (replacing what is there); returns
    the files written. The bundle also gets a `.gz` twin for `gzip_static`."""
    app = create_app({"TESTING": True, **(config or {})})
    published: Published = app.extensions["optout"]
    client = app.test_client()
    urls = static_urls(published)
    if target.exists():
        shutil.rmtree(target)
    written = []
    for url in urls:
        answer = client.get(url)
        if answer.status_code != 200:  # a bug here, never a partial export
            raise RuntimeError(f"GET {url} answered {answer.status_code}")
        path = target / _file_for(url, urls)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(answer.data)
        written.append(path)
    bundle = target / "v1" / "bundle"
    twin = bundle.with_name("bundle.gz")
    twin.write_bytes(gzip.compress(bundle.read_bytes(), compresslevel=9, mtime=0))
    written.append(twin)
    return written
