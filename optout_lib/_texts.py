"""Which texts of the records people read, and in which languages each must exist.

A text is person-facing when a screen, a letter or the command line shows it (the
contributors' `notes` are not). It is shown in countries: a route's in the countries of
the groups it serves, a group's in its countries, a regulator's where it is the national
or the lead authority, a reply's or lint rule's everywhere there is an objection route.
Wherever it is shown it must exist in every shipped language: people read optout in
their browser's language, whichever it is and wherever they live (a German speaker in
the United States reads the no-route advice in German).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._data import RECORD_DIRS, RawData

#: record type -> the pointers (list indexes as `N`) of the texts people read
PERSON_FACING: dict[str, re.Pattern[str]] = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "route": r"/(title|summary|app_path|myth_buster|steps/N/text|urls/N/label"
        r"|failure_modes/N/(symptom|what_to_do)|alternatives/N/(text|limits)"
        r"|form/fields/N/note)",
        "group": r"/(name|regulator_choice|objection_effect/(does|does_not)/N"
        r"|key_dates/N/event|reply_deadline/reminder)",
        "jurisdiction": r"/(local_rights|key_dates/N/event)",
        "regulator": r"/(name|what_to_attach/N|deadlines/N"
        r"|complaint_deadline/reminder)",
        "reply": r"/(summary|next_steps/N)",
        "lint": r"/(message|suggestion)",
    }.items()
}


@dataclass(frozen=True)
class Text:
    """One person-facing text: where it is, its languages, and who must read it."""

    kind: str
    record_id: str
    pointer: str
    localized: dict[str, str]
    #: the shipped languages it must exist in, each with a country that needs it
    needed: dict[str, str]
    #: the groups (and so the laws) of the countries it is shown in
    groups: frozenset[str]

    @property
    def folder(self) -> str:
        """The record's data folder (`routes`, `groups`, ...)."""
        return RECORD_DIRS[self.kind]


def _localized(value: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every {en: ..., <lang>: ...} text inside a record, with its JSON pointer."""
    if isinstance(value, dict):
        if isinstance(value.get("en"), str) and all(
            isinstance(v, str) for v in value.values()
        ):
            yield pointer, value
            return
        for key, item in value.items():
            if key != "sources":
                yield from _localized(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _localized(item, f"{pointer}/{i}")


def _readers(raw: RawData) -> dict[tuple[str, str], list[str]]:
    """(record type, id) -> the countries that are shown its texts."""
    jurisdictions = raw.records["jurisdiction"]
    groups = raw.records["group"]
    in_group: dict[str, list[str]] = {}
    for jid, rec in sorted(jurisdictions.items()):
        in_group.setdefault(rec["group"], []).append(jid)
    with_route = [
        jid
        for g, rec in groups.items()
        if rec["objection_route"]
        for jid in in_group.get(g, [])
    ]
    readers: dict[tuple[str, str], list[str]] = {}
    for rid, route in raw.records["route"].items():
        readers[("route", rid)] = [
            j for g in route["groups"] for j in in_group.get(g, [])
        ]
    for gid, group in groups.items():
        readers[("group", gid)] = in_group.get(gid, [])
        lead = group.get("lead_regulator")
        if lead:
            readers.setdefault(("regulator", lead), []).extend(in_group.get(gid, []))
    for jid, rec in jurisdictions.items():
        readers[("jurisdiction", jid)] = [jid]
        if rec.get("regulator"):
            readers.setdefault(("regulator", rec["regulator"]), []).append(jid)
    for kind in ("reply", "lint"):
        for rid in raw.records.get(kind, {}):
            readers[(kind, rid)] = with_route
    return readers


def person_facing(raw: RawData) -> Iterator[Text]:
    """Every person-facing text of the records, with the languages it needs."""
    shipped = set(raw.records["language"])
    jurisdictions = raw.records["jurisdiction"]
    readers = _readers(raw)
    for kind, pattern in PERSON_FACING.items():
        for rid, record in sorted(raw.records.get(kind, {}).items()):
            shown_in = sorted(set(readers.get((kind, rid), [])))
            groups = frozenset(jurisdictions[jid]["group"] for jid in shown_in)
            # Every shipped language, each with a country that shows the text.
            needed = {lang: shown_in[0] for lang in sorted(shipped)} if shown_in else {}
            for pointer, localized in _localized(record):
                if pattern.fullmatch(re.sub(r"/\d+(?=/|$)", "/N", pointer)):
                    yield Text(kind, rid, pointer, localized, needed, groups)
