"""optout_lib: routes, arguments and page hints for objecting to Meta's AI training.

The data ships inside the package and is validated on first use. Every function
here reads the package's own data; use `load_catalogue(path)` for another folder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import analyze as _analyze
from . import compose as _compose
from . import export as _export
from . import letters as _letters
from . import lint as _lint
from . import receipts as _receipts
from . import triage as _triage
from .catalogue import Catalogue, default_catalogue, load_catalogue
from .errors import (
    DataError,
    InvalidValue,
    NoObjectionRoute,
    OptoutError,
    UnknownArgument,
    UnknownCountry,
    UnknownLanguage,
    UnknownPlatform,
)
from .letters import Letter
from .lint import Finding
from .models import (
    Argument,
    FoundField,
    FoundLink,
    Jurisdiction,
    PageAnalysis,
    Platform,
    Regulator,
    Route,
)
from .receipts import Receipt, Reminder
from .triage import TriageResult

__version__ = "0.1.0"

__all__ = [
    "Argument",
    "Catalogue",
    "DataError",
    "Finding",
    "Letter",
    "FoundField",
    "FoundLink",
    "InvalidValue",
    "Jurisdiction",
    "NoObjectionRoute",
    "OptoutError",
    "PageAnalysis",
    "Platform",
    "Receipt",
    "Regulator",
    "Reminder",
    "Route",
    "TriageResult",
    "UnknownArgument",
    "UnknownCountry",
    "UnknownLanguage",
    "UnknownPlatform",
    "__version__",
    "analyze_page",
    "arguments",
    "bundle",
    "bundle_bytes",
    "compose_complaint",
    "compose_objection",
    "compose_third_party_request",
    "find_fields",
    "jurisdictions",
    "languages",
    "lint_objection",
    "load_catalogue",
    "parse_receipt",
    "platforms",
    "regulator_for",
    "reminders",
    "reminders_ics",
    "routes_for",
    "triage_reply",
]


def platforms() -> tuple[Platform, ...]:
    """All platforms, sorted by id."""
    return tuple(default_catalogue().platforms.values())


def jurisdictions() -> tuple[Jurisdiction, ...]:
    """All jurisdictions, sorted by ISO code."""
    return tuple(default_catalogue().jurisdictions.values())


def languages() -> tuple[str, ...]:
    """Language tags objections can be composed in."""
    return tuple(default_catalogue().arguments)


def routes_for(platform: str, country: str) -> tuple[Route, ...]:
    """Routes for a platform in a country: the objection (or none) route first."""
    return default_catalogue().routes_for(platform, country)


def regulator_for(country: str) -> Regulator | None:
    """The data-protection authority for a country, or None if it has none."""
    return default_catalogue().regulator_for(country)


def arguments(language: str) -> tuple[Argument, ...]:
    """All arguments with their title and text in one language, sorted by id."""
    catalogue = default_catalogue()
    return tuple(catalogue.arguments[catalogue.language(language)].values())


def compose_objection(
    *,
    platform: str,
    country: str,
    language: str,
    arguments: Sequence[str],
    personal: str = "",
    name: str | None = None,
) -> str:
    """Compose the text for Meta's objection form from argument ids and own words."""
    return _compose.compose_objection(
        default_catalogue(),
        platform=platform,
        country=country,
        language=language,
        arguments=arguments,
        personal=personal,
        name=name,
    )


def find_fields(
    html: str | bytes, *, language: str | None = None
) -> tuple[FoundField, ...]:
    """The logical fields (e-mail, country, reason, names, ...) of every form in any
    HTML page; `language` overrides the page's own when known."""
    return _analyze.find_fields(default_catalogue(), html, language)


def analyze_page(html: str | bytes, url: str) -> PageAnalysis:
    """Find links to Meta's AI forms and, on such a form, its fields."""
    return _analyze.analyze_page(default_catalogue(), html, url)


def bundle() -> dict[str, Any]:
    """The complete, deterministic data export used by the server and extension."""
    return _export.build_bundle(default_catalogue())


def bundle_bytes() -> bytes:
    """The bundle serialised exactly as it is stored and served."""
    return _export.dump_bundle(bundle())


def triage_reply(text: str, *, language: str | None = None) -> TriageResult:
    """What Meta's pasted answer means: outcome, detected language, next steps."""
    return _triage.triage_reply(default_catalogue(), text, language=language)


def lint_objection(text: str, language: str) -> list[Finding]:
    """Findings about the person's own words before they are sent; [] if none."""
    return _lint.lint_objection(default_catalogue(), text, language)


def parse_receipt(data: Mapping[str, Any]) -> Receipt:
    """Validate a receipt as the extension exports it; raises InvalidValue."""
    return _receipts.parse_receipt(default_catalogue(), data)


def compose_complaint(
    *,
    country: str,
    platform: str | None = None,
    language: str | None = None,
    receipt: Mapping[str, Any] | Receipt | None = None,
    name: str | None = None,
) -> Letter:
    """The complaint to the person's regulator, in its language, from a receipt."""
    return _letters.compose_complaint(
        default_catalogue(),
        country=country,
        platform=platform,
        language=language,
        receipt=receipt,
        name=name,
    )


def compose_third_party_request(
    *, country: str, language: str, has_account: bool = True, name: str | None = None
) -> Letter:
    """The text for Meta's third-party information form (data others shared)."""
    return _letters.compose_third_party_request(
        default_catalogue(),
        country=country,
        language=language,
        has_account=has_account,
        name=name,
    )


def reminders(
    receipt: Mapping[str, Any] | Receipt, *, language: str = "en"
) -> tuple[Reminder, ...]:
    """Follow-up dates for a receipt (Meta's time to answer, complaint deadlines)."""
    return _receipts.reminders(default_catalogue(), receipt, language=language)


def reminders_ics(receipt: Mapping[str, Any] | Receipt, *, language: str = "en") -> str:
    """The reminders for a receipt as an iCalendar (.ics) file's text."""
    parsed = parse_receipt(receipt) if not isinstance(receipt, Receipt) else receipt
    return _receipts.reminders_ics(parsed, reminders(parsed, language=language))
