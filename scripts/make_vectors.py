"""Write tests/cases/compose.json: composer test vectors generated from optout_lib.

Run after changing composer texts:  python scripts/make_vectors.py
The Python suite checks the committed file is current; the extension's tests run the
same cases against its JavaScript composer, so both produce identical text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from optout_lib import OptoutError, arguments, compose_objection, languages

OUT = Path(__file__).resolve().parent.parent / "tests" / "cases" / "compose.json"
ARGUMENT_IDS = [a.id for a in arguments("en")]
# One country per law with a route; aliases and lower case are exercised on purpose.
COUNTRIES = [("DE", "GDPR"), ("uk", "UK GDPR"), ("CH", "revDSG"), ("BR", "LGPD")]
TRICKY = (
    "  My posts show my kids.\r\nI am a photographer: {platform} {name} {{x}} "
    "[flag>yes] <script>alert(1)</script> $1 \\n 100%  \n\n"
)


def _case(description: str, **inputs: Any) -> dict[str, Any]:
    inputs.setdefault("personal", "")
    inputs.setdefault("name", None)
    case: dict[str, Any] = {"description": description, "input": inputs}
    try:
        case["expected"] = compose_objection(**inputs)
    except OptoutError as exc:
        case["error"] = type(exc).__name__
    return case


def build_cases() -> list[dict[str, Any]]:
    """Every vector, in a stable order."""
    cases = []
    for li, lang in enumerate(languages()):
        for ci, (country, law) in enumerate(COUNTRIES):
            start = (li * 4 + ci) * 3 % len(ARGUMENT_IDS)
            chosen = (ARGUMENT_IDS * 2)[start : start + 3]
            cases.append(
                _case(
                    f"{lang}, {law}: three arguments, own words and a name",
                    platform=["instagram", "facebook"][ci % 2],
                    country=country,
                    language=lang,
                    arguments=chosen,
                    personal="I share my photography here.",
                    name="Alex Example",
                )
            )
        cases.append(
            _case(
                f"{lang}: opening and closing only",
                platform="facebook",
                country="FR",
                language=lang,
                arguments=[],
            )
        )
        cases.append(
            _case(
                f"{lang}: own words are never read as template syntax",
                platform="instagram",
                country="el",
                language=lang,
                arguments=["creative-work"],
                personal=TRICKY,
                name="  Ana {platform}  ",
            )
        )
    cases += [
        _case(
            "no objection route in the US",
            platform="instagram",
            country="US",
            language="en",
            arguments=[],
        ),
        _case(
            "unknown argument",
            platform="instagram",
            country="DE",
            language="en",
            arguments=["no-such-argument"],
        ),
        _case(
            "argument chosen twice",
            platform="instagram",
            country="DE",
            language="en",
            arguments=["no-way-back", "no-way-back"],
        ),
        _case(
            "unknown language",
            platform="instagram",
            country="DE",
            language="xx",
            arguments=[],
        ),
        _case(
            "unknown country",
            platform="instagram",
            country="XX",
            language="en",
            arguments=[],
        ),
        _case(
            "unknown platform",
            platform="myspace",
            country="DE",
            language="en",
            arguments=[],
        ),
        _case(
            "a name on two lines",
            platform="instagram",
            country="DE",
            language="en",
            arguments=[],
            name="Ana\nB",
        ),
    ]
    return cases


def render() -> str:
    """The file's exact contents."""
    return json.dumps(build_cases(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
