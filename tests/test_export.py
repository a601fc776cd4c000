"""The bundle: complete, deterministic, versioned by content."""

from __future__ import annotations

import json
from pathlib import Path

import optout_lib as o
from optout_lib import load_catalogue
from optout_lib.export import (
    BUNDLE_FORMAT,
    build_bundle,
    dump_bundle,
    extension_snapshot,
)


def test_bundle_has_format_version_and_every_record_type() -> None:
    bundle = o.bundle()
    assert bundle["format"] == BUNDLE_FORMAT
    assert len(bundle["data_version"]) == 20
    for key in (
        "platforms",
        "groups",
        "jurisdictions",
        "routes",
        "hints",
        "arguments",
        "regulators",
        "languages",
    ):
        assert bundle[key], key
    ids = [r["id"] for r in bundle["jurisdictions"]]
    assert ids == sorted(ids)


def test_bundle_is_deterministic() -> None:
    assert o.bundle_bytes() == o.bundle_bytes()
    assert json.loads(o.bundle_bytes()) == o.bundle()


def test_arguments_carry_texts_for_every_language() -> None:
    for argument in o.bundle()["arguments"]:
        assert set(argument["texts"]) == set(o.languages())


def test_data_version_follows_content(data_copy: Path) -> None:
    before = build_bundle(load_catalogue(data_copy))["data_version"]
    path = data_copy / "i18n/en/arguments/no-way-back.txt"
    path.write_text(path.read_text("utf-8").replace("reliably", "really"), "utf-8")
    assert build_bundle(load_catalogue(data_copy))["data_version"] != before


def test_extension_snapshot_is_current() -> None:
    snapshot = Path(__file__).resolve().parent.parent / "extension/data/bundle.json"
    expected = dump_bundle(extension_snapshot(o.bundle()))
    assert snapshot.read_bytes() == expected, (
        "extension/data/bundle.json is stale: run `bash scripts/regenerate`"
    )


def test_the_extension_ships_only_the_view_with_the_served_bundles_version() -> None:
    bundle = o.bundle()
    snapshot = extension_snapshot(bundle)
    assert set(snapshot) == {"data_date", "data_version", "format", "view"}
    assert snapshot["data_version"] == bundle["data_version"]
    assert snapshot["view"] is bundle["view"]
