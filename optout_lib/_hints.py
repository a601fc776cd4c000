"""Compile hints records into matchers for URLs, link words and form states.

The browser extension must apply exactly these rules to live pages; keep its
JavaScript in step with this module and with the saved pages in tests/fixtures/pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import cast
from urllib.parse import urlsplit

from .catalogue import Catalogue
from .engine import host_in, normalize_text, phrase_pattern
from .models import FormState, Kind, MatchedBy


@dataclass(frozen=True)
class PageHints:
    """Everything analyze_page needs, compiled once per catalogue."""

    hosts: tuple[str, ...]
    url_patterns: tuple[re.Pattern[str], ...]
    form_kinds: Mapping[str, Kind]
    excluded_ids: frozenset[str]
    words: Mapping[Kind, re.Pattern[str]]
    platform_hosts: Mapping[str, tuple[str, ...]]
    #: form state ("submitted", "error") -> its words, compiled
    states: Mapping[str, re.Pattern[str]]

    def form_state(self, text: str) -> FormState | None:
        """What a form page's own text says happened: "submitted", "error" or None."""
        folded = normalize_text(text)
        found = {state for state, p in self.states.items() if p.search(folded)}
        # An error alert next to a success message is still an error alert: optout
        # never tells someone their objection went through when the page is unclear.
        return (
            "error"
            if "error" in found
            else cast(FormState | None, next(iter(found), None))
        )

    def meta_host(self, host: str) -> bool:
        """True when the host belongs to Meta."""
        return bool(host) and host_in(host, self.hosts)

    def form_id(self, url: str) -> str | None:
        """The contact-form ID a URL on Meta's hosts points to, if any."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not self.meta_host(host):
            return None
        for pattern in self.url_patterns:
            match = pattern.fullmatch(parts.path)
            if match:
                return match.group(1)
        return None

    def platform_of(self, url: str) -> str | None:
        """The platform whose hosts serve this URL, if any."""
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return None
        for platform, hosts in self.platform_hosts.items():
            if host_in(host, hosts):
                return platform
        return None

    def link_kind(self, form_id: str, text: str) -> tuple[Kind, MatchedBy] | None:
        """Classify a link to a contact form as (kind, matched_by), or None."""
        if form_id in self.excluded_ids:
            return None
        if form_id in self.form_kinds:
            return self.form_kinds[form_id], "form-id"
        # Meta changes form IDs without notice: an unknown contact form still counts
        # when the link's words say what it is for.
        folded = normalize_text(text)
        for kind, pattern in self.words.items():
            if pattern.search(folded):
                return kind, "words"
        return None


@cache
def page_hints(catalogue: Catalogue) -> PageHints:
    """Compile the catalogue's hints and routes into one PageHints."""
    records = list(catalogue.hints.values())
    form_kinds = {
        fid: route.kind for route in catalogue.routes.values() for fid in route.form_ids
    }
    words: dict[str, list[str]] = {}
    for rec in records:
        for kind, per_lang in rec.link.words.items():
            words.setdefault(kind, []).extend(w for ws in per_lang.values() for w in ws)
    states: dict[str, list[str]] = {}
    for rec in records:
        for state, per_lang in rec.form_states.items():
            states.setdefault(state, []).extend(
                w for ws in per_lang.values() for w in ws
            )
    compiled_words = {
        cast(Kind, k): p for k, ws in words.items() if (p := phrase_pattern(ws))
    }
    return PageHints(
        hosts=tuple(sorted({h for r in records for h in r.hosts})),
        url_patterns=tuple(
            re.compile(p) for r in records for p in r.link.form_url_patterns
        ),
        form_kinds=form_kinds,
        excluded_ids=frozenset(i for r in records for i in r.link.excluded_form_ids),
        words=compiled_words,
        platform_hosts={p.id: p.hosts for p in catalogue.platforms.values()},
        states={s: p for s, ws in sorted(states.items()) if (p := phrase_pattern(ws))},
    )
