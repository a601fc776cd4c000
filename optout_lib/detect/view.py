"""Compile the detector's data (fields/, detector/, countries/) into its view.

The view is plain JSON: the library's detector reads it, and the bundle carries it
to the extension, so the browser never folds a word list or reads a raw record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from ..catalogue import Catalogue
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


def _field(record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "elements": sorted(record["elements"]),
        "threshold": record["threshold"],
        "margin": record["margin"],
        "traits": dict(sorted(record["traits"].items())),
        "attribute": [
            p for w in record.get("attribute_words", ()) if (p := compile_phrase(w))
        ],
        "words": _patterns(record["words"]),
        "weak": _patterns(record.get("weak_words", {})),
        "negative": _patterns(record.get("negative_words", {})),
        "bare": _patterns(record.get("bare_words", {})),
        "becomes": [dict(r) for r in record.get("becomes", ())],
    }


def _countries(record: Mapping[str, Any], typed: frozenset[str]) -> dict[str, Any]:
    """Folded name -> code in every language (to recognise a list of countries), and
    per shipped language the name to type into a typeahead."""
    names: dict[str, str] = {}
    for lang in sorted(record["names"]):
        for code, name in sorted(record["names"][lang].items()):
            names.setdefault(" ".join(tokens(name)), code)
    return {
        "codes": sorted({c for per in record["names"].values() for c in per}),
        "names": dict(sorted(names.items())),
        "by_language": {
            lang: dict(sorted(per.items()))
            for lang, per in sorted(record["names"].items())
            if lang in typed
        },
    }


@cache
def detector_view(catalogue: Catalogue) -> dict[str, Any]:
    """The compiled detector for this catalogue's data."""
    raw = catalogue.raw.records
    settings = raw["detector"]["default"]
    fields = raw["field"]
    filler = sorted(
        {w for ws in settings["filler_words"].values() for p in ws for w in tokens(p)}
    )
    return {
        "quality": dict(sorted(settings["sources_quality"].items())),
        "weak": settings["weak"],
        "agreement": settings["agreement"],
        "negative": settings["negative"],
        "other_language": settings["other_language"],
        "fit_roots": settings["fit_roots"],
        "fit_floor": settings["fit_floor"],
        "filler": filler,
        "submit": [
            p
            for lang in sorted(settings["submit_words"])
            for w in settings["submit_words"][lang]
            if (p := compile_phrase(w))
        ],
        "fields": [_field(fields[f]) for f in FIELD_ORDER if f in fields],
        "countries": _countries(raw["countries"]["cldr"], frozenset(raw["language"])),
    }
