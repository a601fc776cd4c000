"""Every input from outside is hostile (issue 8): whatever the library and the CLI are
given, the only exceptions are the documented OptoutError ones."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_after_form import receipt

import optout_lib
from optout_lib import OptoutError
from optout_lib.cli import main

#: Anything JSON or a careless caller could pass: text with lone surrogates and
#: control characters, numbers, None, lists, dicts, bytes.
ANY = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
#: Values near the real ones, so the fuzzer gets past the first check.
PLATFORM = (
    st.sampled_from(["instagram", "facebook", "INSTAGRAM", "threads", "x", ""]) | ANY
)
COUNTRY = st.sampled_from(["DE", "gb", "UK", "US", "BR", "CH", "ZZ", ""]) | ANY
LANGUAGE = st.sampled_from(["de", "pt-br", "pt_BR", "ga", "xx", ""]) | ANY
ARGUMENTS = (
    st.lists(
        st.sampled_from(["no-way-back", "deepfake-risk", "nope"]) | ANY, max_size=4
    )
    | ANY
)

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _only_documented_errors(call: Any) -> None:
    try:
        call()
    except OptoutError:
        pass


@FUZZ
@given(PLATFORM, COUNTRY, LANGUAGE, ARGUMENTS, ANY, ANY)
def test_compose_objection(
    platform: Any, country: Any, language: Any, arguments: Any, personal: Any, name: Any
) -> None:
    _only_documented_errors(
        lambda: optout_lib.compose_objection(
            platform=platform,
            country=country,
            language=language,
            arguments=arguments,
            personal=personal,
            name=name,
        )
    )


HTML = (
    st.text(
        alphabet=st.sampled_from(
            list("<>/=\"'&;# aAbhrefinputlabelsciptformdv0123\x00\ud800é")
        ),
        max_size=400,
    )
    | st.binary(max_size=400)
    | ANY
)
URL = (
    st.sampled_from(
        [
            "https://www.facebook.com/help/contact/712876720715583",
            "https://help.instagram.com/",
            "javascript:alert(1)",
            "https://facebook.com.evil.test/",
            "http://[::1",
            "",
        ]
    )
    | ANY
)


@FUZZ
@given(HTML, URL)
def test_analyze_page(html: Any, url: Any) -> None:
    _only_documented_errors(lambda: optout_lib.analyze_page(html, url))


@FUZZ
@given(st.text(max_size=300) | ANY, LANGUAGE | st.none())
def test_triage_reply(text: Any, language: Any) -> None:
    _only_documented_errors(lambda: optout_lib.triage_reply(text, language=language))


@FUZZ
@given(st.text(max_size=300) | ANY, LANGUAGE)
def test_lint_objection(text: Any, language: Any) -> None:
    _only_documented_errors(lambda: optout_lib.lint_objection(text, language))


@FUZZ
@given(COUNTRY, PLATFORM | st.none(), LANGUAGE | st.none(), ANY, ANY)
def test_compose_complaint(
    country: Any, platform: Any, language: Any, receipt: Any, name: Any
) -> None:
    _only_documented_errors(
        lambda: optout_lib.compose_complaint(
            country=country,
            platform=platform,
            language=language,
            receipt=receipt,
            name=name,
        )
    )


@FUZZ
@given(ANY)
def test_parse_receipt(data: Any) -> None:
    _only_documented_errors(lambda: optout_lib.parse_receipt(data))


COMMANDS = st.sampled_from(
    [
        "routes",
        "jurisdictions",
        "arguments",
        "compose",
        "coverage",
        "complaint",
        "third-party",
        "verify",
    ]
)
FLAGS = st.sampled_from(
    [
        "--platform",
        "--country",
        "--language",
        "--argument",
        "--name",
        "--json",
        "--key",
        "--personal",
    ]
)
WORDS = st.sampled_from(
    ["instagram", "DE", "de", "no-way-back", "x", "-", "", "--", "ZZ"]
) | st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(COMMANDS, st.lists(FLAGS | WORDS, max_size=8))
def test_cli_exits_with_a_code_never_a_traceback(command: str, rest: list[str]) -> None:
    out = io.StringIO()
    try:
        code = main([command, *rest], out=out)
    except SystemExit as exc:  # argparse usage errors: exit 2 with one line
        code = exc.code
    assert code in (0, 1, 2), code


@pytest.mark.parametrize(
    "argv",
    [
        [
            "compose",
            "--platform",
            "instagram",
            "--country",
            "DE",
            "--language",
            "de",
            "--personal",
            "\ud800",
        ],
        ["lint", "-", "--language", "de"],
    ],
)
def test_cli_edge_cases(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\x00\ud800 mein Kind"))
    try:
        code = main(argv, out=io.StringIO())
    except SystemExit as exc:
        code = exc.code
    assert code in (0, 1, 2)


RECEIPT = receipt()
#: Real-looking receipts with one field replaced by something hostile.
DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59+14:00",
        "0001-01-01T00:00:00-23:59",
        "2026-13-01T00:00:00Z",
        "2026-05-01T10:00:00+99:00",
        "2026-05-01t10:00:00z",
        "2026-05-01T10:00:00Z\n",
    ]
) | st.text(max_size=30)
HOSTILE_RECEIPTS = st.builds(
    lambda key, value: {**RECEIPT, key: value},
    st.sampled_from([*RECEIPT, "sha256", "outcome", "replied_at", "data_version"]),
    DATES | ANY,
)


@FUZZ
@given(HOSTILE_RECEIPTS, LANGUAGE | st.none())
def test_receipts_letters_and_reminders(receipt: Any, language: Any) -> None:
    _only_documented_errors(lambda: optout_lib.parse_receipt(receipt))
    _only_documented_errors(
        lambda: optout_lib.compose_complaint(
            country="DE", receipt=receipt, language=language
        )
    )
    _only_documented_errors(lambda: optout_lib.reminders(receipt))
    _only_documented_errors(lambda: optout_lib.reminders_ics(receipt))
