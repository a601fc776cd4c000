"""Everything the API serves, computed once at start-up from the catalogue."""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from optout_lib import Catalogue, DataError, signing
from optout_lib._data import Problem
from optout_lib.export import build_bundle, dump_bundle

from .openapi import openapi_document


@dataclass(frozen=True)
class Published:
    """The catalogue plus the bundle's bytes, gzip bytes and ETags."""

    catalogue: Catalogue
    bundle: dict[str, Any]
    bundle_bytes: bytes
    bundle_gzip: bytes
    etag: str
    etag_gzip: str
    cache_control: str
    openapi: bytes
    compose_schema: jsonschema.Draft202012Validator
    #: the bundle's signature file (`optout export --sign`), or None when unsigned
    signature: bytes | None

    @classmethod
    def build(cls, catalogue: Catalogue, config: Mapping[str, Any]) -> Published:
        """Serialise and compress the bundle once, so requests only send bytes."""
        bundle = build_bundle(catalogue)
        body = dump_bundle(bundle)
        version = bundle["data_version"]
        document = openapi_document()
        compose_schema = document["components"]["schemas"]["ComposeRequest"]
        signature = _signature_for(config.get("SIGNATURE_FILE"), body, version)
        return cls(
            catalogue=catalogue,
            bundle=bundle,
            bundle_bytes=body,
            # mtime=0 keeps the compressed bytes identical across restarts.
            bundle_gzip=gzip.compress(body, compresslevel=9, mtime=0),
            etag=version,
            etag_gzip=f"{version}-gzip",
            cache_control=str(config["BUNDLE_CACHE_CONTROL"]),
            openapi=json_bytes(document),
            compose_schema=jsonschema.Draft202012Validator(compose_schema),
            signature=signature,
        )


def _signature_for(path: str | None, body: bytes, version: str) -> bytes | None:
    """The signature file's bytes if it signs exactly this bundle; stops start-up
    (DataError naming the file) when it signs other data."""
    if not path:
        return None
    try:
        signature = Path(path).read_bytes()
        record = json.loads(signature)
    except (OSError, ValueError) as exc:
        raise DataError(
            [Problem("signature", str(path), "", f"unreadable: {exc}")]
        ) from exc
    digest = hashlib.sha256(body).hexdigest()
    if not isinstance(record, dict) or (
        record.get("sha256"),
        record.get("data_version"),
    ) != (
        digest,
        version,
    ):
        raise DataError(
            [
                Problem(
                    "signature",
                    str(path),
                    "/sha256",
                    f"signs other data than this server's bundle {version}; re-sign "
                    "with `optout export --sign KEY --out FILE` and the same "
                    "--overlay folders",
                )
            ]
        )
    try:
        signing.check_lifetime(record, time.time())
    except signing.SignatureInvalid as exc:
        raise DataError(
            [Problem("signature", str(path), "/expires", str(exc))]
        ) from exc
    return signature


def json_bytes(value: object) -> bytes:
    """Serialise an API answer (UTF-8, sorted keys, compact)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
