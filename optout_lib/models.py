"""Frozen dataclasses for the records optout_lib returns."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

#: Text keyed by BCP 47 language tag; always has "en". Read-only.
Localized = Mapping[str, str]


def say(text: Localized, language: str) -> str:
    """A localized text in one language, falling back to English (always present)."""
    return text.get(language) or text["en"]


#: phrases keyed by BCP 47 language tag (a language may have none). Read-only.
Words = Mapping[str, tuple[str, ...]]

#: metadata for a field that `to_data` leaves out, so the CLI's and the API's answers
#: keep the shape they had before the field was modelled
NOT_OUTPUT = {"output": False}

Kind = Literal["objection", "third-party", "none"]
MatchedBy = Literal["form-id", "words"]
FormState = Literal["submitted", "error"]


@dataclass(frozen=True)
class Evidence:
    """How a record's facts are backed: where from, when and how checked."""

    sources: tuple[str, ...]
    last_verified: datetime.date
    method: str
    confidence: str


@dataclass(frozen=True)
class Platform:
    """A Meta product, e.g. Instagram."""

    id: str
    name: str
    hosts: tuple[str, ...]
    accounts_centre: bool
    notes: Localized | None
    evidence: Evidence


@dataclass(frozen=True)
class KeyDate:
    """A dated event (notice, training start, regulator decision)."""

    date: datetime.date
    event: Localized
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Jurisdiction:
    """A country with the law, route and regulator that apply there."""

    id: str
    name: Localized
    aliases: tuple[str, ...]
    group: str
    law: str
    objection_route: bool
    regulator: str | None
    lead_regulator: str | None
    #: which of the two to complain to, when there is a lead authority
    regulator_choice: Localized | None
    languages: tuple[str, ...]
    key_dates: tuple[KeyDate, ...]
    objection_does: tuple[Localized, ...]
    objection_does_not: tuple[Localized, ...]
    local_rights: Localized | None
    notes: Localized | None
    evidence: Evidence


@dataclass(frozen=True)
class RouteUrl:
    """A Meta page where a route starts."""

    url: str
    role: str
    label: Localized | None
    confidence: str


@dataclass(frozen=True)
class Step:
    """One instruction on the way to and through a form."""

    text: Localized
    url: str | None


@dataclass(frozen=True)
class FormField:
    """A field Meta's form asks for and whether it is required."""

    field: str
    required: str
    note: Localized | None


@dataclass(frozen=True)
class FormSpec:
    """What a route's form asks for."""

    fields: tuple[FormField, ...]
    code_step: str
    login_required: str


@dataclass(frozen=True)
class FailureMode:
    """A known way the form fails, and what to do about it."""

    id: str
    symptom: Localized
    what_to_do: Localized
    confidence: str
    #: the checklist state whose card shows what_to_do as its advice, if any
    state: str | None = None


@dataclass(frozen=True)
class Alternative:
    """Something a person can do where no (or as well as an) objection route exists."""

    id: str
    text: Localized
    limits: Localized | None
    url: str | None


@dataclass(frozen=True)
class Route:
    """What a person on a platform in a jurisdiction can do."""

    id: str
    kind: Kind
    platforms: tuple[str, ...]
    groups: tuple[str, ...]
    title: Localized
    summary: Localized
    urls: tuple[RouteUrl, ...]
    form_ids: tuple[str, ...]
    steps: tuple[Step, ...]
    #: where the objection is in the phone app, as one line of menu names
    app_path: Localized | None
    form: FormSpec | None
    failure_modes: tuple[FailureMode, ...]
    alternatives: tuple[Alternative, ...]
    myth_buster: Localized | None
    notes: Localized | None
    evidence: Evidence

    @property
    def sources(self) -> tuple[str, ...]:
        """The route's sources (shortcut for ``evidence.sources``)."""
        return self.evidence.sources

    @property
    def last_verified(self) -> datetime.date:
        """When the route was last compared with its sources."""
        return self.evidence.last_verified

    @property
    def method(self) -> str:
        """How the route's facts were checked."""
        return self.evidence.method


@dataclass(frozen=True)
class Deadline:
    """A number of days after the objection was sent, and the reminder then due."""

    days: int
    reminder: Localized


@dataclass(frozen=True)
class Group:
    """A jurisdiction group: the law and what an objection does, shared by countries."""

    id: str
    name: Localized
    law: str
    #: how texts cite this law, in any language (checks keep a citation to its law)
    citations: tuple[str, ...]
    objection_route: bool
    lead_regulator: str | None
    regulator_choice: Localized | None
    objection_does: tuple[Localized, ...]
    objection_does_not: tuple[Localized, ...]
    key_dates: tuple[KeyDate, ...]
    #: how long Meta has to answer under this law, where the law sets a time
    reply_deadline: Deadline | None
    evidence: Evidence


@dataclass(frozen=True)
class Regulator:
    """A data-protection authority people can complain to."""

    id: str
    name: Localized
    short_name: str
    country: str
    website: str
    complaint_url: str | None
    languages: tuple[str, ...]
    contact_controller_first: str
    what_to_attach: tuple[Localized, ...]
    deadlines: tuple[Localized, ...]
    notes: Localized | None
    evidence: Evidence
    #: the time limit for complaining, when there is one (receipts' reminders)
    complaint_deadline: Deadline | None = field(default=None, metadata=NOT_OUTPUT)


@dataclass(frozen=True)
class Argument:
    """One reason for an objection, in one language."""

    id: str
    language: str
    title: str
    text: str
    tags: tuple[str, ...]
    laws: tuple[str, ...]
    why: Localized
    review: str
    evidence: Evidence

    @property
    def sources(self) -> tuple[str, ...]:
        """The argument's sources (shortcut for ``evidence.sources``)."""
        return self.evidence.sources


@dataclass(frozen=True)
class Language:
    """A language the texts are written in, and how they were reviewed (its letters
    are templates: `Catalogue.letter`)."""

    id: str
    #: the language's own name for itself
    name: str
    english_name: str
    #: `native-reviewed`, `machine-drafted`, ...
    review: str
    evidence: Evidence


@dataclass(frozen=True)
class Reply:
    """One outcome of Meta's answer, the phrases that show it and what to do next."""

    #: accepted, rejected, needs-info, form-error, unrelated or unknown
    id: str
    phrases: Words
    summary: Localized
    next_steps: tuple[Localized, ...]
    notes: Localized | None
    evidence: Evidence


@dataclass(frozen=True)
class LintRule:
    """Words in a person's own text to point out, with a neutral fix."""

    id: str
    #: `own-situation` (words that should be there) or `discloses` (words that
    #: should not)
    kind: str
    words: Words
    message: Localized
    suggestion: Localized
    suggest_arguments: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class LinkHints:
    """How links to Meta's AI forms are recognised: URL patterns and link words."""

    form_url_patterns: tuple[str, ...]
    excluded_form_ids: tuple[str, ...]
    #: route kind (`objection`, `third-party`) -> its link words
    words: Mapping[str, Words]


@dataclass(frozen=True)
class Hints:
    """What the pages of a set of Meta sites look like to optout."""

    id: str
    platforms: tuple[str, ...]
    hosts: tuple[str, ...]
    link: LinkHints
    #: form state (`submitted`, `error`) -> the words the form page shows then
    form_states: Mapping[str, Words]
    notes: Localized | None
    evidence: Evidence


@dataclass(frozen=True)
class FieldRename:
    """A context rule: matched only by bare words next to `with_field`, a field is
    renamed `to`."""

    with_field: str
    to: str


@dataclass(frozen=True)
class LogicalField:
    """A logical form field (e-mail, country, ...) as the detector knows it."""

    id: str
    description: str
    elements: tuple[str, ...]
    threshold: float
    margin: float
    traits: Mapping[str, float]
    attribute_words: tuple[str, ...]
    words: Words
    weak_words: Words
    negative_words: Words
    becomes: tuple[FieldRename, ...]
    bare_words: Words
    notes: Localized | None
    evidence: Evidence


@dataclass(frozen=True)
class DetectorSettings:
    """The form detector's weights and its filler and submit words."""

    id: str
    #: label source (`label`, `placeholder`, ...) -> how much its words count
    sources_quality: Mapping[str, float]
    weak: float
    agreement: float
    negative: float
    other_language: float
    fit_roots: int
    fit_floor: float
    filler_words: Words
    submit_words: Words
    notes: Localized | None
    evidence: Evidence


@dataclass(frozen=True)
class CountryNames:
    """Every country's name in every language the data speaks, and how each shipped
    language writes a date (from CLDR)."""

    id: str
    generated_with: str
    #: language -> ISO code -> name
    names: Mapping[str, Mapping[str, str]]
    #: shipped language -> its long date, compiled
    dates: Mapping[str, DateFormat]
    evidence: Evidence


@dataclass(frozen=True)
class DateFormat:
    """How a language writes a day in prose: its long date pattern compiled into text
    and fields ({"text": ". "}, {"field": "MMMM"}), and its months as a date names
    them (engine.format_day applies it)."""

    parts: tuple[Mapping[str, str], ...]
    months: tuple[str, ...]


@dataclass(frozen=True)
class LetterTemplate:
    """One language's letter of one kind, parsed once: its subject and body."""

    #: the subject line; None for the objection, which goes into Meta's form
    subject: str | None
    #: the template's nodes exactly as `engine.parse_template` returns them: text,
    #: `{"var": name}` and blocks `{"if", "equals", "not", "then"}`, JSON-ready
    body: tuple[str | dict[str, Any], ...]


@dataclass(frozen=True)
class FoundLink:
    """A link in a page that leads to one of Meta's AI forms."""

    href: str
    kind: Kind
    form_id: str
    text: str
    matched_by: MatchedBy


@dataclass(frozen=True)
class FoundField:
    """A form control identified as a logical field, with what decided it."""

    #: email, email_confirm, country, reason, details, code, first_name, last_name,
    #: full_name
    field: str
    #: a CSS selector by id or name when one is unique, else the XPath
    locator: str
    #: the control's tag: input, select, textarea, or the element with its role
    element: str
    #: index of the control's form among the page's forms, in document order
    form: int
    #: 0.25 to 1: how clearly the control won (score and margin over rivals)
    confidence: float
    #: the evidence that decided it: `words:<source>:<phrase>`, `trait:<trait>`, ...
    evidence: tuple[str, ...]
    #: "ok", or "hidden", "disabled", "readonly": reported, never filled
    state: str
    #: the control's absolute XPath in the parsed document
    path: str


@dataclass(frozen=True)
class PageAnalysis:
    """What analyze_page found in one page."""

    url: str
    language: str | None
    platform: str | None
    page_kind: Kind | None
    form_id: str | None
    links: tuple[FoundLink, ...]
    fields: tuple[FoundField, ...]
    #: on a form page: "submitted" or "error" when the page's own words say so
    form_state: FormState | None = None


def to_data(value: object) -> object:
    """Turn records into plain JSON-ready data; `Evidence` fields are flattened."""
    if hasattr(value, "__dataclass_fields__"):
        result: dict[str, object] = {}
        for name, spec in value.__dataclass_fields__.items():
            if not spec.metadata.get("output", True):
                continue
            item = getattr(value, name)
            if isinstance(item, Evidence):  # a record's sources, flattened
                result.update(to_data(item))  # type: ignore[call-overload]
            else:
                result[name] = to_data(item)
        return result
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
