"""The composer's language-neutral vectors: current, and reproduced by the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import optout_lib as o
from conftest import CASES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import make_vectors  # noqa: E402

VECTORS = json.loads((CASES / "compose.json").read_text("utf-8"))


def test_committed_vectors_are_current() -> None:
    assert (CASES / "compose.json").read_text("utf-8") == make_vectors.render(), (
        "tests/cases/compose.json is stale: run `bash scripts/regenerate` "
        "and review the diff"
    )


def test_vectors_cover_every_language_and_errors() -> None:
    languages = {c["input"]["language"] for c in VECTORS if "expected" in c}
    assert languages == set(o.languages())
    assert {c["error"] for c in VECTORS if "error" in c} >= {
        "NoObjectionRoute",
        "UnknownArgument",
        "InvalidValue",
        "UnknownLanguage",
        "UnknownCountry",
        "UnknownPlatform",
    }


@pytest.mark.parametrize("case", VECTORS, ids=lambda c: c["description"])
def test_vector(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(getattr(o, case["error"])):
            o.compose_objection(**case["input"])
    else:
        assert o.compose_objection(**case["input"]) == case["expected"]
