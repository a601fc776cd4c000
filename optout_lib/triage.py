"""Recognise Meta's answer to an objection from reply phrases kept as data."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue
from .engine import found_phrases, normalize_text
from .errors import InvalidValue
from .models import say

#: Longer text is not a pasted e-mail; refusing it keeps matching cheap.
MAX_REPLY_CHARS = 100_000


@dataclass(frozen=True)
class TriageResult:
    """What a pasted reply means: outcome, its language, and what to do next."""

    outcome: str
    #: the language whose phrases matched, or None when nothing did
    language: str | None
    #: the phrases found, as written in the data
    matched: tuple[str, ...]
    summary: str
    next_steps: tuple[str, ...]


def _hits(catalogue: Catalogue, folded: str) -> dict[str, dict[str, list[str]]]:
    """outcome -> language -> phrases of that outcome found in the folded text."""
    hits: dict[str, dict[str, list[str]]] = {}
    for rid, reply in catalogue.replies.items():
        for lang, phrases in sorted(reply.phrases.items()):
            found = found_phrases(phrases, folded)
            if found:
                hits.setdefault(rid, {})[lang] = found
    return hits


def triage_reply(
    catalogue: Catalogue, text: str, *, language: str | None = None
) -> TriageResult:
    """Match a pasted reply against the reply phrases; never guess between outcomes."""
    if not isinstance(text, str):
        raise InvalidValue(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_REPLY_CHARS:
        raise InvalidValue(
            f"text is {len(text)} characters; paste only Meta's message "
            f"(at most {MAX_REPLY_CHARS})"
        )
    wanted = None if language is None else catalogue.language(language)
    hits = _hits(catalogue, normalize_text(text))
    by_language: dict[str, int] = {}
    for per_language in hits.values():
        for lang, found in per_language.items():
            by_language[lang] = by_language.get(lang, 0) + len(found)
    detected = (
        min(by_language, key=lambda lang: (-by_language[lang], lang))
        if by_language
        else None
    )
    # Phrases of two outcomes (say "accepted" and "rejected") mean we cannot tell:
    # the answer is "unknown", never the likelier-looking one.
    outcome = next(iter(hits)) if len(hits) == 1 else "unknown"
    matched = tuple(p for per in hits.values() for f in per.values() for p in f)
    reply = catalogue.replies[outcome]
    say_in = wanted or detected or "en"
    return TriageResult(
        outcome=outcome,
        language=detected,
        matched=matched,
        summary=say(reply.summary, say_in),
        next_steps=tuple(say(step, say_in) for step in reply.next_steps),
    )
