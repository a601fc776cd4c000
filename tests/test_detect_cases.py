"""The detector engine's hand-written cases (tests/cases/detect/), which the
extension's lib/detect.js must pass too (tests/js/detect.test.js)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from optout_lib.detect import engine

CASES = Path(__file__).parent / "cases" / "detect"
VIEW = json.loads((CASES / "view.json").read_text("utf-8"))["view"]
ALL = [
    case
    for name in ("primitives.json", "engine.json")
    for case in json.loads((CASES / name).read_text("utf-8"))
]


def run(case: dict[str, Any]) -> Any:
    """Run one case's function on its input, as plain data."""
    name, given = case["function"], case["input"]
    if name == "fold":
        return engine.fold(given)
    if name == "tokens":
        return engine.tokens(given)
    if name == "attributeTokens":
        return engine.attribute_tokens(given)
    if name == "findRun":
        return engine.find_run(given[0], given[1])
    if name == "round3":
        return engine.round3(given)
    if name == "traits":
        return engine.traits(given, VIEW)
    assert name == "assign", name
    return [
        {
            "index": a.index,
            "field": a.field,
            "score": a.score,
            "margin": a.margin,
            "confidence": a.confidence,
            "evidence": list(a.evidence),
        }
        for a in engine.assign(given["descriptions"], VIEW, given["language"])
    ]


def test_every_function_has_cases() -> None:
    functions = {c["function"] for c in ALL}
    assert functions == {
        "fold",
        "tokens",
        "attributeTokens",
        "findRun",
        "round3",
        "traits",
        "assign",
    }


@pytest.mark.parametrize("case", ALL, ids=lambda c: c["description"])
def test_case(case: dict[str, Any]) -> None:
    assert run(case) == case["expected"]
