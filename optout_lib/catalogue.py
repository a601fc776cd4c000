"""The validated knowledge base: typed records and the lookups over them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import _checks, _data
from .engine import parse_template
from .errors import (
    DataError,
    InvalidValue,
    UnknownCountry,
    UnknownLanguage,
    UnknownPlatform,
)
from .models import (
    Alternative,
    Argument,
    Evidence,
    FailureMode,
    FormField,
    FormSpec,
    Jurisdiction,
    KeyDate,
    LetterTemplate,
    Localized,
    Platform,
    Regulator,
    Route,
    RouteUrl,
    Step,
)

Record = dict[str, Any]


def _loc(value: Mapping[str, str] | None) -> Localized | None:
    return None if value is None else MappingProxyType(dict(value))


def _locs(values: list[Mapping[str, str]]) -> tuple[Localized, ...]:
    return tuple(MappingProxyType(dict(v)) for v in values)


def _evidence(rec: Record) -> Evidence:
    return Evidence(
        sources=tuple(rec["sources"]),
        last_verified=datetime.date.fromisoformat(rec["last_verified"]),
        method=rec["method"],
        confidence=rec["confidence"],
    )


def _key_dates(values: list[Record]) -> tuple[KeyDate, ...]:
    return tuple(
        KeyDate(
            datetime.date.fromisoformat(d["date"]),
            MappingProxyType(d["event"]),
            tuple(d["sources"]),
        )
        for d in values
    )


def _platform(rec: Record) -> Platform:
    return Platform(
        rec["id"],
        rec["name"],
        tuple(rec["hosts"]),
        rec["accounts_centre"],
        _loc(rec.get("notes")),
        _evidence(rec),
    )


def _jurisdiction(rec: Record, group: Record) -> Jurisdiction:
    dates = sorted(
        group["key_dates"] + rec.get("key_dates", []), key=lambda d: d["date"]
    )
    return Jurisdiction(
        id=rec["id"],
        name=MappingProxyType(rec["name"]),
        aliases=tuple(rec.get("aliases", ())),
        group=rec["group"],
        law=group["law"],
        objection_route=group["objection_route"],
        regulator=rec.get("regulator"),
        lead_regulator=group.get("lead_regulator"),
        regulator_choice=_loc(group.get("regulator_choice")),
        languages=tuple(rec["languages"]),
        key_dates=_key_dates(dates),
        objection_does=_locs(group["objection_effect"]["does"]),
        objection_does_not=_locs(group["objection_effect"]["does_not"]),
        local_rights=_loc(rec.get("local_rights")),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


def _route(rec: Record) -> Route:
    form = rec.get("form")
    return Route(
        id=rec["id"],
        kind=rec["kind"],
        platforms=tuple(rec["platforms"]),
        groups=tuple(rec["groups"]),
        title=MappingProxyType(rec["title"]),
        summary=MappingProxyType(rec["summary"]),
        urls=tuple(
            RouteUrl(
                u["url"],
                u["role"],
                _loc(u.get("label")),
                u.get("confidence", rec["confidence"]),
            )
            for u in rec["urls"]
        ),
        form_ids=tuple(rec.get("form_ids", ())),
        steps=tuple(
            Step(MappingProxyType(s["text"]), s.get("url")) for s in rec["steps"]
        ),
        app_path=_loc(rec.get("app_path")),
        form=None
        if form is None
        else FormSpec(
            tuple(
                FormField(f["field"], f["required"], _loc(f.get("note")))
                for f in form["fields"]
            ),
            form["code_step"],
            form.get("login_required", "unknown"),
        ),
        failure_modes=tuple(
            FailureMode(
                f["id"],
                MappingProxyType(f["symptom"]),
                MappingProxyType(f["what_to_do"]),
                f["confidence"],
            )
            for f in rec.get("failure_modes", ())
        ),
        alternatives=tuple(
            Alternative(
                a["id"],
                MappingProxyType(a["text"]),
                _loc(a.get("limits")),
                a.get("url"),
            )
            for a in rec.get("alternatives", ())
        ),
        myth_buster=_loc(rec.get("myth_buster")),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


def _regulator(rec: Record) -> Regulator:
    return Regulator(
        id=rec["id"],
        name=MappingProxyType(rec["name"]),
        short_name=rec["short_name"],
        country=rec["country"],
        website=rec["website"],
        complaint_url=rec.get("complaint_url"),
        languages=tuple(rec["languages"]),
        contact_controller_first=rec["contact_controller_first"],
        what_to_attach=_locs(rec["what_to_attach"]),
        deadlines=_locs(rec["deadlines"]),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


# eq=False keeps identity hashing, so per-catalogue caches can key on the object.
@dataclass(frozen=True, eq=False)
class Catalogue:
    """All knowledge from one data folder, validated, with typed lookups."""

    raw: _data.RawData
    platforms: Mapping[str, Platform]
    jurisdictions: Mapping[str, Jurisdiction]
    routes: Mapping[str, Route]
    regulators: Mapping[str, Regulator]
    #: language -> argument id -> Argument, in id order
    arguments: Mapping[str, Mapping[str, Argument]]
    #: (language, letter kind) -> its parsed template
    letters: Mapping[tuple[str, str], LetterTemplate]
    #: lower-cased code or alias -> ISO code
    _country_keys: Mapping[str, str]

    @classmethod
    def from_raw(cls, raw: _data.RawData) -> Catalogue:
        """Build typed records from data that has passed every check."""
        records = raw.records
        country_keys: dict[str, str] = {}
        for jid, rec in records["jurisdiction"].items():
            for key in [jid, *rec.get("aliases", ())]:
                country_keys[key.lower()] = jid
        arguments = {
            lang: {
                aid: Argument(
                    id=aid,
                    language=lang,
                    title=raw.texts[lang][aid][0],
                    text=raw.texts[lang][aid][1],
                    tags=tuple(meta["tags"]),
                    laws=tuple(meta["laws"]),
                    why=MappingProxyType(meta["why"]),
                    review=lrec["review"],
                    evidence=_evidence(meta),
                )
                for aid, meta in sorted(records["argument"].items())
            }
            for lang, lrec in sorted(records["language"].items())
        }
        return cls(
            raw=raw,
            platforms={k: _platform(v) for k, v in sorted(records["platform"].items())},
            jurisdictions={
                k: _jurisdiction(v, records["group"][v["group"]])
                for k, v in sorted(records["jurisdiction"].items())
            },
            routes={k: _route(v) for k, v in sorted(records["route"].items())},
            regulators={
                k: _regulator(v) for k, v in sorted(records["regulator"].items())
            },
            arguments=arguments,
            letters={
                (lang, kind): LetterTemplate(
                    subject=lrec["subjects"].get(kind),
                    body=tuple(parse_template(raw.letters[lang][kind])),
                )
                for lang, lrec in sorted(records["language"].items())
                for kind in _data.LETTER_KINDS
            },
            _country_keys=country_keys,
        )

    def letter(self, language: object, kind: object) -> LetterTemplate:
        """The parsed template of a letter (`objection`, `complaint`, `third-party`)."""
        lang = self.language(language)
        if kind not in _data.LETTER_KINDS:
            raise InvalidValue(
                f"letter kind must be one of {', '.join(_data.LETTER_KINDS)}, "
                f"not {kind!r}"
            )
        return self.letters[(lang, str(kind))]

    def country(self, code: object) -> Jurisdiction:
        """Return the jurisdiction for an ISO code or alias, case-insensitively."""
        if not isinstance(code, str):
            raise InvalidValue(f"country must be a string such as 'DE', not {code!r}")
        key = code.strip().lower()
        if key not in self._country_keys:
            raise UnknownCountry(code, self.jurisdictions)
        return self.jurisdictions[self._country_keys[key]]

    def platform(self, platform_id: object) -> Platform:
        """Return the platform for an id, case-insensitively."""
        if not isinstance(platform_id, str):
            raise InvalidValue(
                f"platform must be a string such as 'instagram', not {platform_id!r}"
            )
        key = platform_id.strip().lower()
        if key not in self.platforms:
            raise UnknownPlatform(platform_id, self.platforms)
        return self.platforms[key]

    def language(self, tag: object) -> str:
        """Return the canonical form of a shipped language tag (`pt-br` -> `pt-BR`)."""
        if not isinstance(tag, str):
            raise InvalidValue(f"language must be a string such as 'de', not {tag!r}")
        wanted = tag.strip().replace("_", "-").lower()
        for known in self.arguments:
            if known.lower() == wanted:
                return known
        raise UnknownLanguage(tag, self.arguments)

    def routes_for(self, platform: object, country: object) -> tuple[Route, ...]:
        """Routes for a platform in a country: the objection/none route first."""
        pid = self.platform(platform).id
        group = self.country(country).group
        found = [
            r
            for r in self.routes.values()
            if pid in r.platforms and (group in r.groups or "*" in r.groups)
        ]
        # The one objection-or-none route leads; the third-party form follows.
        return tuple(sorted(found, key=lambda r: (r.kind == "third-party", r.id)))

    def regulator_for(self, country: object) -> Regulator | None:
        """The national regulator for a country, or None where there is none."""
        rid = self.country(country).regulator
        return None if rid is None else self.regulators[rid]

    def hints_for(self, platform: object) -> Mapping[str, Any]:
        """The raw hints record (as in the bundle) that describes a platform's pages."""
        pid = self.platform(platform).id
        return next(
            h for h in self.raw.records["hints"].values() if pid in h["platforms"]
        )


def load_catalogue(
    data_dir: str | Path | Traversable | None = None,
    *,
    overlays: Sequence[str | Path] = (),
) -> Catalogue:
    """Read, validate and check a data folder (default: the one in the package).

    Each overlay folder adds or replaces records by id (e.g. an organisation's own
    arguments), validated with the same schemas and checks. Raises DataError listing
    every problem, each with its file and field.
    """
    root: Traversable = (
        _data.package_data()
        if data_dir is None
        else (Path(data_dir) if isinstance(data_dir, str | Path) else data_dir)
    )
    raw, problems = _data.read_data(root, [Path(p) for p in overlays])
    if not problems:
        problems = _checks.run_checks(raw)
    if problems:
        raise DataError(problems)
    return Catalogue.from_raw(raw)


@cache
def default_catalogue() -> Catalogue:
    """The package's own data, loaded and checked once per process."""
    return load_catalogue()
