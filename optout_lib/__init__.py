"""optout_lib: routes, arguments and page hints for objecting to Meta's AI training.

The data ships inside the package and is validated on first use. Every function
here reads the package's own data; use `load_catalogue(path)` for another folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import analyze as _analyze
from . import compose as _compose
from . import export as _export
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

__version__ = "0.1.0"

__all__ = [
    "Argument",
    "Catalogue",
    "DataError",
    "FoundField",
    "FoundLink",
    "InvalidValue",
    "Jurisdiction",
    "NoObjectionRoute",
    "OptoutError",
    "PageAnalysis",
    "Platform",
    "Regulator",
    "Route",
    "UnknownArgument",
    "UnknownCountry",
    "UnknownLanguage",
    "UnknownPlatform",
    "__version__",
    "analyze_page",
    "arguments",
    "bundle",
    "bundle_bytes",
    "compose_objection",
    "jurisdictions",
    "languages",
    "load_catalogue",
    "platforms",
    "regulator_for",
    "routes_for",
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


def analyze_page(html: str | bytes, url: str) -> PageAnalysis:
    """Find links to Meta's AI forms and, on such a form, its fields."""
    return _analyze.analyze_page(default_catalogue(), html, url)


def bundle() -> dict[str, Any]:
    """The complete, deterministic data export used by the server and extension."""
    return _export.build_bundle(default_catalogue())


def bundle_bytes() -> bytes:
    """The bundle serialised exactly as it is stored and served."""
    return _export.dump_bundle(bundle())
