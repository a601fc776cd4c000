"""Write tests/cases/after.json: vectors for the "after the form" functions.

Run after changing replies, lint rules, letter texts or receipt rules:
    python scripts/make_after_vectors.py
The Python suite checks the committed file is current; the extension's tests run the
same cases against extension/lib/after.js, so both give identical results and errors.

Each case is {"description", "function", "input"} plus "expected" (the result as the
JavaScript port returns it), "expected_ics" (the calendar file's text) or "error"
(the exception's class name). "function" names the optout_lib function; "input"
holds its keyword arguments.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from optout_lib import OptoutError
from optout_lib.catalogue import default_catalogue
from optout_lib.letters import (
    Letter,
    compose_complaint,
    compose_third_party_request,
)
from optout_lib.lint import MAX_LINT_CHARS, lint_objection
from optout_lib.models import to_data
from optout_lib.receipts import (
    Receipt,
    Reminder,
    parse_receipt,
    reminders,
    reminders_ics,
    text_sha256,
)
from optout_lib.triage import MAX_REPLY_CHARS, TriageResult, triage_reply

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "cases" / "after.json"
CATALOGUE = default_catalogue()
LANGUAGES = list(CATALOGUE.arguments)
PLATFORMS = list(CATALOGUE.platforms)
# Lint's limit, and the receipt schema's maxLength for the text sent.
MAX_TEXT = MAX_LINT_CHARS
# One astral character is two UTF-16 units but one Python character: the limits
# count Python characters, so this text is exactly at the limit, not over it.
AT_LIMIT_ASTRAL = "x" * (MAX_TEXT - 1) + "\U0001f600"

# A receipt per jurisdiction group: (country as a person might type it, platform,
# route). Aliases and lower case are exercised on purpose.
GROUP_RECEIPTS = {
    "eu-eea": ("de", "instagram", "instagram-objection-2025"),
    "gb": ("uk", "facebook", "facebook-objection-uk"),
    "ch": ("CH", "threads", "threads-objection"),
    "br": ("BR", "whatsapp", "whatsapp-ai-messages"),
}
# Own words that are not about the person's situation in any shipped language.
NEUTRAL = "AI training: no. 2026."
# A sentence in each language about the person's own situation, with nothing
# sensitive: lint must not warn about it.
OWN_WORK = {
    "de": "Ich bin Fotografin und teile hier meine eigene Arbeit.",
    "en": "As a photographer I share my own work here.",
    "es": "Soy fotógrafa y comparto aquí mi propio trabajo.",
    "fr": "Je suis photographe et je partage ici mon propre travail.",
    "it": "Sono una fotografa e condivido qui il mio lavoro.",
    "nl": "Ik ben fotograaf en deel hier mijn eigen werk.",
    "pl": "Jestem fotografką i udostępniam tu moją własną pracę.",
    "pt-BR": "Sou fotógrafa e compartilho aqui o meu próprio trabalho.",
    "bg": "Аз съм фотограф и споделям тук собствената си работа.",
    "cs": "Jsem fotografka a sdílím tu svou vlastní práci.",
    "da": "Jeg er fotograf og deler mit eget arbejde her.",
    "el": "Είμαι φωτογράφος και μοιράζομαι εδώ τη δική μου δουλειά.",
    "et": "Olen fotograaf ja jagan siin oma tööd.",
    "fi": "Olen valokuvaaja ja jaan täällä omaa työtäni.",
    "ga": "Is grianghrafadóir mé agus roinnim mo chuid oibre féin anseo.",
    "hr": "Ja sam fotografkinja i ovdje dijelim svoj vlastiti rad.",
    "hu": "Fotós vagyok, és itt a saját munkámat osztom meg.",
    "is": "Ég er ljósmyndari og deili hér mínum eigin verkum.",
    "lt": "Aš esu fotografė ir čia dalijuosi savo darbais.",
    "lv": "Es esmu fotogrāfe un šeit dalos ar savu darbu.",
    "mt": "Jien fotografa u naqsam ix-xogħol tiegħi hawn.",
    "nb": "Jeg er fotograf og deler mitt eget arbeid her.",
    "pt": "Sou fotógrafa e partilho aqui o meu próprio trabalho.",
    "ro": "Sunt fotografă și îmi împărtășesc aici propria muncă.",
    "sk": "Som fotografka a zdieľam tu svoju vlastnú prácu.",
    "sl": "Sem fotografinja in tukaj delim svoje delo.",
    "sv": "Jag är fotograf och delar mitt eget arbete här.",
}


#: (description, keyword arguments) of one case
Row = tuple[str, dict[str, Any]]


def receipt(**fields: Any) -> dict[str, Any]:
    """A receipt as the extension exports it; keyword arguments add or replace."""
    base = {
        "platform": "instagram",
        "country": "DE",
        "route": "instagram-objection-2025",
        "submitted_at": "2026-05-01T10:00:00Z",
    }
    return {**base, **fields}


def _triage(result: TriageResult) -> dict[str, Any]:
    """A triage result as the JavaScript port returns it (camelCase nextSteps)."""
    return {
        "outcome": result.outcome,
        "language": result.language,
        "matched": list(result.matched),
        "summary": result.summary,
        "nextSteps": list(result.next_steps),
    }


def _letter(letter: Letter) -> dict[str, Any]:
    """A letter as the JavaScript port returns it: the regulator by id."""
    return {
        "subject": letter.subject,
        "text": letter.text,
        "language": letter.language,
        "regulator": letter.regulator.id if letter.regulator else None,
        "url": letter.url,
    }


def plain_receipt(parsed: Receipt) -> dict[str, Any]:
    """A parsed receipt as JSON, absent fields left out: itself a valid receipt."""
    data = to_data(parsed)
    assert isinstance(data, dict)
    return {k: v for k, v in data.items() if v is not None}


def _ics(receipt: dict[str, Any], items: list[dict[str, Any]]) -> str:
    """reminders_ics for a receipt and reminders given as JSON."""
    return reminders_ics(
        parse_receipt(CATALOGUE, receipt),
        tuple(
            Reminder(datetime.date.fromisoformat(i["date"]), i["title"], i["url"])
            for i in items
        ),
    )


#: function name -> call with the case's input, returning the plain result
CALLS: dict[str, Callable[..., Any]] = {
    "triage_reply": lambda **i: _triage(triage_reply(CATALOGUE, **i)),
    "lint_objection": lambda **i: to_data(lint_objection(CATALOGUE, **i)),
    "parse_receipt": lambda **i: plain_receipt(parse_receipt(CATALOGUE, **i)),
    "text_sha256": text_sha256,
    "compose_complaint": lambda **i: _letter(compose_complaint(CATALOGUE, **i)),
    "compose_third_party_request": lambda **i: _letter(
        compose_third_party_request(CATALOGUE, **i)
    ),
    "reminders": lambda **i: to_data(reminders(CATALOGUE, **i)),
    "reminders_ics": _ics,
}


def run(function: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """What a case expects: its result, calendar text, or error class name."""
    try:
        result = CALLS[function](**inputs)
    except OptoutError as exc:
        return {"error": type(exc).__name__}
    return {"expected_ics" if function == "reminders_ics" else "expected": result}


def case(description: str, function: str, **inputs: Any) -> dict[str, Any]:
    """One vector: the description, function and input, then what Python gives."""
    return {
        "description": description,
        "function": function,
        "input": inputs,
        **run(function, inputs),
    }


def table(function: str, rows: list[Row]) -> list[dict[str, Any]]:
    """Cases of one function from (description, input) rows."""
    return [case(description, function, **inputs) for description, inputs in rows]


def _variant(phrase: str, index: int) -> tuple[str, str]:
    """A phrase as people paste it: as written, shouted, or re-wrapped by a mailer."""
    if "'" in phrase:
        return "with a curly apostrophe", phrase.replace("'", "\u2019")
    return [
        ("as written", phrase),
        ("in upper case", phrase.upper()),
        ("re-wrapped", phrase.replace(" ", " \n\t ")),
    ][index % 3]


def _phrase_rows() -> list[Row]:
    """Every phrase of every outcome in a short message, in turn in each variant."""
    rows: list[Row] = []
    for rid, reply in CATALOGUE.replies.items():
        for lang, phrases in sorted(reply.phrases.items()):
            for phrase in phrases:
                how, text = _variant(phrase, len(rows))
                rows.append(
                    (
                        f"{rid} phrase in {lang}, {how}: {phrase}",
                        {"text": f"Hi,\n{text}."},
                    )
                )
    return rows


def triage_cases() -> list[dict[str, Any]]:
    """Saved replies, every phrase of every outcome, and texts that must not match."""
    saved = sorted((ROOT / "tests" / "cases" / "replies").glob("*.txt"))
    accepted = (ROOT / "tests/cases/replies/accepted.en.1.txt").read_text("utf-8")
    french = "Votre opposition a été acceptée."
    two = "Something went wrong. Une erreur s'est produite."
    rows = [(f"saved reply {f.name}", {"text": f.read_text("utf-8")}) for f in saved]
    rows += _phrase_rows() + [
        ("empty text is unknown", {"text": ""}),
        ("only white space is unknown", {"text": " \n\t "}),
        ("unrelated text", {"text": "Your parcel is on its way."}),
        (
            "two outcomes at once are unknown, never a guess",
            {"text": "We will honor your objection. Something went wrong."},
        ),
        ("the words without Meta's phrase", {"text": "honor objection"}),
        (
            "a phrase inside longer words does not count",
            {"text": "Xsomething went wrongly."},
        ),
        (
            "one outcome in two languages: the one with more phrases wins",
            {"text": two + " Veuillez réessayer plus tard."},
        ),
        ("one outcome in two languages: a tie goes to the first tag", {"text": two}),
        (
            "curly apostrophes and upper case",
            {"text": "WE\u2019RE WORKING ON GETTING THIS FIXED"},
        ),
        (
            "decomposed accents are composed first",
            {"text": "Votre opposition a e\u0301te\u0301 accepte\u0301e."},
        ),
        ("French in upper case", {"text": french.upper()}),
        ("explained in German", {"text": accepted, "language": "de"}),
        ("language tag with _", {"text": accepted, "language": "pt_br"}),
        ("language null", {"text": french, "language": None}),
        ("unknown language", {"text": accepted, "language": "xx"}),
        ("text not a string", {"text": 42}),
        ("text null", {"text": None}),
        # One astral character is two UTF-16 units but one Python character.
        (
            "at the limit, counted in characters",
            {"text": "x" * (MAX_REPLY_CHARS - 1) + "\U0001f600"},
        ),
        ("over the limit", {"text": "x" * (MAX_REPLY_CHARS + 1)}),
    ]
    return table("triage_reply", rows)


def _lint_rows(lang: str) -> list[Row]:
    """Texts in one language: harmless, impersonal, empty, and each rule's words."""
    rules = CATALOGUE.lint_rules.items()
    texts = [
        ("own situation, nothing sensitive", OWN_WORK[lang]),
        ("no own situation", NEUTRAL),
        ("empty text", ""),
    ] + [
        (
            f"every word of rule {rid}",
            f"{OWN_WORK[lang]} {', '.join(r.words[lang])}.",
        )
        for rid, r in rules
    ]
    return [(f"{lang}: {d}", {"text": t, "language": lang}) for d, t in texts]


def lint_cases() -> list[dict[str, Any]]:
    """Each rule in each language, texts that must not warn, and bad arguments."""
    rows = [row for lang in LANGUAGES for row in _lint_rows(lang)]
    rows += [
        ("words in upper case", {"text": "I POST ABOUT MY SON."}),
        ("extra white space inside a phrase", {"text": "I post about my \n\t  son."}),
        ("curly apostrophe", {"text": "I\u2019m a photographer."}),
        (
            "French j' before a word, curly",
            {"text": "J\u2019ai voté.", "language": "fr"},
        ),
        (
            "a word inside a longer word does not count",
            {"text": "I live on a hill near Christiania."},
        ),
        ("a word before a hyphen counts", {"text": "I find this ill-advised."}),
        (
            "language tag with _ and upper case",
            {"text": OWN_WORK["pt-BR"], "language": "PT_br"},
        ),
        ("unknown language", {"text": "I", "language": "xx"}),
        ("language null", {"text": "I", "language": None}),
        ("text not a string", {"text": ["I"]}),
        ("at the limit, counted in characters", {"text": AT_LIMIT_ASTRAL}),
        ("over the limit", {"text": "x" * (MAX_TEXT + 1)}),
    ]
    # English unless the row says otherwise
    return table("lint_objection", [(d, {"language": "en", **i}) for d, i in rows])


SENT = "  I share my own photos.\r\nNo AI training, please.  \n"
SHA = text_sha256(SENT)
VERSION = "0123456789abcdef0123"

#: (description, receipt) that Python accepts
VALID_RECEIPTS = [
    ("the four required fields", receipt()),
    ("with the text and its hash", receipt(text=SENT, text_sha256=SHA)),
    ("with only the hash", receipt(text_sha256=SHA)),
    ("with an empty text and its hash", receipt(text="", text_sha256=text_sha256(""))),
    (
        "with the reply, its time and outcome",
        receipt(
            reply="We will honor it.",
            replied_at="2026-05-20T08:15:00+02:00",
            outcome="accepted",
        ),
    ),
    (
        "with account and data version",
        receipt(account="@ana \U0001f600", data_version=VERSION),
    ),
    ("a non-UTC offset", receipt(submitted_at="2026-05-01T00:30:00+02:00")),
    ("a negative offset", receipt(submitted_at="2026-12-31T23:30:00-05:30")),
    ("-00:00 is UTC", receipt(submitted_at="2026-05-01T10:00:00-00:00")),
    ("microseconds", receipt(submitted_at="2026-05-01T10:00:00.123456Z")),
    ("a shorter fraction", receipt(submitted_at="2026-05-01T10:00:00.5+01:00")),
    (
        "a longer fraction is cut, not rounded",
        receipt(submitted_at="2026-05-01T10:00:00.9999999Z"),
    ),
    (
        "a zero fraction disappears",
        receipt(submitted_at="2026-05-01T10:00:00.000+00:00"),
    ),
    ("a lower-case t", receipt(submitted_at="2026-05-01t10:00:00Z")),
    ("29 February in a leap year", receipt(submitted_at="2028-02-29T12:00:00Z")),
    (
        "the alias uk is GB",
        receipt(country="uk", platform="facebook", route="facebook-objection-uk"),
    ),
    ("the alias EL is GR", receipt(country="EL")),
    ("lower-case country", receipt(country="fr")),
    (
        "a route of another platform is not refused",
        receipt(route="facebook-objection-2025"),
    ),
    ("account of 200 astral characters", receipt(account="\U0001f600" * 200)),
    ("text at the limit, counted in characters", receipt(text=AT_LIMIT_ASTRAL)),
    # Python's `$` also matches before a final newline, so the schema's patterns let
    # one through: the lookups strip it, the other fields keep it.
    (
        "a final newline after country and platform",
        receipt(country="uk\n", platform="facebook\n", route="facebook-objection-uk"),
    ),
    (
        "a final newline after hash and data version",
        receipt(text_sha256=SHA + "\n", data_version=VERSION + "\n"),
    ),
]

#: (description, data) that Python refuses
INVALID_RECEIPTS = [
    ("a list", [receipt()]),
    ("a string", "receipt"),
    ("null", None),
    *[
        (f"no {key}", {k: v for k, v in receipt().items() if k != key})
        for key in ("platform", "country", "route", "submitted_at")
    ],
    ("an unknown field", receipt(note="x")),
    ("platform not a string", receipt(platform=1)),
    ("platform in upper case", receipt(platform="Instagram")),
    ("country of three letters", receipt(country="DEU")),
    ("country with a digit", receipt(country="D1")),
    ("country with a space", receipt(country=" DE")),
    ("route not an id", receipt(route="Instagram_Objection")),
    ("route with a final newline", receipt(route="instagram-objection-2025\n")),
    ("account null", receipt(account=None)),
    ("account true", receipt(account=True)),
    ("account of 201 characters", receipt(account="a" * 201)),
    ("text a number", receipt(text=1)),
    ("text over the limit", receipt(text="x" * (MAX_TEXT + 1))),
    ("reply over the limit", receipt(reply="x" * 50_001)),
    ("data version in upper case", receipt(data_version=VERSION.upper())),
    ("data version too short", receipt(data_version=VERSION[1:])),
    ("hash in upper case", receipt(text_sha256=SHA.upper())),
    ("hash too long", receipt(text_sha256=SHA + "0")),
    ("hash of another text", receipt(text="other", text_sha256=SHA)),
    (
        "hash with a final newline next to its text",
        receipt(text=SENT, text_sha256=SHA + "\n"),
    ),
    ("outcome not in the list", receipt(outcome="maybe")),
    ("outcome a number", receipt(outcome=1)),
    ("unknown route", receipt(route="tiktok-objection")),
    ("unknown platform", receipt(platform="myspace")),
    ("unknown country", receipt(country="XX")),
    ("replied_at without a time zone", receipt(replied_at="2026-05-20T08:15:00")),
    (
        "a schema error comes before an unknown platform",
        receipt(platform="myspace", country="DEU"),
    ),
    # The format check upper-cases the value and the parser then refuses a lower-case
    # z: the unknown platform, looked up between the two, is reported first.
    (
        "lower-case z after an unknown platform",
        receipt(platform="myspace", submitted_at="2026-05-01T10:00:00z"),
    ),
    (
        "a final newline after the time, after an unknown country",
        receipt(country="XX", submitted_at="2026-05-01T10:00:00Z\n"),
    ),
]

#: submitted_at values Python refuses
BAD_TIMES = [
    "2026-05-01T10:00:00",
    "2026-05-01",
    "2026-05-01 10:00:00Z",
    "2026-05-01T10:00:00z",
    "2026-05-01T10:00Z",
    "2026-13-01T10:00:00Z",
    "2026-02-29T10:00:00Z",
    "2026-04-31T10:00:00Z",
    "0000-01-01T10:00:00Z",
    "1999-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "2026-05-01T24:00:00Z",
    "2026-05-01T10:60:00Z",
    "2026-05-01T10:00:60Z",
    "2026-05-01T10:00:00+24:00",
    "2026-05-01T10:00:00+0200",
    "2026-05-01T10:00:00.Z",
    "2026-05-01T10:00:00Z\n",
    "２０２６-05-01T10:00:00Z",
    "",
]


def receipt_cases() -> list[dict[str, Any]]:
    """Receipts Python accepts (and how it returns them) and each rule it enforces."""
    return table(
        "parse_receipt",
        [(f"valid: {d}", {"data": r}) for d, r in VALID_RECEIPTS]
        + [(f"invalid: {d}", {"data": r}) for d, r in INVALID_RECEIPTS]
        + [
            (f"invalid: submitted_at {t!r}", {"data": receipt(submitted_at=t)})
            for t in BAD_TIMES
        ],
    )


def sha_cases() -> list[dict[str, Any]]:
    """The fingerprint of UTF-8 text, including multi-byte and multi-block texts."""
    texts = [
        ("empty", ""),
        ("ASCII", "abc"),
        ("line endings kept as given", "a\r\nb\n"),
        ("accents and an astral character", "Zoë 😀 ß"),
        ("longer than one SHA-256 block", "objection " * 30),
        ("55 bytes, the longest that pads into one block", "x" * 55),
        ("64 bytes, one full block", "y" * 64),
    ]
    return table("text_sha256", [(d, {"text": t}) for d, t in texts])


def _group_receipt(group: str, **fields: Any) -> dict[str, Any]:
    """The receipt of a jurisdiction group (GROUP_RECEIPTS), with fields added."""
    country, platform, route = GROUP_RECEIPTS[group]
    return receipt(country=country, platform=platform, route=route, **fields)


#: what receipts keep, in turn, for the complaint of each country
KEPT = [
    {"text": SENT, "text_sha256": SHA},
    {"text_sha256": SHA, "reply": "  Meta said no.\r\n"},
    {"text": "", "text_sha256": text_sha256("")},
    {"reply": "We will honor your objection.", "outcome": "accepted"},
]


def _country_rows() -> list[Row]:
    """Each country with an objection route, without and with a receipt."""
    rows: list[Row] = []
    routed = [j for j in CATALOGUE.jurisdictions.values() if j.objection_route]
    for i, jurisdiction in enumerate(routed):
        jid, kept = jurisdiction.id, KEPT[i % len(KEPT)]
        with_receipt = _group_receipt(jurisdiction.group, **kept) | {"country": jid}
        rows += [
            (
                f"{jid} without a receipt",
                {"country": jid, "platform": PLATFORMS[i % len(PLATFORMS)]},
            ),
            (
                f"{jid} with a receipt ({', '.join(kept)})",
                {
                    "country": jid.lower(),
                    "receipt": with_receipt,
                    "name": "  Ana Example " if i % 2 else None,
                },
            ),
        ]
    return rows


def complaint_cases() -> list[dict[str, Any]]:
    """Every country with an objection route, with and without a receipt, and errors."""
    de = {"country": "DE", "platform": "instagram"}
    rows = _country_rows() + [
        (f"DE in {lang}", {**de, "language": lang}) for lang in LANGUAGES
    ]
    rows += [
        (
            "the receipt's platform is used",
            {"country": "GB", "receipt": _group_receipt("gb")},
        ),
        (
            "the same platform twice is fine",
            {"country": "uk", "platform": "Facebook", "receipt": _group_receipt("gb")},
        ),
        (
            "a text of only white space",
            {"country": "DE", "receipt": receipt(text=" \r\n ")},
        ),
        (
            "language tag with _",
            {"country": "BR", "platform": "instagram", "language": "pt_br"},
        ),
        ("a name", {"country": "CH", "platform": "threads", "name": "Ana Example"}),
        (
            "an empty name signs nothing",
            {"country": "CH", "platform": "threads", "name": " \n "},
        ),
        ("no objection route in the US", {**de, "country": "US"}),
        ("unknown country", {**de, "country": "XX"}),
        ("country not a string", {**de, "country": 49}),
        ("receipt for another country", {"country": "FR", "receipt": receipt()}),
        (
            "receipt for another platform",
            {**de, "platform": "facebook", "receipt": receipt()},
        ),
        ("no platform and no receipt", {"country": "DE"}),
        ("unknown platform", {**de, "platform": "myspace"}),
        ("unknown language", {**de, "language": "xx"}),
        ("an invalid receipt", {"country": "DE", "receipt": receipt(outcome="maybe")}),
        (
            "a receipt with an unknown platform",
            {"country": "DE", "receipt": receipt(platform="myspace")},
        ),
        ("a name on two lines", {**de, "name": "Ana\nB"}),
        ("a name that is not a string", {**de, "name": ["Ana"]}),
        (
            "the country is checked before the name",
            {**de, "country": "US", "name": "Ana\nB"},
        ),
    ]
    return table("compose_complaint", rows)


def third_party_cases() -> list[dict[str, Any]]:
    """Every language under every law, with and without an account, and errors."""
    countries = ["DE", "uk", "ch", "BR"]
    rows: list[Row] = []
    for i, lang in enumerate(LANGUAGES):
        rows += [(f"{lang}, {c}", {"country": c, "language": lang}) for c in countries]
        country = countries[i % len(countries)]
        rows.append(
            (
                f"{lang}, {country}, no account, a name",
                {
                    "country": country,
                    "language": lang,
                    "has_account": False,
                    "name": " Ana\r\n",
                },
            )
        )
    en: dict[str, Any] = {"country": "DE", "language": "en"}
    rows += [
        ("no objection route in the US", {**en, "country": "US"}),
        ("unknown country", {**en, "country": "XX"}),
        ("has_account a string", {**en, "has_account": "no"}),
        ("has_account a number", {**en, "has_account": 0}),
        ("has_account null", {**en, "has_account": None}),
        ("language null", {**en, "language": None}),
        ("unknown language", {**en, "language": "xx"}),
        ("a name on two lines", {**en, "name": "Ana\r\nB"}),
    ]
    return table("compose_third_party_request", rows)


def _parsed(data: dict[str, Any]) -> dict[str, Any]:
    """A receipt as parse_receipt returns it, in JSON."""
    return plain_receipt(parse_receipt(CATALOGUE, data))


def _group_reminders() -> list[dict[str, Any]]:
    """Reminders and their calendar file for one receipt per group, in two languages."""
    cases = []
    for group in GROUP_RECEIPTS:
        data = _group_receipt(group)
        for lang in ("en", "de"):
            found = case(f"{group} in {lang}", "reminders", receipt=data, language=lang)
            ics = {"receipt": _parsed(data), "items": found["expected"]}
            cases += [found, case(f"{group} in {lang}", "reminders_ics", **ics)]
    return cases


def reminder_cases() -> list[dict[str, Any]]:
    """Reminders over date boundaries and with bad arguments."""
    gb = {"receipt": _group_receipt("gb")}
    return table(
        "reminders",
        [
            (
                "the date in the receipt's own offset, not UTC",
                {"receipt": receipt(submitted_at="2026-05-01T00:30:00+02:00")},
            ),
            (
                "over the end of the year",
                {
                    "receipt": _group_receipt(
                        "gb", submitted_at="2026-12-20T23:59:59-08:00"
                    )
                },
            ),
            (
                "over a leap day",
                {"receipt": _group_receipt("br", submitted_at="2028-02-15T12:00:00Z")},
            ),
            ("language tag with _", {**gb, "language": "pt_br"}),
            ("unknown language", {**gb, "language": "xx"}),
            ("language null", {**gb, "language": None}),
            ("an invalid receipt", {"receipt": receipt(country="DEU")}),
            ("a receipt for an unknown country", {"receipt": receipt(country="XX")}),
        ],
    )


def _item(
    title: str, date: str = "2026-05-31", url: str | None = None
) -> dict[str, Any]:
    """A reminder in JSON."""
    return {"date": date, "title": title, "url": url}


def ics_cases() -> list[dict[str, Any]]:
    """Calendar files: folding, escaping, time zones and dates."""
    stamped = _parsed(receipt(submitted_at="2026-05-01T00:30:00.250000+02:00"))
    long = "Reminder: " + "the time Meta has to answer is over " * 3
    umlauts = "Überfällig: keine Antwort — " + "Beschwerde bei der Behörde 😀 " * 4
    url = "https://example.org/" + "a-long-path/" * 8
    rows = [
        ("a title long enough to fold", [_item(long)]),
        (
            "characters iCalendar escapes",
            [_item("Complain; wait, keep \\ a copy\nthen", url=url)],
        ),
        (
            "a non-ASCII title folds between characters, never inside one",
            [_item(umlauts)],
        ),
        ("no reminders", []),
        (
            "two reminders on one day keep their order",
            [_item("first"), _item("second")],
        ),
        ("the end of February in a leap year", [_item("leap", "2028-02-29")]),
    ]
    cases = table(
        "reminders_ics",
        [
            (f"{d}; +02:00 with a fraction", {"receipt": stamped, "items": i})
            for d, i in rows
        ],
    )
    for description, submitted in [
        ("UTC with a fraction", "2026-05-01T10:00:00.5Z"),
        ("a negative offset over the new year", "2026-12-31T23:30:00-05:30"),
    ]:
        data = receipt(submitted_at=submitted)
        items = to_data(reminders(CATALOGUE, data))
        cases.append(
            case(description, "reminders_ics", receipt=_parsed(data), items=items)
        )
    return cases


def build_cases() -> list[dict[str, Any]]:
    """Every vector, in a stable order."""
    return (
        triage_cases()
        + lint_cases()
        + receipt_cases()
        + sha_cases()
        + complaint_cases()
        + third_party_cases()
        + _group_reminders()
        + reminder_cases()
        + ics_cases()
    )


def render() -> str:
    """The file's exact contents."""
    return json.dumps(build_cases(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
