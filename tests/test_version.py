"""One version: the package metadata, `optout_lib.__version__` and the extension's."""

from __future__ import annotations

import json
import tomllib
from importlib.metadata import version
from pathlib import Path

import optout_lib

ROOT = Path(__file__).resolve().parent.parent


def test_version_comes_from_package_metadata() -> None:
    assert optout_lib.__version__ == version("optout")


def test_pyproject_version_is_the_installed_one() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["version"] == optout_lib.__version__


def test_extension_manifest_has_the_package_version() -> None:
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == optout_lib.__version__
