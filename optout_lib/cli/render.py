"""The CLI's output: JSON for machines, and the text people read."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ..catalogue import Catalogue
from ..letters import Letter
from ..models import (
    Evidence,
    FoundField,
    Jurisdiction,
    Localized,
    Regulator,
    Route,
    say,
)


def text_in(text: Localized | None, language: str) -> str:
    """A localized text in one language, or "" when there is none."""
    if text is None:
        return ""
    return say(text, language)


def print_json(value: object, out: TextIO) -> None:
    """Write a value as indented JSON with sorted keys and a final newline."""
    json.dump(value, out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")


def evidence_line(ev: Evidence, indent: str = "  ") -> str:
    """When and how a record was checked, and its sources, on one line."""
    return (
        f"{indent}Checked {ev.last_verified} ({ev.method}, confidence "
        f"{ev.confidence}); sources: {', '.join(ev.sources)}"
    )


def print_route(route: Route, lang: str, out: TextIO) -> None:
    """A route: its URLs, steps, form, failure modes, alternatives and evidence."""
    print(f"{text_in(route.title, lang)}  [{route.kind}, {route.id}]", file=out)
    print(f"  {text_in(route.summary, lang)}", file=out)
    for url in route.urls:
        print(f"  {url.role}: {url.url}", file=out)
    for number, step in enumerate(route.steps, 1):
        print(f"  {number}. {text_in(step.text, lang)}", file=out)
    if route.app_path:
        print(f"  In the app: {text_in(route.app_path, lang)}", file=out)
    if route.form:
        fields = ", ".join(
            f"{f.field} (required: {f.required})" for f in route.form.fields
        )
        print(
            f"  Form asks for: {fields}; e-mailed code: {route.form.code_step}",
            file=out,
        )
    for failure in route.failure_modes:
        print(f"  Problem: {text_in(failure.symptom, lang)}", file=out)
        print(f"    What to do: {text_in(failure.what_to_do, lang)}", file=out)
    for alt in route.alternatives:
        limits = f" (Limits: {text_in(alt.limits, lang)})" if alt.limits else ""
        print(f"  - {text_in(alt.text, lang)}{limits}", file=out)
    if route.myth_buster:
        print(f"  Myth: {text_in(route.myth_buster, lang)}", file=out)
    print(evidence_line(route.evidence), file=out)


def print_regulator(role: str, reg: Regulator, lang: str, out: TextIO) -> None:
    """A regulator: where and how to complain, and its evidence."""
    name = text_in(reg.name, lang)
    print(f"{role}: {name} ({reg.short_name}, {reg.country})", file=out)
    print(f"  complaint: {reg.complaint_url}", file=out)
    print(f"  website: {reg.website}; languages: {', '.join(reg.languages)}", file=out)
    print(f"  contact Meta first: {reg.contact_controller_first}", file=out)
    for item in reg.what_to_attach:
        print(f"  attach: {text_in(item, lang)}", file=out)
    for item in reg.deadlines:
        print(f"  deadline: {text_in(item, lang)}", file=out)
    if reg.notes:
        print(f"  note: {text_in(reg.notes, lang)}", file=out)
    print(evidence_line(reg.evidence), file=out)


def print_jurisdiction(cat: Catalogue, j: Jurisdiction, lang: str, out: TextIO) -> None:
    """One jurisdiction with its regulators, which to use, and its key dates."""
    route = "objection route" if j.objection_route else "no objection route"
    print(f"{text_in(j.name, lang)} ({j.id}): {j.law}, {route}", file=out)
    print(f"Languages: {', '.join(j.languages)}", file=out)
    if j.local_rights:
        print(f"Local law: {text_in(j.local_rights, lang)}", file=out)
    if j.notes:
        print(f"Note: {text_in(j.notes, lang)}", file=out)
    national = cat.regulators.get(j.regulator or "")
    if national:
        print_regulator("Regulator", national, lang, out)
    lead = cat.regulators.get(j.lead_regulator or "")
    if lead and lead is not national:
        print_regulator("Lead authority for Meta", lead, lang, out)
    if j.regulator_choice:
        print(f"Which to use: {text_in(j.regulator_choice, lang)}", file=out)
    for date in j.key_dates:
        print(f"{date.date}  {text_in(date.event, lang)}", file=out)
    print(evidence_line(j.evidence, indent=""), file=out)


def field_line(field: FoundField) -> str:
    """A found field with its locator, confidence and evidence, on one line."""
    state = "" if field.state == "ok" else f", {field.state}: never filled"
    return (
        f"{field.field:<13} {field.locator}  (confidence {field.confidence:.2f}{state};"
        f" {' '.join(field.evidence)})"
    )


def review_note(cat: Catalogue, language: str) -> str:
    """Tell the person on stderr when a text was not reviewed by a native speaker;
    returns the language's review state."""
    record = cat.languages[language]
    if record.review == "machine-drafted":
        print(
            f"optout: note: the {record.name} ({language}) texts are "
            "machine-drafted, not yet reviewed by a native speaker; read the text "
            "before you send it.",
            file=sys.stderr,
        )
    return record.review


def print_letter(cat: Catalogue, letter: Letter, json_out: bool, out: TextIO) -> None:
    """A complaint or third-party letter: where to send it, subject and text."""
    review = review_note(cat, letter.language)
    if json_out:
        print_json(
            {
                "subject": letter.subject,
                "text": letter.text,
                "language": letter.language,
                "review": review,
                "regulator": letter.regulator.id if letter.regulator else None,
                "url": letter.url,
            },
            out,
        )
        return
    if letter.url:
        print(f"Send to: {letter.url}", file=out)
    print(f"Subject: {letter.subject}\n\n{letter.text}", file=out)
