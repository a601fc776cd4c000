"""The validated knowledge base: typed records and the lookups over them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

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
    CountryNames,
    DateFormat,
    Deadline,
    DetectorSettings,
    Evidence,
    FailureMode,
    FieldRename,
    FormField,
    FormSpec,
    Group,
    Hints,
    Jurisdiction,
    KeyDate,
    Language,
    LetterTemplate,
    LinkHints,
    LintRule,
    Localized,
    LogicalField,
    Platform,
    Regulator,
    Reply,
    Route,
    RouteUrl,
    Step,
    Words,
)

if TYPE_CHECKING:
    from .letters import Letter
    from .lint import Finding
    from .models import FoundField, PageAnalysis
    from .receipts import Receipt, Reminder
    from .triage import TriageResult

Record = dict[str, Any]
T = TypeVar("T")


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


def _words(value: Mapping[str, list[str]] | None) -> Words:
    return MappingProxyType({k: tuple(v) for k, v in (value or {}).items()})


def _deadline(value: Record | None) -> Deadline | None:
    if value is None:
        return None
    return Deadline(value["days"], MappingProxyType(value["reminder"]))


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
                f.get("state"),
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


def _group(rec: Record) -> Group:
    return Group(
        id=rec["id"],
        name=MappingProxyType(rec["name"]),
        law=rec["law"],
        citations=tuple(rec.get("citations", ())),
        objection_route=rec["objection_route"],
        lead_regulator=rec.get("lead_regulator"),
        regulator_choice=_loc(rec.get("regulator_choice")),
        objection_does=_locs(rec["objection_effect"]["does"]),
        objection_does_not=_locs(rec["objection_effect"]["does_not"]),
        key_dates=_key_dates(rec["key_dates"]),
        reply_deadline=_deadline(rec.get("reply_deadline")),
        evidence=_evidence(rec),
    )


def _language(rec: Record) -> Language:
    return Language(
        id=rec["id"],
        name=rec["name"],
        english_name=rec["english_name"],
        review=rec["review"],
        evidence=_evidence(rec),
    )


def _reply(rec: Record) -> Reply:
    return Reply(
        id=rec["id"],
        phrases=_words(rec["phrases"]),
        summary=MappingProxyType(rec["summary"]),
        next_steps=_locs(rec["next_steps"]),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


def _lint_rule(rec: Record) -> LintRule:
    return LintRule(
        id=rec["id"],
        kind=rec["kind"],
        words=_words(rec["words"]),
        message=MappingProxyType(rec["message"]),
        suggestion=MappingProxyType(rec["suggestion"]),
        suggest_arguments=tuple(rec.get("suggest_arguments", ())),
        evidence=_evidence(rec),
    )


def _hints(rec: Record) -> Hints:
    link = rec["link"]
    return Hints(
        id=rec["id"],
        platforms=tuple(rec["platforms"]),
        hosts=tuple(rec["hosts"]),
        link=LinkHints(
            form_url_patterns=tuple(link["form_url_patterns"]),
            excluded_form_ids=tuple(link.get("excluded_form_ids", ())),
            words=MappingProxyType({k: _words(v) for k, v in link["words"].items()}),
        ),
        form_states=MappingProxyType(
            {k: _words(v) for k, v in rec.get("form_states", {}).items()}
        ),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


def _logical_field(rec: Record) -> LogicalField:
    return LogicalField(
        id=rec["id"],
        description=rec["description"],
        elements=tuple(rec["elements"]),
        threshold=rec["threshold"],
        margin=rec["margin"],
        traits=MappingProxyType(dict(rec["traits"])),
        attribute_words=tuple(rec.get("attribute_words", ())),
        words=_words(rec["words"]),
        weak_words=_words(rec.get("weak_words")),
        negative_words=_words(rec.get("negative_words")),
        becomes=tuple(FieldRename(r["with"], r["to"]) for r in rec.get("becomes", ())),
        bare_words=_words(rec.get("bare_words")),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


def _detector(rec: Record) -> DetectorSettings:
    return DetectorSettings(
        id=rec["id"],
        sources_quality=MappingProxyType(dict(rec["sources_quality"])),
        weak=rec["weak"],
        agreement=rec["agreement"],
        negative=rec["negative"],
        other_language=rec["other_language"],
        fit_roots=rec["fit_roots"],
        fit_floor=rec["fit_floor"],
        filler_words=_words(rec["filler_words"]),
        submit_words=_words(rec["submit_words"]),
        notes=_loc(rec.get("notes")),
        evidence=_evidence(rec),
    )


#: a CLDR date pattern's pieces: quoted text ('' is a quote), a field, other text
#: (scripts/country_names.py lets only d, dd, M, MM, MMM, MMMM, y and yyyy through)
_DATE_PIECE = re.compile(r"'((?:[^']|'')*)'|([dMy]+)|([^'a-zA-Z]+)")


def _date_format(rec: Record) -> DateFormat:
    """Compile a CLDR long date pattern ("d. MMMM y") into text and fields, once."""
    parts: list[Mapping[str, str]] = []
    for quoted, letters, other in _DATE_PIECE.findall(rec["pattern"]):
        if letters:
            parts.append(MappingProxyType({"field": letters}))
        else:
            text = quoted.replace("''", "'") if quoted else other
            parts.append(MappingProxyType({"text": text}))
    return DateFormat(parts=tuple(parts), months=tuple(rec["months"]))


def _country_names(rec: Record) -> CountryNames:
    return CountryNames(
        id=rec["id"],
        generated_with=rec["generated_with"],
        names=MappingProxyType(
            {lang: MappingProxyType(dict(per)) for lang, per in rec["names"].items()}
        ),
        dates=MappingProxyType(
            {lang: _date_format(d) for lang, d in sorted(rec["dates"].items())}
        ),
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
        complaint_deadline=_deadline(rec.get("complaint_deadline")),
    )


def _typed(
    records: Mapping[str, Record], build: Callable[[Record], T]
) -> Mapping[str, T]:
    return MappingProxyType({k: build(v) for k, v in sorted(records.items())})


# eq=False keeps identity hashing, so per-catalogue caches can key on the object;
# repr=False because the default would print every record (bound methods show it).
@dataclass(frozen=True, eq=False, repr=False)
class Catalogue:
    """All knowledge from one data folder, validated, with typed lookups."""

    raw: _data.RawData
    platforms: Mapping[str, Platform]
    jurisdictions: Mapping[str, Jurisdiction]
    routes: Mapping[str, Route]
    regulators: Mapping[str, Regulator]
    #: language -> argument id -> Argument, in id order
    arguments: Mapping[str, Mapping[str, Argument]]
    groups: Mapping[str, Group]
    #: language tag -> its record (the same tags as `arguments`)
    languages: Mapping[str, Language]
    #: reply outcome -> its phrases and next steps
    replies: Mapping[str, Reply]
    lint_rules: Mapping[str, LintRule]
    hints: Mapping[str, Hints]
    #: logical field id (email, country, ...) -> what the detector knows of it
    logical_fields: Mapping[str, LogicalField]
    detector: DetectorSettings
    country_names: CountryNames
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
            groups=_typed(records["group"], _group),
            languages=_typed(records["language"], _language),
            replies=_typed(records["reply"], _reply),
            lint_rules=_typed(records["lint"], _lint_rule),
            hints=_typed(records["hints"], _hints),
            logical_fields=_typed(records["field"], _logical_field),
            # One record of each: the schemas fix their ids.
            detector=_detector(records["detector"]["default"]),
            country_names=_country_names(records["countries"]["cldr"]),
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

    def __repr__(self) -> str:
        return (
            f"<Catalogue: {len(self.jurisdictions)} jurisdictions, "
            f"{len(self.routes)} routes, {len(self.arguments)} languages>"
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
        """Return the shipped language for a tag: exact (`pt-br` -> `pt-BR`), else its
        base language (`de-AT` -> `de`): the rule `view.py` documents."""
        if not isinstance(tag, str):
            raise InvalidValue(f"language must be a string such as 'de', not {tag!r}")
        wanted = tag.strip().replace("_", "-").lower()
        keys = {known.lower(): known for known in self.arguments}
        for candidate in (wanted, wanted.split("-")[0]):
            if candidate in keys:
                return keys[candidate]
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

    def language_tags(self) -> tuple[str, ...]:
        """Language tags objections can be composed in."""
        return tuple(self.arguments)

    def arguments_in(self, language: str) -> tuple[Argument, ...]:
        """All arguments with their title and text in one language, sorted by id."""
        return tuple(self.arguments[self.language(language)].values())

    # The operations below live in their own modules, which import this one for
    # its types; importing them when called keeps that cycle out of import time.

    def compose_objection(
        self,
        *,
        platform: str,
        country: str,
        language: str,
        arguments: Sequence[str],
        personal: str = "",
        name: str | None = None,
    ) -> str:
        """Compose the text for Meta's objection form from argument ids and words."""
        from . import compose

        return compose.compose_objection(
            self,
            platform=platform,
            country=country,
            language=language,
            arguments=arguments,
            personal=personal,
            name=name,
        )

    def compose_complaint(
        self,
        *,
        country: str,
        platform: str | None = None,
        language: str | None = None,
        receipt: Mapping[str, Any] | Receipt | None = None,
        name: str | None = None,
    ) -> Letter:
        """The complaint to the person's regulator, in its language, from a receipt."""
        from . import letters

        return letters.compose_complaint(
            self,
            country=country,
            platform=platform,
            language=language,
            receipt=receipt,
            name=name,
        )

    def compose_third_party_request(
        self,
        *,
        country: str,
        language: str,
        has_account: bool = True,
        name: str | None = None,
    ) -> Letter:
        """The text for Meta's third-party information form (data others shared)."""
        from . import letters

        return letters.compose_third_party_request(
            self,
            country=country,
            language=language,
            has_account=has_account,
            name=name,
        )

    def find_fields(
        self, html: str | bytes, *, language: str | None = None
    ) -> tuple[FoundField, ...]:
        """The logical fields (e-mail, country, reason, names, ...) of every form in
        any HTML page; `language` overrides the page's own when known."""
        from . import analyze

        return analyze.find_fields(self, html, language)

    def analyze_page(self, html: str | bytes, url: str) -> PageAnalysis:
        """Find links to Meta's AI forms and, on such a form, its fields."""
        from . import analyze

        return analyze.analyze_page(self, html, url)

    def bundle(self) -> dict[str, Any]:
        """The complete, deterministic data export used by the server and extension."""
        from . import export

        return export.build_bundle(self)

    def bundle_bytes(self) -> bytes:
        """The bundle serialised exactly as it is stored and served."""
        from . import export

        return export.dump_bundle(self.bundle())

    def triage_reply(self, text: str, *, language: str | None = None) -> TriageResult:
        """What Meta's pasted answer means: outcome, detected language, next steps."""
        from . import triage

        return triage.triage_reply(self, text, language=language)

    def lint_objection(self, text: str, language: str) -> list[Finding]:
        """Findings about the person's own words before they are sent; [] if none."""
        from . import lint

        return lint.lint_objection(self, text, language)

    def parse_receipt(self, data: Mapping[str, Any] | Receipt) -> Receipt:
        """Validate a receipt as the extension exports it; raises InvalidValue."""
        from . import receipts

        return receipts.parse_receipt(self, data)

    def reminders(
        self, receipt: Mapping[str, Any] | Receipt, *, language: str = "en"
    ) -> tuple[Reminder, ...]:
        """Follow-up dates for a receipt (time to answer, complaint deadlines)."""
        from . import receipts

        return receipts.reminders(self, receipt, language=language)

    def reminders_ics(
        self, receipt: Mapping[str, Any] | Receipt, *, language: str = "en"
    ) -> str:
        """The reminders for a receipt as an iCalendar (.ics) file's text."""
        from . import receipts

        parsed = receipts.parse_receipt(self, receipt)
        return receipts.reminders_ics(parsed, self.reminders(parsed, language=language))

    def has_letters(self, language: str) -> bool:
        """True when a language has every letter's template."""
        return all((language, kind) in self.letters for kind in _data.LETTER_KINDS)

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
