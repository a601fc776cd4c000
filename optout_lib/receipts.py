"""Receipts kept after objecting, and the reminders that follow from them."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import _data
from .catalogue import Catalogue
from .errors import InvalidValue
from .models import say


@dataclass(frozen=True)
class Receipt:
    """A validated receipt (see `data/schema/receipt.schema.json`)."""

    platform: str
    country: str
    route: str
    submitted_at: datetime.datetime
    account: str | None = None
    data_version: str | None = None
    text: str | None = None
    text_sha256: str | None = None
    reply: str | None = None
    replied_at: datetime.datetime | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Reminder:
    """A follow-up date for the calendar."""

    date: datetime.date
    title: str
    #: where to act on it (the regulator's complaint page), if any
    url: str | None


@cache
def _validator() -> Any:
    return _data._Validators(_data.package_data() / "schema").by_id["receipt"]


def text_sha256(text: str) -> str:
    """The fingerprint kept for a sent text: SHA-256 of its UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _timestamp(value: str, field: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidValue(
            f"receipt {field} must be a date and time with a time zone, "
            f"e.g. 2026-05-01T10:00:00Z, not {value!r}"
        )
    # Reminders add months to it; a year like 9999 would overflow, 0001 is no receipt.
    if not 2000 <= parsed.year <= 2999:
        raise InvalidValue(
            f"receipt {field} must be in the years 2000-2999, not {value!r}"
        )
    return parsed


def parse_receipt(catalogue: Catalogue, data: Mapping[str, Any] | Receipt) -> Receipt:
    """Validate a receipt (as exported by the extension) and return it typed."""
    if isinstance(data, Receipt):
        return data
    if not isinstance(data, Mapping):
        raise InvalidValue(f"receipt must be a JSON object, not {type(data).__name__}")
    errors = sorted(_validator().iter_errors(dict(data)), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise InvalidValue(f"receipt {where}: {errors[0].message}")
    platform = catalogue.platform(data["platform"]).id
    country = catalogue.country(data["country"]).id
    if data["route"] not in catalogue.routes:
        raise InvalidValue(
            f"receipt route {data['route']!r} is unknown; valid: "
            f"{', '.join(sorted(catalogue.routes))}"
        )
    text = data.get("text")
    digest = data.get("text_sha256")
    if text is not None and digest is not None and text_sha256(text) != digest:
        raise InvalidValue("receipt text_sha256 does not match its text")
    return Receipt(
        platform=platform,
        country=country,
        route=data["route"],
        submitted_at=_timestamp(data["submitted_at"], "submitted_at"),
        account=data.get("account"),
        data_version=data.get("data_version"),
        text=text,
        text_sha256=digest,
        reply=data.get("reply"),
        replied_at=(
            _timestamp(data["replied_at"], "replied_at")
            if "replied_at" in data
            else None
        ),
        outcome=data.get("outcome"),
    )


def reminders(
    catalogue: Catalogue, receipt: Mapping[str, Any] | Receipt, *, language: str = "en"
) -> tuple[Reminder, ...]:
    """Follow-up dates for a receipt: Meta's time to answer, a complaint deadline."""
    parsed = parse_receipt(catalogue, receipt)
    lang = catalogue.language(language)
    jurisdiction = catalogue.country(parsed.country)
    group = catalogue.groups[jurisdiction.group]
    regulator = catalogue.regulator_for(parsed.country)
    sent = parsed.submitted_at.date()
    found = []
    complaint_url = regulator.complaint_url if regulator else None
    if group.reply_deadline is not None:
        deadline = group.reply_deadline
        found.append(
            Reminder(
                sent + datetime.timedelta(days=deadline.days),
                say(deadline.reminder, lang),
                complaint_url,
            )
        )
    if regulator is not None and regulator.complaint_deadline is not None:
        deadline = regulator.complaint_deadline
        # A week early: the deadline counts from the last contact with Meta, which we
        # only know as the day the objection was sent.
        found.append(
            Reminder(
                sent + datetime.timedelta(days=deadline.days - 7),
                say(deadline.reminder, lang),
                complaint_url,
            )
        )
    return tuple(sorted(found, key=lambda r: r.date))


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 folding: lines of at most 75 octets, continued with a space."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return "\r\n ".join(out)


def reminders_ics(receipt: Receipt, items: tuple[Reminder, ...]) -> str:
    """An iCalendar file of all-day events, one per reminder, made on the device."""
    # Stable UIDs and DTSTAMP from the receipt: re-exporting gives the same file, and
    # calendar apps update events instead of duplicating them.
    seed = text_sha256(f"{receipt.platform}|{receipt.route}|{receipt.submitted_at}")
    stamp = receipt.submitted_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//optout//reminders//EN",
        "CALSCALE:GREGORIAN",
    ]
    for number, item in enumerate(items, 1):
        day = item.date
        lines += [
            "BEGIN:VEVENT",
            f"UID:{seed[:32]}-{number}@optout.invalid",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(item.title)}",
        ]
        if item.url:
            lines.append(f"URL:{item.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
