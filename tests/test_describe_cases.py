"""describe.py on the hand-checked HTML snippets of tests/cases/describe/, which
the extension's describe.js must read the same way in Chromium and Firefox
(tests/e2e/describe.test.mjs, tests/e2e/firefox.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from describe_cases import described

CASES = json.loads(
    (Path(__file__).parent / "cases" / "describe" / "cases.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["description"])
def test_case(case: dict[str, Any]) -> None:
    assert described(case["html"]) == case["expected"]
