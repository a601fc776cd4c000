"""Cross-file data checks: each a small named rule whose message says how to fix it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

from ._data import Problem, RawData
from .placeholders import PLACEHOLDER, TEMPLATE_VARIABLES

Check = Callable[[RawData], Iterator[Problem]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a check under a stable name (used in messages and tests)."""

    def register(func: Check) -> Check:
        CHECKS[name] = func
        return func

    return register


def _ids(raw: RawData, kind: str) -> set[str]:
    return set(raw.records.get(kind, {}))


def _fix_list(valid: set[str]) -> str:
    return "use one of: " + ", ".join(sorted(valid))


def _reference(
    raw: RawData, kind: str, target: str, name: str, pointer: str, value: str
) -> Iterator[Problem]:
    valid = _ids(raw, target)
    if value not in valid:
        yield Problem(
            name,
            raw.path(kind, pointer.split("#")[0]),
            pointer.split("#")[1],
            f"{value!r} is not a {target} id; {_fix_list(valid)}",
        )


@check("references-exist")
def references_exist(raw: RawData) -> Iterator[Problem]:
    """Every id a record points to names an existing record."""
    for jid, rec in raw.records["jurisdiction"].items():
        yield from _reference(
            raw,
            "jurisdiction",
            "group",
            "references-exist",
            f"{jid}#/group",
            rec["group"],
        )
        if "regulator" in rec:
            yield from _reference(
                raw,
                "jurisdiction",
                "regulator",
                "references-exist",
                f"{jid}#/regulator",
                rec["regulator"],
            )
    for gid, rec in raw.records["group"].items():
        if "lead_regulator" in rec:
            yield from _reference(
                raw,
                "group",
                "regulator",
                "references-exist",
                f"{gid}#/lead_regulator",
                rec["lead_regulator"],
            )
    for kind in ("route", "hints"):
        for rid, rec in raw.records[kind].items():
            for i, platform in enumerate(rec["platforms"]):
                yield from _reference(
                    raw,
                    kind,
                    "platform",
                    "references-exist",
                    f"{rid}#/platforms/{i}",
                    platform,
                )
    for rid, rec in raw.records["route"].items():
        for i, group in enumerate(rec["groups"]):
            if group != "*":
                yield from _reference(
                    raw,
                    "route",
                    "group",
                    "references-exist",
                    f"{rid}#/groups/{i}",
                    group,
                )


@check("law-matches-route")
def law_matches_route(raw: RawData) -> Iterator[Problem]:
    """A group has an objection route exactly when a law gives one."""
    for gid, rec in raw.records["group"].items():
        if rec["objection_route"] != (rec["law"] != "none"):
            yield Problem(
                "law-matches-route",
                raw.path("group", gid),
                "/objection_route",
                "must be false when law is 'none' and true otherwise",
            )


@check("one-primary-route")
def one_primary_route(raw: RawData) -> Iterator[Problem]:
    """Every platform has exactly one objection-or-none route in every group."""
    routes = raw.records["route"]
    for group in sorted(_ids(raw, "group")):
        for platform in sorted(_ids(raw, "platform")):
            found = sorted(
                rid
                for rid, r in routes.items()
                if r["kind"] != "third-party"
                and platform in r["platforms"]
                and (group in r["groups"] or "*" in r["groups"])
            )
            if len(found) != 1:
                yield Problem(
                    "one-primary-route",
                    "routes/",
                    "",
                    f"platform {platform!r} in group {group!r} has "
                    f"{len(found)} objection/none routes "
                    f"({', '.join(found) or 'none'}); "
                    "exactly one route of kind objection or none must list both",
                )


@check("form-id-has-one-kind")
def form_id_has_one_kind(raw: RawData) -> Iterator[Problem]:
    """A form ID means the same kind of form in every route, and is not excluded."""
    kinds: dict[str, tuple[str, str]] = {}
    excluded = {
        fid
        for h in raw.records["hints"].values()
        for fid in h["link"].get("excluded_form_ids", [])
    }
    for rid, rec in sorted(raw.records["route"].items()):
        for i, fid in enumerate(rec.get("form_ids", [])):
            if fid in excluded:
                yield Problem(
                    "form-id-has-one-kind",
                    raw.path("route", rid),
                    f"/form_ids/{i}",
                    f"{fid} is listed in a hints file's excluded_form_ids; remove it "
                    "from one of the two",
                )
            seen = kinds.setdefault(fid, (rec["kind"], rid))
            if seen[0] != rec["kind"]:
                yield Problem(
                    "form-id-has-one-kind",
                    raw.path("route", rid),
                    f"/form_ids/{i}",
                    f"{fid} is a {seen[0]} form in route {seen[1]!r} but a "
                    f"{rec['kind']} form here; a form ID has one kind",
                )


@check("one-hints-record-per-platform")
def one_hints_record_per_platform(raw: RawData) -> Iterator[Problem]:
    """Every platform is described by exactly one hints record."""
    for platform in sorted(_ids(raw, "platform")):
        found = [
            h for h, r in raw.records["hints"].items() if platform in r["platforms"]
        ]
        if len(found) != 1:
            yield Problem(
                "one-hints-record-per-platform",
                "hints/",
                "",
                f"platform {platform!r} is in {len(found)} hints records "
                f"({', '.join(found) or 'none'}); list it in exactly one",
            )


# Syntax Python's re and JavaScript's RegExp read differently, or that breaks the
# one-capture-group contract.
_NON_PORTABLE = re.compile(r"\(\?[^:]|\\[AZzGpP]|\[\[:")


@check("portable-url-patterns")
def portable_url_patterns(raw: RawData) -> Iterator[Problem]:
    """URL patterns compile, capture exactly one group and use portable syntax."""
    for hid, rec in raw.records["hints"].items():
        for i, pattern in enumerate(rec["link"]["form_url_patterns"]):
            pointer = f"/link/form_url_patterns/{i}"
            try:
                groups = re.compile(pattern).groups
            except re.error as exc:
                yield Problem(
                    "portable-url-patterns",
                    raw.path("hints", hid),
                    pointer,
                    f"does not compile: {exc}",
                )
                continue
            if groups != 1 or _NON_PORTABLE.search(pattern):
                yield Problem(
                    "portable-url-patterns",
                    raw.path("hints", hid),
                    pointer,
                    "needs exactly one plain capture group (the form ID) and no "
                    "named groups, look-arounds, inline flags or \\A/\\Z/\\p",
                )


@check("argument-texts-complete")
def argument_texts_complete(raw: RawData) -> Iterator[Problem]:
    """Every argument has a text in every shipped language, and no text is orphaned."""
    arguments = _ids(raw, "argument")
    languages = _ids(raw, "language")
    for lang in sorted(languages):
        have = set(raw.texts.get(lang, {}))
        for missing in sorted(arguments - have):
            yield Problem(
                "argument-texts-complete",
                f"arguments/{lang}/{missing}.txt",
                "",
                f"missing: argument {missing!r} has no {lang} text; translate "
                f"arguments/en/{missing}.txt",
            )
        for orphan in sorted(have - arguments):
            yield Problem(
                "argument-texts-complete",
                f"arguments/{lang}/{orphan}.txt",
                "",
                f"no argument record arguments/{orphan}.json; "
                "add it or remove the text",
            )
    for lang in sorted(set(raw.texts) - languages):
        yield Problem(
            "argument-texts-complete",
            f"arguments/{lang}/",
            "",
            f"no language record languages/{lang}.json; add it or remove the folder",
        )


def _placeholder_problems(text: str, allowed: frozenset[str]) -> str | None:
    unknown = set(PLACEHOLDER.findall(text)) - allowed
    if unknown:
        names = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
        return f"unknown placeholder(s) {sorted(unknown)}; allowed here: {names}"
    leftover = PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        return "stray { or }; only whole placeholders such as {platform} may use braces"
    return None


@check("placeholders-known")
def placeholders_known(raw: RawData) -> Iterator[Problem]:
    """Texts use only the placeholders the composer fills, and no stray braces."""
    for lang, rec in raw.records["language"].items():
        for part, value in rec["objection"].items():
            texts = value.items() if isinstance(value, dict) else [(None, value)]
            for law, text in texts:
                allowed = TEMPLATE_VARIABLES if part == "opening" else frozenset()
                error = _placeholder_problems(text, allowed)
                if error:
                    pointer = f"/objection/{part}" + (f"/{law}" if law else "")
                    yield Problem(
                        "placeholders-known", raw.path("language", lang), pointer, error
                    )
    for lang, by_id in raw.texts.items():
        for aid, (title, body) in by_id.items():
            error = _placeholder_problems(title, frozenset()) or _placeholder_problems(
                body, TEMPLATE_VARIABLES
            )
            if error:
                yield Problem(
                    "placeholders-known", f"arguments/{lang}/{aid}.txt", "", error
                )


#: Placeholders each part of a language's letters may use.
LETTER_PLACEHOLDERS = {
    ("complaint", "opening"): frozenset({"regulator", "platform"}),
    ("complaint", "objected_on"): frozenset({"date"}),
    ("complaint", "text_hash"): frozenset({"hash"}),
}


@check("letter-placeholders-known")
def letter_placeholders_known(raw: RawData) -> Iterator[Problem]:
    """Complaint and third-party letters use only the placeholders filled for them."""
    for lang, rec in raw.records["language"].items():
        for section in ("complaint", "third_party"):
            for part, value in rec.get(section, {}).items():
                texts = value.items() if isinstance(value, dict) else [(None, value)]
                allowed = LETTER_PLACEHOLDERS.get((section, part), frozenset())
                for law, text in texts:
                    error = _placeholder_problems(text, allowed)
                    if error:
                        pointer = f"/{section}/{part}" + (f"/{law}" if law else "")
                        yield Problem(
                            "letter-placeholders-known",
                            raw.path("language", lang),
                            pointer,
                            error,
                        )


REPLY_OUTCOMES = ("accepted", "rejected", "needs-info", "form-error", "unrelated")


@check("replies-complete")
def replies_complete(raw: RawData) -> Iterator[Problem]:
    """Every outcome has a record with phrases in every shipped language."""
    languages = sorted(_ids(raw, "language"))
    replies = raw.records["reply"]
    for outcome in (*REPLY_OUTCOMES, "unknown"):
        if outcome not in replies:
            yield Problem(
                "replies-complete", f"replies/{outcome}.json", "", "missing; add it"
            )
    for rid, rec in sorted(replies.items()):
        if rid == "unknown":
            if rec["phrases"]:
                yield Problem(
                    "replies-complete",
                    raw.path("reply", rid),
                    "/phrases",
                    "`unknown` is what matches nothing; it has no phrases",
                )
            continue
        for lang in languages:
            if lang not in rec["phrases"]:
                yield Problem(
                    "replies-complete",
                    raw.path("reply", rid),
                    f"/phrases/{lang}",
                    f"missing: add the phrases Meta's {lang} messages use",
                )


@check("lint-complete")
def lint_complete(raw: RawData) -> Iterator[Problem]:
    """One own-situation rule; words in every language; suggested arguments exist."""
    languages = sorted(_ids(raw, "language"))
    arguments = _ids(raw, "argument")
    rules = raw.records["lint"]
    own = [rid for rid, rec in rules.items() if rec["kind"] == "own-situation"]
    if len(own) != 1:
        yield Problem(
            "lint-complete",
            "lint/",
            "",
            f"exactly one rule of kind own-situation is needed, found {sorted(own)}",
        )
    for rid, rec in sorted(rules.items()):
        for lang in languages:
            if lang not in rec["words"]:
                yield Problem(
                    "lint-complete",
                    raw.path("lint", rid),
                    f"/words/{lang}",
                    f"missing: add the {lang} words for this rule",
                )
        for i, aid in enumerate(rec.get("suggest_arguments", [])):
            if aid not in arguments:
                yield Problem(
                    "lint-complete",
                    raw.path("lint", rid),
                    f"/suggest_arguments/{i}",
                    f"unknown argument {aid!r}; valid: {_fix_list(arguments)}",
                )


@check("aliases-unique")
def aliases_unique(raw: RawData) -> Iterator[Problem]:
    """A country alias is never another country's code or another's alias."""
    codes = _ids(raw, "jurisdiction")
    seen: dict[str, str] = {}
    for jid, rec in sorted(raw.records["jurisdiction"].items()):
        for i, alias in enumerate(rec.get("aliases", [])):
            if alias in codes or seen.setdefault(alias, jid) != jid:
                yield Problem(
                    "aliases-unique",
                    raw.path("jurisdiction", jid),
                    f"/aliases/{i}",
                    f"{alias!r} is already a country code or another country's alias",
                )


@check("not-verified-in-future")
def not_verified_in_future(raw: RawData) -> Iterator[Problem]:
    """No record claims to have been verified after today."""
    today = datetime.date.today().isoformat()
    for kind, records in raw.records.items():
        for rid, rec in records.items():
            if rec["last_verified"] > today:
                yield Problem(
                    "not-verified-in-future",
                    raw.path(kind, rid),
                    "/last_verified",
                    f"{rec['last_verified']} is in the future; "
                    "use the date you checked",
                )


def _route_jurisdictions(raw: RawData) -> Iterator[tuple[str, dict[str, Any]]]:
    groups = raw.records["group"]
    for jid, rec in sorted(raw.records["jurisdiction"].items()):
        group = groups.get(rec["group"])
        if group is not None and group["objection_route"]:
            yield jid, rec


@check("route-languages-complete")
def route_languages_complete(raw: RawData) -> Iterator[Problem]:
    """Every language people write in where there is a route is shipped, with the
    words that find Meta's object link and the labels of every form field."""
    languages = _ids(raw, "language")
    needed: dict[str, str] = {}
    for jid, rec in _route_jurisdictions(raw):
        for i, lang in enumerate(rec["languages"]):
            needed.setdefault(lang, jid)
            if lang not in languages:
                yield Problem(
                    "route-languages-complete",
                    raw.path("jurisdiction", jid),
                    f"/languages/{i}",
                    f"{lang!r} is not a shipped language: add languages/{lang}.json "
                    "and its argument texts (scripts/language_pack.py helps), or "
                    "remove it here",
                )
    for hid, hints in sorted(raw.records["hints"].items()):
        for lang, jid in sorted(needed.items()):
            if lang not in hints["link"]["words"]["objection"]:
                yield Problem(
                    "route-languages-complete",
                    raw.path("hints", hid),
                    f"/link/words/objection/{lang}",
                    f"missing: the {lang} words of Meta's object link "
                    f"(needed for {jid})",
                )
    for fid, rec in sorted(raw.records["field"].items()):
        for lang, jid in sorted(needed.items()):
            if lang not in rec["words"]:
                yield Problem(
                    "route-languages-complete",
                    raw.path("field", fid),
                    f"/words/{lang}",
                    f"missing: the {lang} words of the {fid} field's label "
                    f"(needed for {jid})",
                )


@check("route-regulators-complete")
def route_regulators_complete(raw: RawData) -> Iterator[Problem]:
    """Where there is a route, the regulator says what to attach, its deadlines, and
    whether to contact Meta first."""
    regulators = raw.records["regulator"]
    for _, rec in _route_jurisdictions(raw):
        rid = rec.get("regulator")
        if rid is None or rid not in regulators:
            continue  # references-exist reports unknown ids
        reg = regulators[rid]
        path = raw.path("regulator", rid)
        if reg["contact_controller_first"] == "unknown":
            yield Problem(
                "route-regulators-complete",
                path,
                "/contact_controller_first",
                "say whether people must (yes) or should (recommended) contact Meta "
                "first, or need not (no)",
            )
        for field in ("what_to_attach", "deadlines"):
            if not reg[field]:
                yield Problem(
                    "route-regulators-complete",
                    path,
                    f"/{field}",
                    f"empty: add at least one entry ({field.replace('_', ' ')}) "
                    "with its source",
                )


@check("no-route-explained")
def no_route_explained(raw: RawData) -> Iterator[Problem]:
    """Where there is no route, the record says what local law gives and does not."""
    groups = raw.records["group"]
    for jid, rec in sorted(raw.records["jurisdiction"].items()):
        group = groups.get(rec["group"])
        if (
            group is not None
            and not group["objection_route"]
            and "local_rights" not in rec
        ):
            yield Problem(
                "no-route-explained",
                raw.path("jurisdiction", jid),
                "/local_rights",
                "missing: say which rights local law gives (access, deletion ...) and "
                "that none is known to stop AI training, with sources",
            )


def run_checks(raw: RawData) -> list[Problem]:
    """Run every registered check and return all problems found."""
    return [problem for func in CHECKS.values() for problem in func(raw)]
