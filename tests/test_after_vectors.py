"""The "after the form" vectors: current, and reproduced by the library."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import CASES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import make_after_vectors  # noqa: E402

VECTORS = json.loads((CASES / "after.json").read_text("utf-8"))


def test_committed_vectors_are_current() -> None:
    assert (CASES / "after.json").read_text("utf-8") == make_after_vectors.render(), (
        "tests/cases/after.json is stale: run `bash scripts/regenerate` "
        "and review the diff"
    )


def test_every_function_has_results_and_errors() -> None:
    results = Counter(c["function"] for c in VECTORS if "error" not in c)
    errors = Counter(c["function"] for c in VECTORS if "error" in c)
    assert set(results) == set(make_after_vectors.CALLS)
    assert set(errors) == set(make_after_vectors.CALLS) - {
        "text_sha256",
        "reminders_ics",
    }
    assert {c["error"] for c in VECTORS if "error" in c} == {
        "InvalidValue",
        "NoObjectionRoute",
        "UnknownCountry",
        "UnknownLanguage",
        "UnknownPlatform",
    }


@pytest.mark.parametrize(
    "case", VECTORS, ids=lambda c: f"{c['function']}: {c['description']}"[:120]
)
def test_vector(case: dict[str, Any]) -> None:
    outcome = make_after_vectors.run(case["function"], case["input"])
    assert outcome == {
        k: v for k, v in case.items() if k not in ("description", "function", "input")
    }
