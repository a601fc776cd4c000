"""Compile the detector's data (fields/, detector/, countries/) into its view.

The view is plain JSON: the library's detector reads it, and the bundle carries it
to the extension, so the browser never folds a word list or reads a raw record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from ..catalogue import Catalogue
from ..models import CountryNames, LogicalField
from .engine import compile_phrase, tokens

#: the order fields are listed in the view, which is also the tie-break order
FIELD_ORDER = (
    "email",
    "email_confirm",
    "country",
    "reason",
    "details",
    "code",
    "first_name",
    "last_name",
    "full_name",
)


def _patterns(words: Mapping[str, Sequence[str]]) -> dict[str, list[list[str]]]:
    result: dict[str, list[list[str]]] = {}
    for lang in sorted(words):
        seen: list[list[str]] = []
        for phrase in words[lang]:
            pattern = compile_phrase(phrase)
            if pattern and pattern not in seen:
                seen.append(pattern)
        result[lang] = seen
    return result


def _field(field: LogicalField) -> dict[str, Any]:
    return {
        "id": field.id,
        "elements": sorted(field.elements),
        "threshold": field.threshold,
        "margin": field.margin,
        "traits": dict(sorted(field.traits.items())),
        "attribute": [p for w in field.attribute_words if (p := compile_phrase(w))],
        "words": _patterns(field.words),
        "weak": _patterns(field.weak_words),
        "negative": _patterns(field.negative_words),
        "bare": _patterns(field.bare_words),
        "becomes": [{"with": r.with_field, "to": r.to} for r in field.becomes],
    }


def _countries(countries: CountryNames, typed: frozenset[str]) -> dict[str, Any]:
    """Folded name -> code in every language (to recognise a list of countries), and
    per shipped language the name to type into a typeahead."""
    names: dict[str, str] = {}
    for lang in sorted(countries.names):
        for code, name in sorted(countries.names[lang].items()):
            names.setdefault(" ".join(tokens(name)), code)
    return {
        "codes": sorted({c for per in countries.names.values() for c in per}),
        "names": dict(sorted(names.items())),
        "by_language": {
            lang: dict(sorted(per.items()))
            for lang, per in sorted(countries.names.items())
            if lang in typed
        },
    }


@cache
def detector_view(catalogue: Catalogue) -> dict[str, Any]:
    """The compiled detector for this catalogue's data."""
    settings = catalogue.detector
    fields = catalogue.logical_fields
    filler = sorted(
        {w for ws in settings.filler_words.values() for p in ws for w in tokens(p)}
    )
    return {
        "quality": dict(sorted(settings.sources_quality.items())),
        "weak": settings.weak,
        "agreement": settings.agreement,
        "negative": settings.negative,
        "other_language": settings.other_language,
        "fit_roots": settings.fit_roots,
        "fit_floor": settings.fit_floor,
        "filler": filler,
        "submit": [
            p
            for lang in sorted(settings.submit_words)
            for w in settings.submit_words[lang]
            if (p := compile_phrase(w))
        ],
        "fields": [_field(fields[f]) for f in FIELD_ORDER if f in fields],
        "countries": _countries(
            catalogue.country_names, frozenset(catalogue.languages)
        ),
    }
