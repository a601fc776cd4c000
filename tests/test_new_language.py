"""scripts/new_language.py: a scaffolded language is a complete folder `optout check`
accepts, and what a folder already held is kept."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import data_problems
from optout_lib._data import package_data

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import new_language  # noqa: E402


def test_scaffold_from_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(str(package_data()), data)
    locales = tmp_path / "_locales"
    shutil.copytree(ROOT / "extension/_locales/en", locales / "en")
    monkeypatch.setattr(new_language, "I18N", data / "i18n")
    monkeypatch.setattr(new_language, "LOCALES", locales)
    # ru has only the detector's words so far; they must survive.
    before = json.loads((data / "i18n/ru/words.json").read_text("utf-8"))

    new_language.scaffold("ru")

    folder = data / "i18n/ru"
    record = json.loads((folder / "language.json").read_text("utf-8"))
    assert (record["id"], record["name"], record["review"]) == (
        "ru",
        "Русский",
        "machine-drafted",
    )
    words = json.loads((folder / "words.json").read_text("utf-8"))
    for field, lists in before["fields"].items():
        for name, phrases in lists.items():
            assert words["fields"][field][name] == phrases
    assert "accepted" in words["replies"]
    assert {p.name for p in (folder / "letters").iterdir()} == {
        "objection.txt",
        "complaint.txt",
        "third-party.txt",
    }
    assert (locales / "ru/messages.json").is_file()
    assert [str(p) for p in data_problems(data)] == []
    with pytest.raises(SystemExit, match="shipped already"):
        new_language.scaffold("ru")
