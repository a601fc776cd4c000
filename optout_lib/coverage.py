"""What the data covers: per jurisdiction its route, regulator and languages, and per
language which of its texts exist and how they were reviewed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import _data
from .catalogue import Catalogue
from .models import say


@dataclass(frozen=True)
class LanguageCoverage:
    """Which texts one language has; `complete` when all of them do."""

    language: str
    name: str
    #: how its texts were produced (`native-reviewed`, `machine-drafted`, ...)
    review: str
    letters: bool
    arguments: bool
    link_words: bool
    field_labels: bool
    form_states: bool
    replies: bool
    lint: bool

    @property
    def complete(self) -> bool:
        """True when every part exists in this language."""
        return all(
            (
                self.letters,
                self.arguments,
                self.link_words,
                self.field_labels,
                self.form_states,
                self.replies,
                self.lint,
            )
        )


@dataclass(frozen=True)
class JurisdictionCoverage:
    """One jurisdiction's line in the coverage table."""

    id: str
    name: str
    law: str
    objection_route: bool
    #: short names; `lead_regulator` only where it differs from `regulator`
    regulator: str | None
    lead_regulator: str | None
    complaint_url: str | None
    #: (language, complete) for every language people write in here
    languages: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Coverage:
    """The whole table: jurisdictions by ISO code, languages by tag."""

    jurisdictions: tuple[JurisdictionCoverage, ...]
    languages: tuple[LanguageCoverage, ...]


def _language(catalogue: Catalogue, lang: str) -> LanguageCoverage:
    records = catalogue.raw.records
    rec = records["language"].get(lang)
    hints = list(records["hints"].values())
    labels = [f["words"] for f in records["field"].values()]
    replies = [r["phrases"] for rid, r in records["reply"].items() if rid != "unknown"]
    return LanguageCoverage(
        language=lang,
        name=rec["name"] if rec else lang,
        review=rec["review"] if rec else "missing",
        letters=set(catalogue.raw.letters.get(lang, {})) >= set(_data.LETTER_KINDS),
        arguments=set(catalogue.raw.texts.get(lang, {})) >= set(records["argument"]),
        link_words=all(lang in h["link"]["words"]["objection"] for h in hints),
        field_labels=all(lang in label for label in labels),
        form_states=all(
            lang in words for h in hints for words in h["form_states"].values()
        ),
        replies=all(lang in phrases for phrases in replies),
        lint=all(lang in rule["words"] for rule in records["lint"].values()),
    )


def coverage(catalogue: Catalogue) -> Coverage:
    """The coverage of every jurisdiction and every language in the data."""
    shipped = sorted(catalogue.raw.records["language"])
    wanted = {lang for j in catalogue.jurisdictions.values() for lang in j.languages}
    languages = {
        lang: _language(catalogue, lang) for lang in sorted(wanted | set(shipped))
    }
    rows = []
    for j in catalogue.jurisdictions.values():
        national = catalogue.regulators.get(j.regulator or "")
        lead = catalogue.regulators.get(j.lead_regulator or "")
        rows.append(
            JurisdictionCoverage(
                id=j.id,
                name=say(j.name, "en"),
                law=j.law,
                objection_route=j.objection_route,
                regulator=national.short_name if national else None,
                lead_regulator=lead.short_name
                if lead and lead is not national
                else None,
                complaint_url=national.complaint_url if national else None,
                languages=tuple(
                    (lang, languages[lang].complete) for lang in j.languages
                ),
            )
        )
    return Coverage(
        jurisdictions=tuple(rows),
        languages=tuple(languages[lang] for lang in shipped),
    )


def _mark(ok: bool) -> str:
    return "yes" if ok else "no"


def _link(url: str | None, markdown: bool) -> str:
    if url is None:
        return "-"
    host = urlsplit(url).hostname or url
    return f"[{host}]({url})" if markdown else host


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    )


def coverage_tables(cov: Coverage, *, markdown: bool = False) -> str:
    """The two coverage tables as aligned text, or as Markdown for the README."""
    jurisdictions = _table(
        (
            "Code",
            "Jurisdiction",
            "Law",
            "Route",
            "Regulator",
            "Complaint page",
            "Languages",
        ),
        [
            (
                j.id,
                j.name,
                j.law,
                "objection" if j.objection_route else "none",
                (j.regulator or "-")
                + (f" (lead: {j.lead_regulator})" if j.lead_regulator else ""),
                _link(j.complaint_url, markdown),
                ", ".join(f"{lang} {'✓' if ok else '✗'}" for lang, ok in j.languages),
            )
            for j in cov.jurisdictions
        ],
        markdown,
    )
    languages = _table(
        (
            "Language",
            "Name",
            "Review",
            "Letters",
            "Arguments",
            "Link words",
            "Field labels",
            "Form states",
            "Replies",
            "Lint",
        ),
        [
            (
                lang.language,
                lang.name,
                lang.review,
                *map(
                    _mark,
                    (
                        lang.letters,
                        lang.arguments,
                        lang.link_words,
                        lang.field_labels,
                        lang.form_states,
                        lang.replies,
                        lang.lint,
                    ),
                ),
            )
            for lang in cov.languages
        ],
        markdown,
    )
    complete = sum(lang.complete for lang in cov.languages)
    routes = sum(j.objection_route for j in cov.jurisdictions)
    summary = (
        f"{len(cov.jurisdictions)} jurisdictions ({routes} with an objection route, "
        f"{len(cov.jurisdictions) - routes} without); {len(cov.languages)} languages "
        f"shipped, {complete} complete. ✓ = every text in that language exists; "
        "✗ = optout cannot write or recognise it yet."
    )
    return f"{summary}\n\n{jurisdictions}\n\n{languages}\n"
