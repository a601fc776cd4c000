"""The view: everything the extension needs, computed once from the catalogue.

Python compiles, JavaScript interprets. Every join (a country with its group and
regulator, the primary route per platform), every sort, every fold of the data's own
phrases and every parse of a template happens here, at export time; the extension's
`lib/view.js` only looks things up and `lib/engine.js` applies the primitives to the
person's input. The view is plain JSON inside the bundle (`bundle.view`).

Language keys follow one rule on both sides (`Catalogue.language`, `lib/view.js`):
the exact tag (case and `_` ignored), then its base language (`de-AT` -> `de`). Where
the extension picks a language for a person from several tags (`resolveLanguage`), a
regional tag's exact match comes first (`pt-BR` before a bare `pt`), then a language of
the country sharing a tag's base (`pt` in Brazil -> `pt-BR`), then a bare tag, then a
base, then the country's first shipped language, then English. The region of a tag
that names a country here (`en-GB` -> GB) is the country the extension guesses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from . import _data, engine
from .catalogue import Catalogue
from .detect.view import detector_view
from .letters import authority, regulator_language, third_party_form
from .lint import MAX_LINT_CHARS
from .receipts import receipt_shape
from .triage import MAX_REPLY_CHARS


def language_key(tag: str) -> str:
    """The lookup key of a language tag: lower case, `-` between parts."""
    return tag.strip().replace("_", "-").lower()


def _country_name(catalogue: Catalogue, code: str) -> dict[str, str]:
    """A country's name in every shipped language, from CLDR; the record's where CLDR
    has none (a code it does not know)."""
    cldr = catalogue.country_names.names
    name = dict(catalogue.raw.records["jurisdiction"][code]["name"])
    for lang in catalogue.raw.records["language"]:
        if code in cldr.get(lang, {}):
            name[lang] = cldr[lang][code]
    return dict(sorted(name.items()))


def _countries(catalogue: Catalogue) -> dict[str, Any]:
    raw = catalogue.raw.records
    countries = {}
    for code, jurisdiction in sorted(catalogue.jurisdictions.items()):
        record = raw["jurisdiction"][code]
        group = raw["group"][jurisdiction.group]
        regulator = raw["regulator"].get(jurisdiction.regulator or "", {})
        routes = {
            pid: catalogue.routes_for(pid, code)[0].id
            for pid in sorted(catalogue.platforms)
        }
        countries[code] = {
            "id": code,
            "name": _country_name(catalogue, code),
            "group": group["id"],
            "law": group["law"],
            "objection_route": group["objection_route"],
            "languages": record["languages"],
            "regulator": jurisdiction.regulator,
            "complaint_deadline": regulator.get("complaint_deadline"),
            "routes": routes,
        }
    return countries


def _groups(catalogue: Catalogue) -> dict[str, Any]:
    """What a country shares with its group, once per group (the countries name it):
    which authority to use, what an objection does, Meta's time to answer."""
    return {
        gid: {
            "regulator_choice": group.get("regulator_choice"),
            "objection_effect": group.get(
                "objection_effect", {"does": [], "does_not": []}
            ),
            "reply_deadline": group.get("reply_deadline"),
        }
        for gid, group in sorted(catalogue.raw.records["group"].items())
    }


def _folded(maps: Sequence[Mapping[str, Mapping[str, Sequence[str]]]]) -> list[Any]:
    """[kind, folded words longest first] per kind, from {kind: {language: words}}."""
    lists: dict[str, set[str]] = {}
    for per_kind in maps:
        for kind, per_language in per_kind.items():
            words = lists.setdefault(kind, set())
            words.update(
                engine.normalize_text(w) for ws in per_language.values() for w in ws
            )
    # Longest first, so "object to" wins over "object" in one alternation.
    return [
        [kind, sorted(words, key=lambda p: (-len(p), p))]
        for kind, words in sorted(lists.items())
    ]


def _hints(catalogue: Catalogue) -> dict[str, Any]:
    hints = catalogue.raw.records["hints"]
    records = [hints[k] for k in sorted(hints)]
    links = [r["link"] for r in records]
    return {
        "hosts": sorted({h for r in records for h in r["hosts"]}),
        # Anchored again around the data's own ^…$, so JavaScript's exec matches the
        # whole path exactly as Python's fullmatch does.
        "url_patterns": [
            f"^(?:{p})$" for link in links for p in link["form_url_patterns"]
        ],
        "form_kinds": {
            fid: route.kind
            for _, route in sorted(catalogue.routes.items())
            for fid in route.form_ids
        },
        "excluded": sorted(
            {i for link in links for i in link.get("excluded_form_ids", ())}
        ),
        "words": _folded([link["words"] for link in links]),
        "states": _folded([r.get("form_states", {}) for r in records]),
        "platform_hosts": {
            pid: list(p.hosts) for pid, p in sorted(catalogue.platforms.items())
        },
    }


def _replies(catalogue: Catalogue) -> list[dict[str, Any]]:
    replies = catalogue.raw.records["reply"]
    return [
        {
            "id": rid,
            "phrases": [
                [lang, ps] for lang, ps in sorted(replies[rid]["phrases"].items())
            ],
            "summary": replies[rid]["summary"],
            "next_steps": replies[rid]["next_steps"],
        }
        for rid in sorted(replies)
    ]


def _lint(catalogue: Catalogue) -> list[dict[str, Any]]:
    rules = catalogue.raw.records["lint"]
    # The own-situation rule first, then the others by id; words sorted and unique, so
    # the extension keeps the order and never sorts.
    order = sorted(rules, key=lambda rid: (rules[rid]["kind"] != "own-situation", rid))
    return [
        {
            "code": "no-own-situation"
            if rules[rid]["kind"] == "own-situation"
            else f"discloses-{rid}",
            "warn_when_found": rules[rid]["kind"] != "own-situation",
            "words": {
                lang: sorted(set(ws))
                for lang, ws in sorted(rules[rid]["words"].items())
            },
            "message": rules[rid]["message"],
            "suggestion": rules[rid]["suggestion"],
            "arguments": rules[rid].get("suggest_arguments", []),
        }
        for rid in order
    ]


def _arguments(catalogue: Catalogue) -> list[dict[str, Any]]:
    records = catalogue.raw.records["argument"]
    return [
        {
            "id": aid,
            "laws": records[aid]["laws"],
            "why": records[aid]["why"],
            "texts": {
                lang: {
                    "title": texts[aid][0],
                    "body": engine.parse_template(texts[aid][1]),
                }
                for lang, texts in sorted(catalogue.raw.texts.items())
                if aid in texts
            },
        }
        for aid in sorted(records)
    ]


def _regulators(catalogue: Catalogue) -> dict[str, Any]:
    """Each regulator's record, with what a complaint to it needs already chosen: its
    letter language, its name as a letter writes it per language, where to file."""
    raw = catalogue.raw.records["regulator"]
    found = {}
    for rid, regulator in sorted(catalogue.regulators.items()):
        found[rid] = {
            **raw[rid],
            "letter_language": regulator_language(catalogue, regulator),
            "authority": {
                lang: authority(regulator, lang) for lang in sorted(catalogue.arguments)
            },
            "letter_url": regulator.complaint_url or regulator.website,
        }
    return found


def _openable(catalogue: Catalogue) -> list[str]:
    """Hosts the extension may open pages on: Meta's, and each regulator's sites."""
    hosts = {h for r in catalogue.raw.records["hints"].values() for h in r["hosts"]}
    for regulator in catalogue.raw.records["regulator"].values():
        for url in (regulator.get("website"), regulator.get("complaint_url")):
            if url:
                hosts.add((urlsplit(url).hostname or "").lower())
    return sorted(hosts)


def build_view(catalogue: Catalogue) -> dict[str, Any]:
    """The view of the whole catalogue, as plain JSON (see the module docstring)."""
    raw = catalogue.raw.records
    languages = [
        {k: raw["language"][lang][k] for k in ("id", "name", "english_name", "review")}
        for lang in sorted(raw["language"])
    ]
    keys = {language_key(lang["id"]): lang["id"] for lang in languages}
    country_keys = {code.lower(): code for code in catalogue.jurisdictions}
    for code, jurisdiction in catalogue.jurisdictions.items():
        country_keys.update({alias.lower(): code for alias in jurisdiction.aliases})
    return {
        "detector": detector_view(catalogue),
        "languages": languages,
        "language_keys": dict(sorted(keys.items())),
        "countries": _countries(catalogue),
        "groups": _groups(catalogue),
        "country_keys": dict(sorted(country_keys.items())),
        "platforms": {
            pid: {k: raw["platform"][pid][k] for k in ("id", "name", "hosts")}
            for pid in sorted(raw["platform"])
        },
        "routes": {rid: raw["route"][rid] for rid in sorted(raw["route"])},
        "regulators": _regulators(catalogue),
        "third_party_form": third_party_form(catalogue),
        "arguments": _arguments(catalogue),
        "hints": _hints(catalogue),
        "replies": _replies(catalogue),
        "lint": _lint(catalogue),
        "dates": {
            lang: {"parts": [dict(p) for p in d.parts], "months": list(d.months)}
            for lang, d in catalogue.country_names.dates.items()
        },
        "letters": {
            lang: {
                kind: {"subject": t.subject, "body": list(t.body)}
                for kind in _data.LETTER_KINDS
                for t in [catalogue.letter(lang, kind)]
            }
            for lang in sorted(catalogue.arguments)
        },
        "openable": _openable(catalogue),
        "receipt": receipt_shape(),
        "limits": {"reply": MAX_REPLY_CHARS, "lint": MAX_LINT_CHARS},
    }
