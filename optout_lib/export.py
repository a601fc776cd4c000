"""The bundle: one deterministic, versioned export of all data for the server and
the extension."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ._data import BASE_ORIGIN, RECORD_DIRS
from .catalogue import Catalogue
from .view import build_view

#: Bumped on any change to the bundle's shape that old readers cannot handle.
BUNDLE_FORMAT = 2
#: record kinds the bundle carries only compiled, in `view`: the detector's words and
#: weights and CLDR's country names (the library reads the records themselves)
_VIEW_ONLY = frozenset({"countries", "field", "detector"})


def _canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def _with_origin(record: dict[str, Any], origin: str) -> dict[str, Any]:
    # Records from a self-hoster's overlay say so; the maintainers' records carry no
    # origin field, so the public bundle is unchanged by this feature.
    return record if origin == BASE_ORIGIN else {**record, "origin": origin}


def build_bundle(catalogue: Catalogue) -> dict[str, Any]:
    """Build the bundle dict: every record, sorted by id, plus format and version."""
    raw = catalogue.raw
    content: dict[str, Any] = {}
    for kind, folder in RECORD_DIRS.items():
        if kind in _VIEW_ONLY:
            continue
        records = [
            _with_origin(raw.records[kind][rid], raw.origins[(kind, rid)])
            for rid in sorted(raw.records[kind])
        ]
        if kind == "argument":
            records = [
                {
                    **rec,
                    "texts": {
                        lang: _with_origin(
                            {"title": texts[rec["id"]][0], "text": texts[rec["id"]][1]},
                            raw.text_origins[(lang, rec["id"])],
                        )
                        for lang, texts in sorted(raw.texts.items())
                    },
                }
                for rec in records
            ]
        content[folder] = records
    # Computed once here, so the extension interprets data and never compiles it.
    content["view"] = build_view(catalogue)
    dates = [
        r["last_verified"] for records in raw.records.values() for r in records.values()
    ]
    content["data_date"] = max(dates)
    content["format"] = BUNDLE_FORMAT
    # A hash of the content, not a timestamp: the same data always exports the same
    # bytes, and the hash doubles as the HTTP ETag.
    content["data_version"] = hashlib.sha256(_canonical(content)).hexdigest()[:20]
    return content


def extension_snapshot(bundle: dict[str, Any]) -> dict[str, Any]:
    """What the extension ships as its first data: the view and the version fields.

    The raw records stay in the served bundle for other readers; the extension reads
    only the view. `data_version` is the full bundle's, so the first refresh sends
    the server an ETag it knows."""
    return {key: bundle[key] for key in ("data_date", "data_version", "format", "view")}


def dump_bundle(bundle: dict[str, Any]) -> bytes:
    """Serialise a bundle the one way it is stored and served (UTF-8, sorted keys,
    no white space between tokens: the extension reads at most 5 MB of it)."""
    return _canonical(bundle) + b"\n"
