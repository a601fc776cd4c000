"""The texts people read in every language: texts.json, its checks and its round trip
(scripts/texts.py todo / merge)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import data_problems
from optout_lib._checks import CHECKS
from optout_lib._data import Problem, read_data, source_hash
from optout_lib._texts import person_facing

SCRIPT = Path(__file__).parent.parent / "scripts" / "texts.py"
TITLE = "/title"  # of routes/instagram-objection-2025.json


def _script(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _english_title(data: Path) -> str:
    route = json.loads((data / "routes/instagram-objection-2025.json").read_text())
    title: str = route["title"]["en"]
    return title


def _write_texts(data: Path, lang: str, entries: dict[str, Any]) -> None:
    path = data / "i18n" / lang / "texts.json"
    stored = json.loads(path.read_text()) if path.exists() else {"texts": {}}
    stored["review"] = "machine-drafted"
    stored["texts"].setdefault("routes", {})["instagram-objection-2025"] = entries
    path.write_text(json.dumps(stored, ensure_ascii=False))


def _missing(data: Path, lang: str) -> list[Problem]:
    raw, _ = read_data(data)
    return [
        p
        for p in CHECKS["texts-complete"].run(raw)
        if p.file == f"i18n/{lang}/texts.json"
    ]


def test_a_translation_sits_beside_its_english(data_copy: Path) -> None:
    english = _english_title(data_copy)
    _write_texts(
        data_copy, "mt", {TITLE: {"text": "Oġġezzjoni", "from": source_hash(english)}}
    )
    raw, problems = read_data(data_copy)
    assert [str(p) for p in problems] == []
    title = raw.records["route"]["instagram-objection-2025"]["title"]
    assert title["mt"] == "Oġġezzjoni" and title["en"] == english


def test_a_translation_of_changed_english_is_named_out_of_date(
    data_copy: Path,
) -> None:
    _write_texts(data_copy, "mt", {TITLE: {"text": "Qadim", "from": "0" * 12}})
    problem = next(p for p in data_problems(data_copy) if p.check == "texts-current")
    assert problem.file == "i18n/mt/texts.json"
    assert problem.field == "/texts/routes/instagram-objection-2025/title"
    assert "English text changed" in problem.message


def test_a_pointer_to_no_english_text_is_refused(data_copy: Path) -> None:
    _write_texts(data_copy, "mt", {"/steps/99/text": {"text": "x", "from": "0" * 12}})
    problem = next(p for p in data_problems(data_copy) if p.check == "texts-current")
    assert problem.field == "/texts/routes/instagram-objection-2025/steps/99/text"
    assert "no English text at /steps/99/text" in problem.message


def test_a_broken_texts_file_names_its_field(data_copy: Path) -> None:
    _write_texts(data_copy, "mt", {TITLE: {"text": "", "from": "nothex"}})
    problems = [p for p in data_problems(data_copy) if p.check == "schema"]
    assert {p.file for p in problems} == {"i18n/mt/texts.json"}
    assert any(p.field.endswith("/from") for p in problems)


def test_notes_for_contributors_are_not_person_facing(data_copy: Path) -> None:
    raw, _ = read_data(data_copy)
    pointers = {(t.folder, t.pointer) for t in person_facing(raw)}
    assert ("routes", TITLE) in pointers
    assert not any(pointer == "/notes" for _, pointer in pointers)


def test_a_text_needs_the_languages_of_the_countries_it_is_shown_in(
    data_copy: Path,
) -> None:
    raw, _ = read_data(data_copy)
    shipped = set(raw.records["language"])
    texts = {(t.folder, t.record_id, t.pointer): t for t in person_facing(raw)}
    # Where people can object, they read optout in whichever language their browser
    # speaks: Brazil's route in every shipped language, not only pt-BR.
    assert set(texts[("routes", "instagram-objection-br", TITLE)].needed) == shipped
    # And so where there is no route: a German speaker in the US reads it in German.
    assert set(texts[("routes", "no-route", TITLE)].needed) == shipped


def test_removing_a_translation_fails_the_check_with_file_and_field(
    data_copy: Path,
) -> None:
    texts = data_copy / "i18n" / "de" / "texts.json"
    stored = json.loads(texts.read_text())
    stored["texts"]["routes"]["instagram-objection-2025"].pop(TITLE)
    texts.write_text(json.dumps(stored, ensure_ascii=False))
    (problem,) = [
        p for p in _missing(data_copy, "de") if p.field.endswith("2025/title")
    ]
    assert problem.field == "/texts/routes/instagram-objection-2025/title"
    assert (
        "shown in" in problem.message and "scripts/texts.py todo de" in problem.message
    )


def test_todo_then_merge_makes_the_language_complete(data_copy: Path) -> None:
    texts = data_copy / "i18n" / "mt" / "texts.json"
    texts.unlink()
    assert _missing(data_copy, "mt")
    listed = _script(data_copy, "todo", "mt")
    assert listed.returncode == 0, listed.stderr
    todo = json.loads(listed.stdout)
    for by_id in todo.values():
        for entries in by_id.values():
            for entry in entries.values():
                entry["text"] = f"MT {entry['en']}"
    filled = data_copy.parent / "filled.json"
    filled.write_text(json.dumps(todo, ensure_ascii=False))
    merged = _script(data_copy, "merge", "mt", str(filled))
    assert merged.returncode == 0, merged.stderr
    assert _missing(data_copy, "mt") == []
    assert json.loads(_script(data_copy, "todo", "mt").stdout) == {}
    assert json.loads(texts.read_text())["review"] == "machine-drafted"


def test_merge_refuses_lost_placeholders_and_changed_english(data_copy: Path) -> None:
    route = data_copy / "routes/instagram-objection-2025.json"
    record = json.loads(route.read_text())
    record["summary"]["en"] = "Object on {platform}."
    route.write_text(json.dumps(record, ensure_ascii=False))
    filled = data_copy.parent / "filled.json"
    entries = {
        TITLE: {"en": _english_title(data_copy) + " (old)", "text": "Oġġezzjoni"},
        "/summary": {"en": "Object on {platform}.", "text": "Oġġezzjoni."},
    }
    filled.write_text(json.dumps({"routes": {"instagram-objection-2025": entries}}))
    merged = _script(data_copy, "merge", "mt", str(filled))
    assert merged.returncode == 1
    assert "instagram-objection-2025/title: the English changed" in merged.stderr
    assert "/summary: keep the placeholders of the English" in merged.stderr


def _cited(data: Path) -> list[Problem]:
    raw, _ = read_data(data)
    return list(CHECKS["law-cited-where-it-applies"].run(raw))


def _set_english(path: Path, pointer: list[Any], english: str) -> None:
    record = json.loads(path.read_text())
    node = record
    for key in pointer:
        node = node[key]
    node.clear()  # its translations translated the old English
    node["en"] = english
    path.write_text(json.dumps(record, ensure_ascii=False))


def test_a_gdpr_citation_shown_in_the_uk_is_refused(data_copy: Path) -> None:
    assert _cited(data_copy) == []
    _set_english(
        data_copy / "replies/rejected.json",
        ["next_steps", 1],
        "Reply once: an objection under Art. 21 GDPR must be honoured.",
    )
    (problem,) = _cited(data_copy)
    assert (problem.file, problem.field) == (
        "replies/rejected.json",
        "/next_steps/1/en",
    )
    assert "'GDPR' (eu-eea)" in problem.message and "br, ch, gb" in problem.message


def test_a_citation_of_the_law_that_applies_is_fine(data_copy: Path) -> None:
    # ICO's advice, shown in the UK only, may cite the UK GDPR: "GDPR" inside it is
    # not read as the EU's law.
    _set_english(
        data_copy / "regulators/ico.json",
        ["what_to_attach", 0],
        "Meta's answer to your objection under Article 21 UK GDPR.",
    )
    assert _cited(data_copy) == []


def test_an_inflected_name_of_a_law_is_recognised(data_copy: Path) -> None:
    _set_english(
        data_copy / "lint/own-situation.json",
        ["suggestion"],
        "Nimeä yleisen tietosuoja-asetuksen 21 artikla.",
    )
    (problem,) = _cited(data_copy)
    assert "'tietosuoja-asetu'" in problem.message
