"""After the form: reply triage, text linting, receipts, complaints, reminders."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optout_lib
from conftest import CASES
from optout_lib import Catalogue, InvalidValue, NoObjectionRoute, OptoutError

# Replies written from what the fact sheet quotes (meta-facts.md §2.1–2.3), with the
# greeting and footer Meta's e-mails carry: tests/cases/replies/<outcome>.<lang>.<n>.txt
REPLIES = [
    pytest.param(*f.name.split(".")[:2], f.read_text(encoding="utf-8"), id=f.stem)
    for f in sorted((CASES / "replies").glob("*.txt"))
]


@pytest.mark.parametrize(("outcome", "language", "text"), REPLIES)
def test_realistic_replies_are_recognised(
    catalogue: Catalogue, outcome: str, language: str, text: str
) -> None:
    result = optout_lib.triage_reply(text)
    assert (result.outcome, result.language) == (outcome, language)
    assert result.matched and result.summary and result.next_steps
    summary = catalogue.replies[outcome].summary
    assert result.summary == summary.get(language, summary["en"])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello, your parcel is on its way.",
        "We will honor your objection. Something went wrong.",  # two outcomes at once
        "honor objection",  # the words, but not Meta's phrase
    ],
)
def test_unknown_text_is_unknown_never_a_guess(text: str) -> None:
    result = optout_lib.triage_reply(text)
    assert result.outcome == "unknown"
    assert result.next_steps


def test_triage_explains_in_the_language_asked() -> None:
    text = (CASES / "replies" / "accepted.en.1.txt").read_text(encoding="utf-8")
    assert optout_lib.triage_reply(text).summary.startswith("Meta says")
    with pytest.raises(optout_lib.UnknownLanguage):
        optout_lib.triage_reply(text, language="xx")


def test_triage_refuses_what_is_not_a_pasted_message() -> None:
    with pytest.raises(InvalidValue, match="string"):
        optout_lib.triage_reply(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="paste only Meta's message"):
        optout_lib.triage_reply("x" * 100_001)


LINT_CASES = [
    ("As a photographer I share my own work; it is my livelihood.", "en", []),
    ("My posts are my creative work and I never agreed to this.", "en", []),
    ("Posts are art.", "en", ["no-own-situation"]),
    ("", "en", ["no-own-situation"]),
    (
        "I post about my depression and my son, who is 7 years old.",
        "en",
        ["discloses-children", "discloses-health"],
    ),
    (
        "I am a practising Muslim and a trade union member.",
        "en",
        ["discloses-politics", "discloses-religion"],
    ),
    (
        "I'm gay and my husband is in my photos.",
        "en",
        ["discloses-other-people", "discloses-sexuality"],
    ),
    # Words that only look like the categories must not warn.
    ("I shared my holiday pictures, which are my memories.", "en", []),
    ("I am trying to protect my privacy, which is my right.", "en", []),
]


@pytest.mark.parametrize(("text", "language", "codes"), LINT_CASES)
def test_lint_finds_exactly_what_matters(
    text: str, language: str, codes: list[str]
) -> None:
    findings = optout_lib.lint_objection(text, language)
    assert sorted(f.code for f in findings) == sorted(codes)
    for finding in findings:
        assert finding.message and finding.suggestion
        if finding.code.startswith("discloses-"):
            assert finding.words and finding.arguments


def test_lint_suggests_arguments_from_the_library(catalogue: Catalogue) -> None:
    findings = optout_lib.lint_objection("I have cancer.", "en")
    (health,) = [f for f in findings if f.code == "discloses-health"]
    assert health.arguments == ("special-categories",)
    assert set(health.arguments) <= set(catalogue.arguments["en"])


def test_lint_needs_a_shipped_language_and_text() -> None:
    with pytest.raises(optout_lib.UnknownLanguage):
        optout_lib.lint_objection("I object.", "tlh")
    with pytest.raises(InvalidValue):
        optout_lib.lint_objection(None, "en")  # type: ignore[arg-type]


def receipt(**changes: Any) -> dict[str, Any]:
    """A receipt as the extension exports it."""
    base = {
        "platform": "instagram",
        "country": "DE",
        "route": "instagram-objection-2025",
        "submitted_at": "2026-05-01T10:00:00+02:00",
        "text": "Ich widerspreche.",
        "reply": "Es ist ein Fehler aufgetreten.",
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"platform": "myspace"}, "myspace"),
        ({"country": "XX"}, "XX"),
        ({"route": "nope"}, "route 'nope' is unknown"),
        ({"submitted_at": "yesterday"}, "submitted_at"),
        ({"submitted_at": "2026-05-01T10:00:00"}, "submitted_at.*time zone"),
        ({"text_sha256": "0" * 64}, "does not match"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_receipt_is_refused_with_what_to_fix(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(OptoutError, match=message):
        optout_lib.parse_receipt(receipt(**changes))


def test_a_receipt_keeps_a_matching_fingerprint() -> None:
    digest = hashlib.sha256(b"Ich widerspreche.").hexdigest()
    parsed = optout_lib.parse_receipt(receipt(text_sha256=digest))
    assert parsed.text_sha256 == digest
    assert parsed.submitted_at.utcoffset() == datetime.timedelta(hours=2)


def route_countries(catalogue: Catalogue) -> list[str]:
    return [j.id for j in catalogue.jurisdictions.values() if j.objection_route]


def test_a_complaint_for_every_country_with_a_route(catalogue: Catalogue) -> None:
    for country in route_countries(catalogue):
        regulator = catalogue.regulator_for(country)
        assert regulator is not None, country
        letter = optout_lib.compose_complaint(country=country, platform="facebook")
        shipped = set(catalogue.arguments)
        expected = next((lang for lang in regulator.languages if lang in shipped), "en")
        assert letter.language == expected, country
        assert regulator.short_name in letter.text
        assert "Facebook" in letter.text
        assert letter.url in (regulator.complaint_url, regulator.website)
        assert "{" not in letter.text and "{" not in letter.subject


@pytest.mark.parametrize(
    "language", sorted(default_languages := optout_lib.languages())
)
def test_complaint_from_a_receipt_in_every_language(language: str) -> None:
    letter = optout_lib.compose_complaint(
        country="DE", language=language, receipt=receipt(), name="Ana Beispiel"
    )
    assert letter.language == language
    # The day it was sent, as the language writes a date (CLDR), never an ISO string.
    assert "2026-05-01" not in letter.text
    assert "2026" in letter.text
    assert "Ich widerspreche." in letter.text  # the text sent, verbatim
    assert "Es ist ein Fehler aufgetreten." in letter.text  # Meta's answer, verbatim
    assert letter.text.endswith("\nAna Beispiel")


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("de", "Am 1. Mai 2026 habe ich"),
        ("en", "On May 1, 2026 I objected"),
        ("pl", "1 maja 2026"),
        ("lt", "2026 m. gegužės 1 d."),
        ("hu", "2026. május 1."),
        ("pt-BR", "1 de maio de 2026"),
    ],
)
def test_the_complaint_writes_the_day_as_its_language_does(
    language: str, written: str
) -> None:
    letter = optout_lib.compose_complaint(
        country="DE", language=language, receipt=receipt()
    )
    assert written in letter.text


def test_complaint_with_only_a_fingerprint_quotes_the_hash() -> None:
    digest = hashlib.sha256(b"secret words").hexdigest()
    data = receipt(text_sha256=digest)
    del data["text"], data["reply"]
    letter = optout_lib.compose_complaint(country="DE", receipt=data, language="en")
    assert digest in letter.text
    assert "Meta has not confirmed" in letter.text


def test_complaint_goes_to_the_ico_in_english_for_the_uk() -> None:
    letter = optout_lib.compose_complaint(country="UK", platform="instagram")
    assert letter.regulator is not None and letter.regulator.id == "ico"
    assert letter.language == "en"
    assert "UK GDPR" in letter.text
    assert (
        letter.url == "https://ico.org.uk/make-a-complaint/data-protection-complaints/"
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"country": "US", "platform": "instagram"}, NoObjectionRoute, "optout routes"),
        ({"country": "DE"}, InvalidValue, "platform is needed"),
        ({"country": "FR", "receipt": receipt()}, InvalidValue, "receipt is for DE"),
        (
            {"country": "DE", "platform": "facebook", "receipt": receipt()},
            InvalidValue,
            "receipt is for instagram",
        ),
        (
            {"country": "DE", "platform": "instagram", "name": "a\nb"},
            InvalidValue,
            "single line",
        ),
    ],
)
def test_complaint_refuses_what_does_not_fit(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        optout_lib.compose_complaint(**kwargs)


@pytest.mark.parametrize("language", sorted(default_languages))
def test_third_party_request_in_every_language(language: str) -> None:
    with_account = optout_lib.compose_third_party_request(
        country="IT", language=language
    )
    without = optout_lib.compose_third_party_request(
        country="IT", language=language, has_account=False, name="Ana"
    )
    assert without.text.startswith(with_account.text.split("\n\n")[0])
    assert len(without.text.split("\n\n")) == len(with_account.text.split("\n\n")) + 1
    assert with_account.url == "https://www.facebook.com/help/contact/1266025207620918"


def test_reminders_follow_the_law_and_the_regulator() -> None:
    uk = receipt(country="GB", route="instagram-objection-uk")
    dates = [(r.date.isoformat(), r.url) for r in optout_lib.reminders(uk)]
    ico = "https://ico.org.uk/make-a-complaint/data-protection-complaints/"
    # One month for Meta to answer; the ICO's three months, a week early.
    assert dates == [("2026-05-31", ico), ("2026-07-23", ico)]
    de = optout_lib.reminders(receipt())
    assert [r.date.isoformat() for r in de] == ["2026-05-31"]


def test_reminders_ics_is_valid_icalendar_with_every_reminder() -> None:
    uk = receipt(country="GB", route="instagram-objection-uk")
    text = optout_lib.reminders_ics(uk)
    assert text == optout_lib.reminders_ics(
        uk
    )  # stable: re-import updates, not duplicates
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    expected = optout_lib.reminders(uk)
    assert [e.decoded("DTSTART") for e in events] == [r.date for r in expected]
    assert [str(e["SUMMARY"]) for e in events] == [r.title for r in expected]
    assert len({str(e["UID"]) for e in events}) == len(events)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from(sorted(default_languages)))
def test_triage_and_lint_never_crash(text: str, language: str) -> None:
    result = optout_lib.triage_reply(text, language=language)
    assert result.outcome in {
        "accepted",
        "rejected",
        "needs-info",
        "form-error",
        "unrelated",
        "unknown",
    }
    for finding in optout_lib.lint_objection(text, language):
        assert finding.code
