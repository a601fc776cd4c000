"""Check the person's own words before they go to Meta: a reason of their own, and
nothing sensitive given away."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .catalogue import Catalogue
from .engine import found_phrases, normalize_text
from .errors import InvalidValue
from .models import say

#: Meta's reason box is a few thousand characters; anything longer is a mistake.
MAX_LINT_CHARS = 20_000


@dataclass(frozen=True)
class Finding:
    """One thing to look at in the text, with a neutral way to fix it."""

    #: `no-own-situation` or `discloses-<rule>` (e.g. `discloses-health`)
    code: str
    message: str
    suggestion: str
    #: the words that triggered it, as written in the data
    words: tuple[str, ...]
    #: argument ids that make the same point without the personal detail
    arguments: tuple[str, ...]


def _found(words: Iterable[str], folded: str) -> tuple[str, ...]:
    return tuple(sorted(set(found_phrases(words, folded))))


def lint_objection(catalogue: Catalogue, text: str, language: str) -> list[Finding]:
    """Findings for the person's own words in one language; [] when all is well."""
    if not isinstance(text, str):
        raise InvalidValue(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_LINT_CHARS:
        raise InvalidValue(
            f"text is {len(text)} characters; Meta's form takes far less "
            f"(at most {MAX_LINT_CHARS} here)"
        )
    lang = catalogue.language(language)
    folded = normalize_text(text)
    findings = []
    rules = sorted(
        catalogue.lint_rules.values(),
        key=lambda rule: (rule.kind != "own-situation", rule.id),
    )
    for rule in rules:
        found = _found(rule.words.get(lang, ()), folded)
        if rule.kind == "own-situation":
            if found:
                continue
            code = "no-own-situation"
        elif not found:
            continue
        else:
            code = f"discloses-{rule.id}"
        findings.append(
            Finding(
                code=code,
                message=say(rule.message, lang),
                suggestion=say(rule.suggestion, lang),
                words=found,
                arguments=rule.suggest_arguments,
            )
        )
    return findings
