"""optout_lib: routes, arguments and page hints for objecting to Meta's AI training.

The data ships inside the package and is validated on first use. Every operation
here is a method of the package's own `Catalogue`; use `load_catalogue(path)` for
another folder, which has the same methods.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Any

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

__version__ = version("optout")

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


#: public name -> the default catalogue's method it is bound to
_OPERATIONS = {
    "analyze_page": "analyze_page",
    "arguments": "arguments_in",
    "bundle": "bundle",
    "bundle_bytes": "bundle_bytes",
    "compose_complaint": "compose_complaint",
    "compose_objection": "compose_objection",
    "compose_third_party_request": "compose_third_party_request",
    "find_fields": "find_fields",
    "languages": "language_tags",
    "lint_objection": "lint_objection",
    "parse_receipt": "parse_receipt",
    "regulator_for": "regulator_for",
    "reminders": "reminders",
    "reminders_ics": "reminders_ics",
    "routes_for": "routes_for",
    "triage_reply": "triage_reply",
}

if TYPE_CHECKING:  # the names __getattr__ binds, typed for mypy and editors
    _default = default_catalogue()
    analyze_page = _default.analyze_page
    arguments = _default.arguments_in
    bundle = _default.bundle
    bundle_bytes = _default.bundle_bytes
    compose_complaint = _default.compose_complaint
    compose_objection = _default.compose_objection
    compose_third_party_request = _default.compose_third_party_request
    find_fields = _default.find_fields
    languages = _default.language_tags
    lint_objection = _default.lint_objection
    parse_receipt = _default.parse_receipt
    regulator_for = _default.regulator_for
    reminders = _default.reminders
    reminders_ics = _default.reminders_ics
    routes_for = _default.routes_for
    triage_reply = _default.triage_reply


def __getattr__(name: str) -> Any:
    """The default catalogue's bound methods, loaded on first use (PEP 562), so
    importing the package reads no data."""
    if name in _OPERATIONS:
        return getattr(default_catalogue(), _OPERATIONS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
