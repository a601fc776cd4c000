"""The input-dependent primitives both sides share: what `extension/lib/engine.js`
does the same way, specified by the hand-written cases in `tests/cases/engine/`.

Everything that depends only on the data (joins, sorting, folding the data's own
phrases, parsing its templates) is computed once by `view.py` at export time; what is
left here is what must run on the person's input: templates filled with their values,
phrases found in their text, dates, calendar files and fingerprints.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ._data import Validator
from .errors import InvalidValue

#: A parsed template: text, `{"var": name}`, or a block
#: `{"if": name, "equals": value or None, "not": bool, "then": [nodes]}`.
Node = str | dict[str, Any]

_TAG = re.compile(r"\{([?!/]?)([a-z_]+)(?:=([^{}\n]+))?\}")
# A line holding only a block tag disappears with its line break, so templates can
# put each block on its own lines and still render paragraphs exactly.
_STANDALONE = re.compile(r"^[ \t]*(\{[?!/][a-z_]+(?:=[^{}\n]+)?\})[ \t]*\n", re.M)


class TemplateError(InvalidValue):
    """A template that does not parse: the message says where and what to fix."""


def parse_template(text: str) -> list[Node]:
    """Parse a letter template into nodes (see `Node`); TemplateError says what's wrong.

    `{name}` is a value; `{?name}…{/name}` shows its block when the value is not
    empty, `{!name}…{/name}` when it is, `{?name=text}…{/name}` when it equals text.
    """
    text = _STANDALONE.sub(r"\1", text.removesuffix("\n"))
    root: list[Node] = []
    stack: list[tuple[str, list[Node]]] = [("", root)]
    at = 0
    for tag in _TAG.finditer(text):
        _literal(stack[-1][1], text[at : tag.start()])
        at = tag.end()
        mark, name, equals = tag.groups()
        if mark == "/":
            if len(stack) == 1 or stack[-1][0] != name:
                raise TemplateError(f"{{/{name}}} closes no open {{?{name}}} block")
            stack.pop()
        elif mark:
            block: list[Node] = []
            node = {"if": name, "equals": equals, "not": mark == "!", "then": block}
            stack[-1][1].append(node)
            stack.append((name, block))
        elif equals is None:
            stack[-1][1].append({"var": name})
        else:
            raise TemplateError(f"{tag.group(0)} needs ? or ! before the name")
    _literal(stack[-1][1], text[at:])
    if len(stack) > 1:
        raise TemplateError(
            f"{{?{stack[-1][0]}}} is never closed with {{/{stack[-1][0]}}}"
        )
    return root


def _literal(nodes: list[Node], text: str) -> None:
    if "{" in text or "}" in text:
        raise TemplateError(
            f"stray brace in {text!r}; "
            "only {name} and {?name}…{/name} may use braces"
        )
    if text:
        nodes.append(text)


def template_names(nodes: Sequence[Node]) -> set[str]:
    """Every value name a parsed template reads, in values and in blocks."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, dict):
            names.add(node["var"] if "var" in node else node["if"])
            names |= template_names(node.get("then", ()))
    return names


def render(nodes: Sequence[Node], values: Mapping[str, str]) -> str:
    """Fill a parsed template in one pass; values are never read as template text.

    Line breaks at either end are dropped, so a block on the last lines of a template
    leaves none behind.
    """
    return _render(nodes, values).strip("\n")


def _render(nodes: Sequence[Node], values: Mapping[str, str]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif "var" in node:
            out.append(values.get(node["var"], ""))
        else:
            value = values.get(node["if"], "")
            shown = (
                value == node["equals"] if node["equals"] is not None else bool(value)
            )
            if shown != node["not"]:
                out.append(_render(node["then"], values))
    return "".join(out)


# --- phrases: how the data's words are found in a person's or a page's text --------

_SPACE = re.compile(r"\s+")
# Meta's pages mix straight and typographic apostrophes ("l'IA" / "l’IA").
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalize_text(text: str) -> str:
    """Fold text for matching: NFC, one space between words, lower case, ' quotes."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return _SPACE.sub(" ", text).strip().lower()


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """A regex finding any phrase as whole words in normalized text."""
    folded = sorted({normalize_text(p) for p in phrases}, key=lambda p: (-len(p), p))
    if not folded:
        return None
    # A phrase that ends in an apostrophe (French "j'") is a prefix of the next word,
    # so the "not inside a word" guard applies only at word characters.
    alternatives = "|".join(
        re.escape(p) + (r"(?!\w)" if p[-1].isalnum() or p[-1] == "_" else "")
        for p in folded
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})")


@functools.lru_cache(maxsize=8192)
def _one_phrase(phrase: str) -> re.Pattern[str] | None:
    # Triage and lint test each phrase on its own, more than `re` keeps in its cache.
    return phrase_pattern([phrase])


def found_phrases(phrases: Iterable[str], folded: str) -> list[str]:
    """The phrases (as written) found as whole words in normalized text, in order."""
    return [
        p for p in phrases if (pattern := _one_phrase(p)) and pattern.search(folded)
    ]


_NEWLINES = re.compile(r"\r\n?")


def clean_personal(text: str) -> str:
    """Normalise the person's own words: LF line endings, no outer blank space."""
    # Only these characters are trimmed, so the extension trims exactly the same.
    return _NEWLINES.sub("\n", text).strip(" \t\n")


def clean_signature(name: object) -> str:
    """The name that signs a text: one line, trimmed; "" when there is none."""
    if name is None:
        return ""
    if not isinstance(name, str):
        raise InvalidValue(f"name must be a string or None, not {type(name).__name__}")
    signature = clean_personal(name)
    if "\n" in signature:
        raise InvalidValue("name must be a single line")
    return signature


def host_in(host: str, domains: Iterable[str]) -> bool:
    """True when host is one of the domains or a sub-domain of one (dot boundary)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def text_sha256(text: str) -> str:
    """The fingerprint kept for a sent text: SHA-256 of its UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- dates: strict RFC 3339, calendar days, iCalendar ------------------------------

# Upper-case T and Z only, seconds required, a zone required; the day is checked
# against its month after the match.
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(Z|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)


def parse_timestamp(value: object) -> datetime.datetime | None:
    """A strict RFC 3339 date-time with its zone, or None (upper-case T and Z)."""
    match = _TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    offset = 0
    if match[9]:
        if int(match[10]) > 23 or int(match[11]) > 59:
            return None
        offset = (int(match[10]) * 60 + int(match[11])) * (-1 if match[9] == "-" else 1)
    # Digits past microseconds are cut: a receipt never needs them.
    micro = int((match[7] or "").ljust(6, "0")[:6])
    zone = datetime.timezone(datetime.timedelta(minutes=offset))
    try:
        return datetime.datetime(year, month, day, hour, minute, second, micro, zone)
    except ValueError:
        return None


def format_day(
    day: str, parts: Sequence[Mapping[str, str]], months: Sequence[str]
) -> str:
    """An ISO day (YYYY-MM-DD) as a language writes it in prose: `parts` are its long
    date pattern compiled ({"text": ...} or {"field": "d" | "dd" | "M" | "MM" | "MMMM"
    | "y" | "yyyy"}), `months` its twelve month names as a date names them."""
    year, month, date = (int(part) for part in day.split("-"))
    values = {
        "d": str(date),
        "dd": f"{date:02d}",
        "M": str(month),
        "MM": f"{month:02d}",
        "MMM": months[month - 1],
        "MMMM": months[month - 1],
        "y": str(year),
        "yyyy": f"{year:04d}",
    }
    return "".join(p["text"] if "text" in p else values[p["field"]] for p in parts)


def add_days(day: str, days: int) -> str:
    """The ISO calendar day `days` after an ISO day (YYYY-MM-DD)."""
    return (
        datetime.date.fromisoformat(day) + datetime.timedelta(days=days)
    ).isoformat()


def utc_string(moment: datetime.datetime) -> str:
    """The canonical UTC form of a moment, to the second: 2026-05-01T10:00:00Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ics_escape(text: str) -> str:
    return re.sub(r"[\\;,\n]", lambda m: "\\n" if m[0] == "\n" else "\\" + m[0], text)


def _ics_fold(line: str) -> str:
    """RFC 5545 folding: lines of at most 75 octets, continued with a space."""
    out: list[str] = []
    current, octets = "", 0
    for char in line:
        size = len(char.encode("utf-8"))
        if octets + size > (74 if out else 75):
            out.append(current)
            current, octets = "", 0
        current += char
        octets += size
    out.append(current)
    return "\r\n ".join(out)


def ics_calendar(
    uid_seed: str, stamp: datetime.datetime, events: Sequence[Mapping[str, str]]
) -> str:
    """An iCalendar file of all-day events ({date, title, url?}), UIDs from a seed."""
    uid = text_sha256(uid_seed)[:32]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//optout//reminders//EN"]
    lines.append("CALSCALE:GREGORIAN")
    for number, event in enumerate(events, 1):
        day = event["date"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}-{number}@optout.invalid",
            f"DTSTAMP:{utc_string(stamp).replace('-', '').replace(':', '')}",
            f"DTSTART;VALUE=DATE:{day.replace('-', '')}",
            f"DTEND;VALUE=DATE:{add_days(day, 1).replace('-', '')}",
            f"SUMMARY:{_ics_escape(event['title'])}",
        ]
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_ics_fold(line) + "\r\n" for line in lines)


# --- shapes: the receipt schema's few rules, in the order the extension checks them --


def check_shape(schema: Mapping[str, Any], data: object, what: str) -> None:
    """Check data against a flat schema ({required, properties}) in one order: an
    object, unknown fields, missing ones, then each field as its `x-expected` says."""
    if not isinstance(data, Mapping):
        raise InvalidValue(f"{what} must be a JSON object")
    fields = schema["properties"]
    unknown = [key for key in data if key not in fields]
    if unknown:
        raise InvalidValue(
            f"{what} has unknown field(s) {', '.join(unknown)}; remove them"
        )
    missing = [key for key in schema["required"] if key not in data]
    if missing:
        raise InvalidValue(f"{what} lacks {', '.join(missing)}; add them")
    for key, rule in fields.items():
        if key in data and not Validator(rule).is_valid(data[key]):
            raise InvalidValue(f"{what} {key} must be {rule['x-expected']}")
