"""Receipts kept after objecting, and the reminders that follow from them."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import _data, engine
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
def receipt_shape() -> dict[str, Any]:
    """The receipt schema with its references resolved: {required, properties}."""
    schemas = _data._Validators(_data.package_data() / "schema").by_id
    schema = copy.deepcopy(schemas["receipt"].schema)
    common = schemas["common"].schema["$defs"]
    for rule in schema["properties"].values():
        ref = rule.pop("$ref", None)
        if ref:
            rule.update({**common[ref.rsplit("/", 1)[1]], **rule})
        rule.pop("description", None)
    return {"required": schema["required"], "properties": schema["properties"]}


def _timestamp(value: str, field: str) -> datetime.datetime:
    parsed = engine.parse_timestamp(value)
    if parsed is None:
        raise InvalidValue(
            f"receipt {field} must be a date and time with a time zone, "
            "e.g. 2026-05-01T10:00:00Z"
        )
    # Reminders add months to it; a year like 9999 would overflow, 0001 is no receipt.
    if not 2000 <= parsed.year <= 2999:
        raise InvalidValue(f"receipt {field} must be in the years 2000-2999")
    return parsed


def parse_receipt(catalogue: Catalogue, data: Mapping[str, Any] | Receipt) -> Receipt:
    """Validate a receipt (as exported by the extension) and return it typed."""
    if isinstance(data, Receipt):
        return data
    engine.check_shape(receipt_shape(), data, "receipt")
    platform = catalogue.platform(data["platform"]).id
    country = catalogue.country(data["country"]).id
    if data["route"] not in catalogue.routes:
        raise InvalidValue(
            f"receipt route {data['route']!r} is unknown; valid: "
            f"{', '.join(sorted(catalogue.routes))}"
        )
    submitted = _timestamp(data["submitted_at"], "submitted_at")
    replied = (
        _timestamp(data["replied_at"], "replied_at") if "replied_at" in data else None
    )
    text = data.get("text")
    digest = data.get("text_sha256")
    if text is not None and digest is not None and engine.text_sha256(text) != digest:
        raise InvalidValue("receipt text_sha256 does not match its text")
    return Receipt(
        platform=platform,
        country=country,
        route=data["route"],
        submitted_at=submitted,
        account=data.get("account"),
        data_version=data.get("data_version"),
        text=text,
        text_sha256=digest,
        reply=data.get("reply"),
        replied_at=replied,
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


def reminders_ics(receipt: Receipt, items: tuple[Reminder, ...]) -> str:
    """An iCalendar file of all-day events, one per reminder, made on the device."""
    # Stable UIDs and DTSTAMP from the receipt: re-exporting gives the same file, and
    # calendar apps update events instead of duplicating them.
    moment = engine.utc_string(receipt.submitted_at)
    events = [
        {"date": r.date.isoformat(), "title": r.title, "url": r.url or ""}
        for r in items
    ]
    return engine.ics_calendar(
        f"{receipt.platform}|{receipt.route}|{moment}", receipt.submitted_at, events
    )
