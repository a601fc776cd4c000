"""Cross-file data checks: each a small named rule whose message says how to fix it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ._data import (
    BASE_ORIGIN,
    LETTER_KINDS,
    RECORD_DIRS,
    WORD_LISTS,
    Problem,
    RawData,
    check_url,
    i18n_path,
    words_pointer,
)
from ._texts import person_facing
from .engine import Node, TemplateError, parse_template, template_names

Rule = Callable[[RawData], Iterator[Problem]]


@dataclass(frozen=True)
class Check:
    """One data check: its stable id, what it checks, where README explains it."""

    id: str
    desc: str
    url: str
    run: Rule


#: check id -> check, in the order they run
CHECKS: dict[str, Check] = {}


def check(check_id: str) -> Callable[[Rule], Rule]:
    """Register a rule as a check under a stable id; its docstring is the desc."""

    def register(func: Rule) -> Rule:
        desc = " ".join((func.__doc__ or "").split())
        CHECKS[check_id] = Check(check_id, desc, check_url(check_id), func)
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


@check("failure-state-unique")
def failure_state_unique(raw: RawData) -> Iterator[Problem]:
    """At most one failure mode per route names a checklist state."""
    for rid, rec in sorted(raw.records["route"].items()):
        claimed: dict[str, str] = {}
        for i, failure in enumerate(rec.get("failure_modes", [])):
            state = failure.get("state")
            if state is None:
                continue
            if state in claimed:
                yield Problem(
                    "failure-state-unique",
                    raw.path("route", rid),
                    f"/failure_modes/{i}/state",
                    f"state {state!r} is already claimed by failure mode "
                    f"{claimed[state]!r}; the checklist shows one advice per state, "
                    "so remove `state` from one of the two",
                )
            else:
                claimed[state] = failure["id"]


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
    """Every argument has an English text; no text or letter is without its record."""
    arguments = _ids(raw, "argument")
    languages = _ids(raw, "language")
    for missing in sorted(arguments - set(raw.texts.get("en", {}))):
        yield Problem(
            "argument-texts-complete",
            i18n_path("en", "arguments", f"{missing}.txt"),
            "",
            f"missing: argument {missing!r} has no English text; write it",
        )
    for lang, texts in sorted(raw.texts.items()):
        for orphan in sorted(set(texts) - arguments):
            yield Problem(
                "argument-texts-complete",
                i18n_path(lang, "arguments", f"{orphan}.txt"),
                "",
                f"no argument record arguments/{orphan}.json; "
                "add it or remove the text",
            )
    for lang in sorted((set(raw.texts) | set(raw.letters)) - languages):
        yield Problem(
            "argument-texts-complete",
            i18n_path(lang),
            "",
            f"texts but no language record {i18n_path(lang, 'language.json')}; add "
            "it (python scripts/new_language.py helps) or remove arguments/ and "
            "letters/",
        )


#: The values each letter's template may use; `law` is the law that applies.
LETTER_VARIABLES = {
    "objection": frozenset({"law", "platform", "arguments", "personal", "name"}),
    "complaint": frozenset(
        {
            "law",
            "regulator",
            "platform",
            "date",
            "has_text",
            "text",
            "hash",
            "reply",
            "name",
        }
    ),
    "third-party": frozenset({"law", "no_account", "name"}),
}


def _law_blocks(nodes: Sequence[Node]) -> set[str]:
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, dict) and "then" in node:
            if node["if"] == "law" and node["equals"] is not None:
                found.add(node["equals"])
            found |= _law_blocks(node["then"])
    return found


def _template_problem(text: str, allowed: frozenset[str]) -> tuple[str, str] | None:
    """(field, message) for a template that does not parse or reads unknown values."""
    try:
        nodes = parse_template(text)
    except TemplateError as exc:
        return "", str(exc)
    unknown = template_names(nodes) - allowed
    if unknown:
        names = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
        tags = ", ".join("{" + n + "}" for n in sorted(unknown))
        return tags, f"unknown value(s) {tags}; allowed here: {names}"
    return None


def _letter_problems(
    raw: RawData, kinds: Sequence[str], name: str
) -> Iterator[Problem]:
    laws = {g["law"] for g in raw.records["group"].values() if g["objection_route"]}
    for lang, letters in sorted(raw.letters.items()):
        for kind in kinds:
            if kind not in letters:
                continue  # language-complete reports missing letters
            rel = i18n_path(lang, "letters", f"{kind}.txt")
            problem = _template_problem(letters[kind], LETTER_VARIABLES[kind])
            if problem:
                yield Problem(name, rel, *problem)
                continue
            blocks = _law_blocks(parse_template(letters[kind]))
            for law in sorted(laws - blocks):
                yield Problem(
                    name,
                    rel,
                    f"{{?law={law}}}",
                    f"missing: add a {{?law={law}}}…{{/law}} block with the opening "
                    f"for {law}, which has an objection route",
                )
            for law in sorted(blocks - laws):
                yield Problem(
                    name,
                    rel,
                    f"{{?law={law}}}",
                    f"no group with an objection route has law {law!r}; "
                    f"use one of: {', '.join(sorted(laws))}",
                )


@check("placeholders-known")
def placeholders_known(raw: RawData) -> Iterator[Problem]:
    """The objection template and argument texts parse and use only the values the
    composer fills ({platform} in arguments), with an opening for every law."""
    yield from _letter_problems(raw, ("objection",), "placeholders-known")
    for lang, by_id in sorted(raw.texts.items()):
        for aid, (title, body) in sorted(by_id.items()):
            problem = _template_problem(title, frozenset()) or _template_problem(
                body, frozenset({"platform"})
            )
            if problem:
                yield Problem(
                    "placeholders-known",
                    i18n_path(lang, "arguments", f"{aid}.txt"),
                    *problem,
                )


@check("letter-placeholders-known")
def letter_placeholders_known(raw: RawData) -> Iterator[Problem]:
    """The complaint and third-party templates parse and use only the values filled
    for them, with an opening for every law."""
    yield from _letter_problems(
        raw, ("complaint", "third-party"), name="letter-placeholders-known"
    )


REPLY_OUTCOMES = ("accepted", "rejected", "needs-info", "form-error", "unrelated")


@check("replies-complete")
def replies_complete(raw: RawData) -> Iterator[Problem]:
    """Every outcome has a record, and `unknown` has no phrases."""
    replies = raw.records["reply"]
    for outcome in (*REPLY_OUTCOMES, "unknown"):
        if outcome not in replies:
            yield Problem(
                "replies-complete", f"replies/{outcome}.json", "", "missing; add it"
            )
    for lang in sorted(replies.get("unknown", {}).get("phrases", {})):
        yield Problem(
            "replies-complete",
            i18n_path(lang, "words.json"),
            words_pointer("reply", "unknown", ("phrases",)),
            "`unknown` is what matches nothing; it has no phrases",
        )


@check("lint-complete")
def lint_complete(raw: RawData) -> Iterator[Problem]:
    """One own-situation rule; suggested arguments exist."""
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
        for i, aid in enumerate(rec.get("suggest_arguments", [])):
            if aid not in arguments:
                yield Problem(
                    "lint-complete",
                    raw.path("lint", rid),
                    f"/suggest_arguments/{i}",
                    f"unknown argument {aid!r}; valid: {_fix_list(arguments)}",
                )


# Lists a language may lack: bare words exist only where a language's plain "name"
# is shared by fields, and third-party link words only help find a form ID no route
# knows yet; without them nothing breaks.
_OPTIONAL_WORDS = {("field", "bare_words"), ("hints", "third-party")}


def _key_paths(value: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[str]:
    for key, item in value.items():
        yield "/" + "/".join((*path, key))
        if isinstance(item, dict):
            yield from _key_paths(item, (*path, key))


def _word_lists(raw: RawData, lang: str) -> set[tuple[str, str, tuple[str, ...]]]:
    """(record type, id, path) of every list a language has in memory."""
    found = set()
    for kind in WORD_LISTS:
        for rid, rec in raw.records[kind].items():
            for path in _list_paths(rec):
                parent = rec
                for key in path:
                    parent = parent[key]
                if lang in parent:
                    found.add((kind, rid, path))
    return found


def _list_paths(
    rec: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Paths to the per-language maps in a record: dicts whose values are lists."""
    for key, value in rec.items():
        if (
            isinstance(value, dict)
            and value
            and all(isinstance(v, list) for v in value.values())
        ):
            yield (*path, key)
        elif isinstance(value, dict):
            yield from _list_paths(value, (*path, key))


@check("language-complete")
def language_complete(raw: RawData) -> Iterator[Problem]:
    """Every shipped language has every file, key and word list English has: the
    language record's keys, every argument text, the three letters, and the words of
    every reply outcome, lint rule, hint kind and form field."""
    languages = raw.records["language"]
    if "en" not in languages:
        yield Problem(
            "language-complete",
            i18n_path("en", "language.json"),
            "",
            "missing: English is the reference every language is compared with",
        )
        return
    keys = set(_key_paths(languages["en"]))
    # English, too, needs every list the records hold, but `unknown` matches nothing.
    words = {
        (kind, rid, path)
        for kind, paths in WORD_LISTS.items()
        for rid in raw.records[kind]
        for path in paths
        if (kind, rid) != ("reply", "unknown")
    } | _word_lists(raw, "en")
    words = {w for w in words if (w[0], w[2][-1]) not in _OPTIONAL_WORDS}
    texts = set(raw.texts.get("en", {}))
    for lang in sorted(languages):
        for key in sorted(keys - set(_key_paths(languages[lang]))):
            yield Problem(
                "language-complete",
                raw.path("language", lang),
                key,
                f"missing: English has it; translate {key} of "
                f"{i18n_path('en', 'language.json')}",
            )
        for aid in sorted(texts - set(raw.texts.get(lang, {}))):
            yield Problem(
                "language-complete",
                i18n_path(lang, "arguments", f"{aid}.txt"),
                "",
                f"missing: translate {i18n_path('en', 'arguments', f'{aid}.txt')}",
            )
        for kind in LETTER_KINDS:
            if kind not in raw.letters.get(lang, {}):
                yield Problem(
                    "language-complete",
                    i18n_path(lang, "letters", f"{kind}.txt"),
                    "",
                    f"missing: translate {i18n_path('en', 'letters', f'{kind}.txt')}",
                )
        for kind, rid, path in sorted(words - _word_lists(raw, lang)):
            yield Problem(
                "language-complete",
                i18n_path(lang, "words.json"),
                words_pointer(kind, rid, path),
                f"missing: add the {lang} words for {RECORD_DIRS[kind]}/{rid}.json "
                f"({'/'.join(path)})",
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
                    f"{lang!r} is not a shipped language: add {i18n_path(lang)}/ "
                    f"(python scripts/new_language.py {lang}), or remove it here",
                )
    for hid, hints in sorted(raw.records["hints"].items()):
        for lang, jid in sorted(needed.items()):
            if lang not in hints["link"]["words"]["objection"]:
                yield Problem(
                    "route-languages-complete",
                    i18n_path(lang, "words.json"),
                    words_pointer("hints", hid, ("link", "words", "objection")),
                    f"missing: the {lang} words of Meta's object link "
                    f"(needed for {jid})",
                )
    for fid, rec in sorted(raw.records["field"].items()):
        for lang, jid in sorted(needed.items()):
            if lang not in rec["words"]:
                yield Problem(
                    "route-languages-complete",
                    i18n_path(lang, "words.json"),
                    words_pointer("field", fid, ("words",)),
                    f"missing: the {lang} words of the {fid} field's label "
                    f"(needed for {jid})",
                )


@check("texts-current")
def texts_current(raw: RawData) -> Iterator[Problem]:
    """A translation in texts.json translates its record's current English, at a
    pointer that holds one, and the record has no other text in that language there."""
    yield from raw.translation_problems


@check("texts-complete")
def texts_complete(raw: RawData) -> Iterator[Problem]:
    """Every text a person reads (route steps, group effects, regulator advice, reply
    next steps ...) exists in every shipped language where people can object, and in
    the countries' own languages where it is shown only where they cannot."""
    for text in person_facing(raw):
        if raw.origins.get((text.kind, text.record_id)) != BASE_ORIGIN:
            continue  # an overlay's own records: its texts, in its languages
        for lang, jid in sorted(text.needed.items()):
            if lang not in text.localized:
                yield Problem(
                    "texts-complete",
                    i18n_path(lang, "texts.json"),
                    f"/texts/{text.folder}/{text.record_id}{text.pointer}",
                    f"missing: the {lang} text of {text.folder}/{text.record_id}.json "
                    f"{text.pointer} (shown in {jid}); python scripts/texts.py todo "
                    f"{lang} lists every missing text with its English",
                )


def _citation_pattern(raw: RawData) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every law citation the groups name, longest first, and which
    group each citation belongs to."""
    owner = {
        citation: gid
        for gid, group in sorted(raw.records["group"].items())
        for citation in group.get("citations", [])
    }
    ordered = sorted(owner, key=lambda c: (-len(c), c))
    # Abbreviations are whole words; a name (or a stem such as "tietosuoja-asetu") may
    # take an inflection ("persónuverndarreglugerðarinnar"), so only its start is.
    words = "|".join(
        re.escape(c) + ("" if " " in c or len(c) > 8 else r"(?!\w)") for c in ordered
    )
    return re.compile(rf"(?<!\w)(?:{words})"), owner


@check("law-cited-where-it-applies")
def law_cited_where_it_applies(raw: RawData) -> Iterator[Problem]:
    """A person-facing text that cites a law (a group's `citations`) is shown only in
    countries where that law applies: never a GDPR article to someone in the UK."""
    pattern, owner = _citation_pattern(raw)
    if not owner:
        return
    for text in person_facing(raw):
        for lang, value in sorted(text.localized.items()):
            for citation in sorted(set(pattern.findall(value))):
                elsewhere = sorted(text.groups - {owner[citation]})
                if elsewhere:
                    yield Problem(
                        "law-cited-where-it-applies",
                        raw.path(text.kind, text.record_id),
                        f"{text.pointer}/{lang}",
                        f"cites {citation!r} ({owner[citation]}) but is also shown "
                        f"under {', '.join(elsewhere)}: word it without the citation, "
                        "or move it to the group whose law it cites",
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
    return [problem for check in CHECKS.values() for problem in check.run(raw)]
