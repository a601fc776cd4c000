"""What the data covers: per jurisdiction its route, regulator and languages, and per
language which of its texts exist and how they were reviewed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ._texts import PERSON_FACING, person_facing
from .catalogue import Catalogue
from .models import say

#: the person-facing text kinds, as the coverage table names them
TEXT_KINDS = {
    "route": "Route texts",
    "group": "Group texts",
    "regulator": "Regulator texts",
    "jurisdiction": "Country texts",
    "reply": "Reply texts",
    "lint": "Lint texts",
}


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
    #: text kind (TEXT_KINDS) -> every such text exists where this language needs it
    texts: Mapping[str, bool] = field(default_factory=dict)

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
                *self.texts.values(),
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


def _texts_complete(catalogue: Catalogue) -> dict[str, dict[str, bool]]:
    """language -> text kind -> whether every such text it is needed for exists."""
    complete: dict[str, dict[str, bool]] = {}
    for text in person_facing(catalogue.raw):
        for lang in text.needed:
            kinds = complete.setdefault(lang, dict.fromkeys(PERSON_FACING, True))
            kinds[text.kind] = kinds[text.kind] and lang in text.localized
    return complete


def _language(
    catalogue: Catalogue, lang: str, texts: Mapping[str, bool]
) -> LanguageCoverage:
    rec = catalogue.languages.get(lang)
    hints = list(catalogue.hints.values())
    labels = [f.words for f in catalogue.logical_fields.values()]
    replies = [r.phrases for rid, r in catalogue.replies.items() if rid != "unknown"]
    return LanguageCoverage(
        language=lang,
        name=rec.name if rec else lang,
        review=rec.review if rec else "missing",
        letters=rec is not None and catalogue.has_letters(lang),
        # Loading checks that a shipped language has every argument's text.
        arguments=lang in catalogue.arguments,
        link_words=all(lang in h.link.words["objection"] for h in hints),
        field_labels=all(lang in label for label in labels),
        form_states=all(
            lang in words for h in hints for words in h.form_states.values()
        ),
        replies=all(lang in phrases for phrases in replies),
        lint=all(lang in rule.words for rule in catalogue.lint_rules.values()),
        texts=texts,
    )


def coverage(catalogue: Catalogue) -> Coverage:
    """The coverage of every jurisdiction and every language in the data."""
    shipped = sorted(catalogue.languages)
    wanted = {lang for j in catalogue.jurisdictions.values() for lang in j.languages}
    texts = _texts_complete(catalogue)
    languages = {
        lang: _language(
            catalogue,
            lang,
            texts.get(lang, dict.fromkeys(PERSON_FACING, lang in shipped)),
        )
        for lang in sorted(wanted | set(shipped))
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
            *TEXT_KINDS.values(),
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
                        *(lang.texts.get(kind, False) for kind in TEXT_KINDS),
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
        f"shipped, {complete} complete. ✓ = every text in that language exists (the "
        "text columns: wherever a country speaking it is shown one); ✗ = optout "
        "cannot write or recognise it yet."
    )
    return f"{summary}\n\n{jurisdictions}\n\n{languages}\n"
