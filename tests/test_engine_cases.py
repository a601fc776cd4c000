"""The hand-written engine cases (tests/cases/engine/*.json), run against
optout_lib/engine.py; tests/js/engine.test.js runs the same files against
extension/lib/engine.js. They know no data, so a wording change touches none of them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from optout_lib import engine

CASES = Path(__file__).parent / "cases" / "engine"


def _timestamp(value: object) -> dict[str, str] | None:
    parsed = engine.parse_timestamp(value)
    if parsed is None:
        return None
    return {"day": parsed.date().isoformat(), "utc": engine.utc_string(parsed)}


def _render(case: dict[str, Any]) -> str:
    # The extension renders the nodes the case carries; here they must be what the
    # library parses the template into.
    assert engine.parse_template(case["template"]) == case["nodes"]
    return engine.render(case["nodes"], case["values"])


def _ics(seed: str, stamp: str, events: list[dict[str, str]]) -> str:
    moment = engine.parse_timestamp(stamp)
    assert moment is not None
    return engine.ics_calendar(seed, moment, events)


#: function name in the cases -> how to call it with a case's input (and its group)
CALLS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
    "render": lambda i, g: _render(i),
    "parse_template": lambda i, g: engine.parse_template(i["template"]),
    "normalize_text": lambda i, g: engine.normalize_text(i["text"]),
    "found_phrases": lambda i, g: engine.found_phrases(
        i["phrases"], engine.normalize_text(i["text"])
    ),
    "host_in": lambda i, g: engine.host_in(i["host"], i["domains"]),
    "clean_personal": lambda i, g: engine.clean_personal(i["text"]),
    "clean_signature": lambda i, g: engine.clean_signature(i["name"]),
    "text_sha256": lambda i, g: engine.text_sha256(i["text"]),
    "parse_timestamp": lambda i, g: _timestamp(i["value"]),
    "add_days": lambda i, g: engine.add_days(i["day"], i["days"]),
    "format_day": lambda i, g: engine.format_day(i["day"], i["parts"], i["months"]),
    "ics_calendar": lambda i, g: _ics(i["seed"], i["stamp"], i["events"]),
    "check_shape": lambda i, g: engine.check_shape(g["schema"], i["data"], "thing"),
}


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8")):
            for case in group["tests"]:
                name = (
                    f"{path.stem}: {group['description'][:40]}: {case['description']}"
                )
                found.append(pytest.param(group, case, id=name))
    return found


@pytest.mark.parametrize(("group", "case"), _cases())
def test_engine_case(group: dict[str, Any], case: dict[str, Any]) -> None:
    call = CALLS[group["function"]]
    if "error" in case:
        with pytest.raises(engine.InvalidValue) as raised:
            call(case["input"], group)
        assert type(raised.value).__name__ == case["error"]
        assert case["message"] in str(raised.value)
    else:
        assert call(case["input"], group) == case["expected"]


def test_every_function_the_cases_name_is_called_and_every_call_has_cases() -> None:
    named = {
        group["function"]
        for path in CASES.glob("*.json")
        for group in json.loads(path.read_text(encoding="utf-8"))
    }
    assert named == set(CALLS)
