"""The mini view of the extension's operation cases (tests/cases/operations/) stays
true to the real one: its templates are what the library parses them into, it has
only parts the exported view has, each of the same kind, and every function the cases
name is a library operation. tests/js/operations.test.js runs the cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import optout_lib as o
from optout_lib import engine

CASES = Path(__file__).parent / "cases" / "operations"


def _read(name: str) -> Any:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def test_the_mini_views_templates_are_their_parse() -> None:
    mini = _read("mini-view.json")
    texts = [t for a in mini["arguments"] for t in a["texts"].values()]
    texts += [t for kinds in mini["letters"].values() for t in kinds.values()]
    for text in texts:
        assert text["body"] == engine.parse_template(text["template"])


def test_the_mini_view_has_the_real_views_parts_and_shapes() -> None:
    mini, real = _read("mini-view.json"), o.bundle()["view"]
    for key, value in mini.items():
        if key == "description":
            continue
        assert key in real, key
        assert type(value) is type(real[key]), key
    first = next(iter(real["countries"].values()))
    for country in mini["countries"].values():
        assert set(country) == set(first)
    assert set(mini["receipt"]) == set(real["receipt"])


def test_every_case_names_a_library_operation() -> None:
    for group in _read("cases.json"):
        assert callable(getattr(o, group["function"])), group["function"]
