"""Run describe.py on one HTML snippet the way tests/cases/describe/ records it."""

from __future__ import annotations

from typing import Any

from optout_lib.analyze import parse
from optout_lib.detect.describe import Page, describe

#: the submit words the describe cases use (the real ones are data)
SUBMIT = [["send"], ["submit"]]


def described(html: str) -> list[dict[str, Any]]:
    """Every control of the snippet: its group's index and kind, and its description."""
    page = Page(parse(html), SUBMIT)
    kinds = dict(page.controls)
    return [
        {
            "group": i,
            "kind": group.kind,
            "description": describe(page, c, kinds[c], group),
        }
        for i, group in enumerate(page.groups)
        for c in group.controls
    ]
