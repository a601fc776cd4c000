"""The library and the extension give the same answers on the shipped data.

The calls are generated here from the catalogue (every language, every law, every
reply outcome and lint rule), so a wording or language change needs no test edit;
tests/js/parity_runner.js answers them with the extension's operations over the
bundle's view. What each side does with its own input is specified by the engine
cases (tests/cases/engine/); this checks that the view carries the same data."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import optout_lib as o
from optout_lib import OptoutError, engine
from optout_lib.catalogue import default_catalogue

ROOT = Path(__file__).resolve().parent.parent
#: one country per law with an objection route, and one without
COUNTRIES = {"GDPR": "DE", "UK GDPR": "GB", "revDSG": "CH", "LGPD": "BR"}
SENT = "2026-05-01T23:30:00-02:00"


def _receipt(country: str, **extra: Any) -> dict[str, Any]:
    route = o.routes_for("instagram", country)[0].id
    return {
        "platform": "instagram",
        "country": country,
        "route": route,
        "submitted_at": SENT,
        **extra,
    }


def _calls() -> Iterator[tuple[str, dict[str, Any]]]:
    catalogue = default_catalogue()
    languages = sorted(catalogue.arguments)
    laws = list(COUNTRIES)
    for n, lang in enumerate(languages):
        law = laws[n % len(laws)]
        usable = [a.id for a in catalogue.arguments[lang].values() if law in a.laws]
        yield (
            "compose_objection",
            {
                "platform": "instagram" if n % 2 else "facebook",
                "country": COUNTRIES[law],
                "language": lang,
                "arguments": usable[n % 3 : n % 3 + 2],
                "personal": ""
                if n % 3 == 0
                else " Ich bin Fotografin.\r\n{platform}\n",
                "name": None if n % 2 else "Ana Lima",
            },
        )
        yield (
            "compose_third_party_request",
            {
                "country": COUNTRIES[law],
                "language": lang,
                "has_account": n % 2 == 0,
                "name": "Ana" if n % 3 else None,
            },
        )
    base = {"platform": "instagram", "country": "DE", "language": "de", "arguments": []}
    for broken in (
        {"country": "US"},
        {"language": "xx"},
        {"language": "de-AT"},
        {"arguments": ["no-such-argument"]},
        {"arguments": ["loss-of-control", "Loss-of-control"]},
        {"arguments": "loss-of-control"},
        {"platform": "myspace"},
        {"name": "two\nlines"},
    ):
        yield "compose_objection", {**base, **broken}
    for _, reply in sorted(catalogue.replies.items()):
        for _lang, phrases in sorted(reply.phrases.items())[:4]:
            yield (
                "triage_reply",
                {"text": f"Hello,\n\n{phrases[0].upper()}.\n\nMeta", "language": None},
            )
        yield (
            "triage_reply",
            {"text": " ".join(p[0] for p in reply.phrases.values()), "language": "fr"},
        )
    yield "triage_reply", {"text": "", "language": None}
    for _, rule in sorted(catalogue.lint_rules.items()):
        for lang, words in sorted(rule.words.items())[:3]:
            yield (
                "lint_objection",
                {"text": f"I object. {words[-1]}, {words[0]}.", "language": lang},
            )
    yield "lint_objection", {"text": "I object.", "language": "en"}
    yield "lint_objection", {"text": "x" * 20001, "language": "en"}
    receipts = [
        _receipt("DE"),
        _receipt("DE", text="Mein Text", text_sha256=engine.text_sha256("Mein Text")),
        _receipt("de", submitted_at="2026-05-01T10:00:00.123Z"),
        _receipt("DE", submitted_at="2026-05-01t10:00:00Z"),
        _receipt("DE", submitted_at="2026-02-30T10:00:00Z"),
        _receipt("DE", submitted_at="1999-12-31T10:00:00Z"),
        {**_receipt("GB"), "country": "uk\n"},
        _receipt("DE", text="a", text_sha256="0" * 64),
        _receipt("DE", surprise=1),
        {"platform": "instagram"},
    ]
    for receipt in receipts:
        yield "parse_receipt", {"data": receipt}
    for country in COUNTRIES.values():
        extras = [
            {},
            {"text": " Mein Text\r\n"},
            {"text_sha256": "a" * 64, "reply": "No."},
        ]
        for n, extra in enumerate(extras):
            yield (
                "compose_complaint",
                {
                    "country": country,
                    "receipt": _receipt(country, **extra),
                    "language": None if n == 0 else ["en", "de", "pt-BR"][n],
                    "name": "Ana" if n else None,
                },
            )
        yield "compose_complaint", {"country": country, "platform": "facebook"}
        yield "reminders", {"receipt": _receipt(country), "language": "en"}
        yield "reminders", {"receipt": _receipt(country), "language": "pt-BR"}
        yield "reminders_ics", {"receipt": _receipt(country)}
    yield "compose_complaint", {"country": "US", "platform": "instagram"}
    yield "compose_complaint", {"country": "DE"}


def _python(op: str, args: dict[str, Any]) -> Any:
    if op == "parse_receipt":
        receipt = o.parse_receipt(args["data"])
        return {
            "platform": receipt.platform,
            "country": receipt.country,
            "route": receipt.route,
        }
    if op == "triage_reply":
        result = o.triage_reply(args["text"], language=args["language"])
        return {
            "outcome": result.outcome,
            "language": result.language,
            "matched": list(result.matched),
            "summary": result.summary,
            "nextSteps": list(result.next_steps),
        }
    if op == "lint_objection":
        return [_plain(f) for f in o.lint_objection(args["text"], args["language"])]
    if op in ("compose_complaint", "compose_third_party_request"):
        letter = getattr(o, op)(**args)
        return {
            "subject": letter.subject,
            "text": letter.text,
            "language": letter.language,
            "regulator": letter.regulator.id if letter.regulator else None,
            "url": letter.url,
        }
    if op == "reminders":
        return [
            {"date": r.date.isoformat(), "title": r.title, "url": r.url}
            for r in o.reminders(args["receipt"], language=args["language"])
        ]
    if op == "reminders_ics":
        return o.reminders_ics(args["receipt"])
    return getattr(o, op)(**args)


def _plain(record: Any) -> dict[str, Any]:
    return {
        f.name: list(v) if isinstance(v := getattr(record, f.name), tuple) else v
        for f in dataclasses.fields(record)
    }


def test_library_and_extension_agree_on_the_shipped_data() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed (scripts/test-all installs it)")
    calls = [{"op": op, "args": args} for op, args in _calls()]
    answers = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "parity_runner.js")],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(answers.stdout)
    assert len(got) == len(calls) >= 150
    for call, answer in zip(calls, got, strict=True):
        try:
            expected: dict[str, Any] = {"value": _python(call["op"], call["args"])}
        except OptoutError as error:
            expected = {"error": type(error).__name__}
        assert answer == expected, call
    # Mostly answers, not errors: both sides failing alike would prove nothing.
    values = sum("value" in answer for answer in got)
    assert values >= 0.8 * len(got), f"only {values} of {len(got)} calls answered"
