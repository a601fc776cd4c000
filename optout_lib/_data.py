"""Read the data files, validate each against its JSON Schema, and collect problems."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

#: record type -> folder under data/ holding one `<id>.json` per record (language
#: records are the exception: each is `i18n/<lang>/language.json`; the bundle still
#: names them after this folder)
RECORD_DIRS = {
    "platform": "platforms",
    "group": "groups",
    "jurisdiction": "jurisdictions",
    "route": "routes",
    "hints": "hints",
    "argument": "arguments",
    "regulator": "regulators",
    "language": "languages",
    "reply": "replies",
    "lint": "lint",
    "field": "fields",
    "detector": "detector",
    "countries": "countries",
}

Record = dict[str, Any]

#: The folder holding one sub-folder per language with everything of that language.
I18N_DIR = "i18n"

#: The letters each language writes, one whole template each: i18n/<lang>/letters/.
LETTER_KINDS = ("objection", "complaint", "third-party")

#: The per-language word lists each record type carries in memory, as paths inside
#: the record to a map language -> list. A language's lists live in its words.json
#: under <folder>/<id>/<path>, so translators work in one file; these paths exist in
#: every record even before any language has words for them (the code reads them
#: unguarded), other paths the words schema allows only once a language has them.
WORD_LISTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "hints": (
        ("link", "words", "objection"),
        ("link", "words", "third-party"),
        ("form_states", "submitted"),
        ("form_states", "error"),
    ),
    "reply": (("phrases",),),
    "lint": (("words",),),
    "field": (("words",),),
    "detector": (("filler_words",), ("submit_words",)),
}

#: The origin of records shipped in the package.
BASE_ORIGIN = "optout"


def check_url(check_id: str) -> str:
    """Where README explains a check and how to fix what it finds."""
    return f"README.md#check-{check_id}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, located by file and field, with the fix."""

    check: str
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} {self.field}" if self.field else self.file
        return f"{where}: {self.message} [{self.check}, see {check_url(self.check)}]"


@dataclass
class RawData:
    """All records as parsed JSON, keyed by type and id, plus argument texts."""

    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    #: language -> argument id -> (title, body)
    texts: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    #: (type, id) -> data-relative file path, for messages
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (type, id) -> where the record came from: BASE_ORIGIN or an overlay's name
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (language, argument id) -> where the text came from
    text_origins: dict[tuple[str, str], str] = field(default_factory=dict)
    #: language -> letter kind -> template text, as written in letters/<kind>.txt
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    #: language -> its words.json, overlays merged in list by list
    words: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: language -> folder -> record id -> pointer -> {text, from}, from texts.json
    translations: dict[str, dict[str, dict[str, dict[str, Any]]]] = field(
        default_factory=dict
    )
    #: language -> how its texts.json was reviewed
    translation_review: dict[str, str] = field(default_factory=dict)
    #: translations that fit no current English, for the `texts-current` check
    translation_problems: list[Problem] = field(default_factory=list)

    def path(self, kind: str, record_id: str) -> str:
        """Return the data-relative file a record came from."""
        if kind == "language":
            default = f"{I18N_DIR}/{record_id}/language.json"
        else:
            default = f"{RECORD_DIRS[kind]}/{record_id}"
        return self.paths.get((kind, record_id), default)


def i18n_path(lang: str, *parts: str) -> str:
    """The data-relative path of a file in a language's folder."""
    return "/".join((I18N_DIR, lang, *parts))


def words_pointer(kind: str, record_id: str, path: Sequence[str]) -> str:
    """Where in a words.json a record's per-language list lives."""
    return "/" + "/".join((RECORD_DIRS[kind], record_id, *path))


def package_data() -> Traversable:
    """Return the data folder shipped inside the package."""
    return files("optout_lib") / "data"


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(p) for p in path) if path else "(top level)"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice")
        result[key] = value
    return result


def _full_match(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[jsonschema.ValidationError]:
    # JSON Schema's `pattern` searches; with Python's `$` that also passes a value with
    # a final newline ("uk\n"). Here a pattern must match the whole value, as the
    # extension's `^(?:…)$` does in JavaScript.
    if validator.is_type(instance, "string") and not re.fullmatch(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft 2020-12 with whole-value patterns (see _full_match).
Validator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"pattern": _full_match}
)


class _Validators:
    """One Draft 2020-12 validator per record type, sharing a registry."""

    def __init__(self, schema_dir: Traversable) -> None:
        schemas = {}
        for entry in schema_dir.iterdir():
            if entry.name.endswith(".schema.json"):
                schema = json.loads(entry.read_text(encoding="utf-8"))
                schemas[schema["$id"]] = schema
        registry: Registry[Any] = Registry().with_resources(
            (uri, Resource.from_contents(s)) for uri, s in schemas.items()
        )
        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        self.by_type = {
            kind: Validator(
                schemas[f"urn:optout:schema:{kind}"],
                registry=registry,
                format_checker=checker,
            )
            for kind in RECORD_DIRS
        }
        #: schemas for data people bring (receipts), not records in the data folder
        self.by_id = {
            uri.rsplit(":", 1)[1]: Validator(
                schema, registry=registry, format_checker=checker
            )
            for uri, schema in schemas.items()
        }


def _schema_problems(
    validator: jsonschema.Draft202012Validator, record: Any, rel: str
) -> Iterator[Problem]:
    for error in sorted(validator.iter_errors(record), key=lambda e: list(e.path)):
        # oneOf/anyOf failures are clearer when reported through their best branch.
        best = jsonschema.exceptions.best_match([error]) or error
        yield Problem(
            "schema",
            rel,
            _pointer(best.absolute_path),
            f"{best.message}; the schema's `description` says what belongs here",
        )


def _read_json(entry: Traversable, rel: str) -> tuple[Any, Problem | None]:
    try:
        text = entry.read_text(encoding="utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicate_keys), None
    except UnicodeDecodeError:
        return None, Problem("json", rel, "", "not UTF-8; save the file as UTF-8")
    except json.JSONDecodeError as exc:
        return None, Problem(
            "json",
            rel,
            f"line {exc.lineno} column {exc.colno}",
            f"invalid JSON: {exc.msg}",
        )
    except ValueError as exc:
        return None, Problem("json", rel, "", f"invalid JSON: {exc}")


def _parse_text(text: str) -> tuple[str, str] | str:
    """Split an argument text file into (title, body), or return what is wrong."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if len(lines) < 3 or lines[1] != "" or not lines[0].strip():
        return "must be: the title on line 1, an empty line 2, the text from line 3"
    title, body = lines[0], "\n".join(lines[2:])
    if title != title.strip() or body != body.strip() or not body:
        return "title and text must not start or end with spaces or empty lines"
    return title, body


def _read_text_file(entry: Traversable) -> str:
    """The file's text, or raise ValueError saying what to fix in its encoding."""
    try:
        text = entry.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8; save the file as UTF-8") from None
    if "\r" in text:
        raise ValueError(
            "uses Windows line endings; save it with LF (\\n) line endings"
        )
    return text


def _read_texts(
    arguments_dir: Traversable, lang: str, raw: RawData, origin: str, rel_dir: str
) -> Iterator[Problem]:
    texts = raw.texts.setdefault(lang, {})
    for entry in sorted(arguments_dir.iterdir(), key=lambda e: e.name):
        rel = f"{rel_dir}/{entry.name}"
        if not entry.name.endswith(".txt"):
            yield Problem("layout", rel, "", "only <argument-id>.txt files belong here")
            continue
        try:
            parsed = _parse_text(_read_text_file(entry))
        except ValueError as exc:
            parsed = str(exc)
        if isinstance(parsed, str):
            yield Problem("argument-text-format", rel, "", parsed)
        else:
            aid = entry.name.removesuffix(".txt")
            texts[aid] = parsed
            raw.text_origins[(lang, aid)] = origin


def _read_letters(
    letters_dir: Traversable, lang: str, raw: RawData, rel_dir: str
) -> Iterator[Problem]:
    # The placeholders-known checks parse the templates and name what is wrong.
    for entry in sorted(letters_dir.iterdir(), key=lambda e: e.name):
        rel = f"{rel_dir}/{entry.name}"
        kind = entry.name.removesuffix(".txt")
        if kind not in LETTER_KINDS or not entry.name.endswith(".txt"):
            names = ", ".join(f"{k}.txt" for k in LETTER_KINDS)
            yield Problem("layout", rel, "", f"only {names} belong here")
            continue
        try:
            raw.letters.setdefault(lang, {})[kind] = _read_text_file(entry)
        except ValueError as exc:
            yield Problem("letter-text-format", rel, "", str(exc))


def _merge_lists(into: dict[str, Any], words: dict[str, Any]) -> None:
    """Merge an overlay's words into a language's: each list it names replaces ours."""
    for key, value in words.items():
        if isinstance(value, dict):
            _merge_lists(into.setdefault(key, {}), value)
        else:
            into[key] = value


def _read_language(
    lang_dir: Traversable,
    validators: _Validators,
    raw: RawData,
    origin: str,
    prefix: str,
) -> Iterator[Problem]:
    """Read one language's folder: its record, argument texts, letters and words."""
    lang = lang_dir.name
    rel_dir = f"{prefix}{i18n_path(lang)}"
    for entry in sorted(lang_dir.iterdir(), key=lambda e: e.name):
        rel = f"{rel_dir}/{entry.name}"
        if entry.name == "arguments" and entry.is_dir():
            yield from _read_texts(entry, lang, raw, origin, rel)
        elif entry.name == "letters" and entry.is_dir():
            yield from _read_letters(entry, lang, raw, rel)
        elif entry.name in ("language.json", "words.json", "texts.json"):
            data, problem = _read_json(entry, rel)
            schema = entry.name.removesuffix(".json")
            found = (
                [problem]
                if problem
                else list(_schema_problems(validators.by_id[schema], data, rel))
            )
            yield from found
            if found:
                continue
            if schema == "words":
                _merge_lists(raw.words.setdefault(lang, {}), data)
            elif schema == "texts":
                _merge_lists(raw.translations.setdefault(lang, {}), data["texts"])
                raw.translation_review[lang] = data["review"]
            elif data["id"] != lang:
                yield Problem(
                    "file-name-equals-id",
                    rel,
                    "/id",
                    f"id {data['id']!r} differs from the folder name; rename the "
                    f"folder to {data['id']} or set id to {lang!r}",
                )
            else:
                raw.records["language"][lang] = data
                raw.paths[("language", lang)] = rel
                raw.origins[("language", lang)] = origin
        else:
            yield Problem(
                "layout",
                rel,
                "",
                "only language.json, words.json, texts.json, arguments/ and letters/ "
                "belong here",
            )


def _assemble_words(raw: RawData) -> Iterator[Problem]:
    """Put every language's word lists into the records they belong to."""
    folders = {folder: kind for kind, folder in RECORD_DIRS.items()}
    for kind, paths in WORD_LISTS.items():
        for record in raw.records.get(kind, {}).values():
            for path in paths:
                _container(record, path)
    for lang, words in sorted(raw.words.items()):
        for folder, by_id in words.items():
            kind = folders[folder]
            for rid, lists in by_id.items():
                if rid not in raw.records[kind]:
                    yield Problem(
                        "references-exist",
                        i18n_path(lang, "words.json"),
                        f"/{folder}/{rid}",
                        f"no record {folder}/{rid}.json; add it or remove these words",
                    )
                    continue
                for path, value in _leaves(lists, ()):
                    _container(raw.records[kind][rid], path)[lang] = value


def source_hash(english: str) -> str:
    """The `from` of a translation: the first 12 hex digits of its English's SHA-256."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]


def localized_at(record: Record, pointer: str) -> dict[str, Any] | None:
    """The localized text ({en: ..., <lang>: ...}) a JSON pointer names, or None."""
    node: Any = record
    for part in pointer.split("/")[1:]:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    if isinstance(node, dict) and isinstance(node.get("en"), str):
        return node
    return None


def _assemble_translations(raw: RawData) -> None:
    """Put every texts.json translation beside the English it translates; keep what
    does not fit for the `texts-current` check. A record an overlay replaced is its
    own: base translations of English it changed are dropped, not reported."""
    folders = {folder: kind for kind, folder in RECORD_DIRS.items()}
    for lang, by_folder in sorted(raw.translations.items()):
        rel = i18n_path(lang, "texts.json")
        for folder, by_id in sorted(by_folder.items()):
            kind = folders[folder]
            for rid, entries in sorted(by_id.items()):
                record = raw.records[kind].get(rid)
                if record is None:
                    raw.translation_problems.append(
                        Problem(
                            "texts-current",
                            rel,
                            f"/texts/{folder}/{rid}",
                            f"no record {folder}/{rid}.json; add it or remove "
                            "these texts",
                        )
                    )
                    continue
                ours = raw.origins.get((kind, rid)) == BASE_ORIGIN
                for pointer, entry in sorted(entries.items()):
                    text = localized_at(record, pointer)
                    problem = _translation_problem(text, pointer, entry, lang)
                    if problem is None and text is not None:
                        text[lang] = entry["text"]
                    elif problem is not None and ours:
                        where = f"/texts/{folder}/{rid}/{pointer.lstrip('/')}"
                        raw.translation_problems.append(
                            Problem("texts-current", rel, where, problem)
                        )


def _translation_problem(
    text: dict[str, Any] | None, pointer: str, entry: dict[str, str], lang: str
) -> str | None:
    """Why a translation does not fit the text at its pointer (as the fix), or None."""
    if text is None:
        return (
            f"the record has no English text at {pointer}; fix the pointer or "
            "remove the entry"
        )
    if entry["from"] != source_hash(text["en"]):
        return (
            "the English text changed since this was translated; translate it "
            f"again (python scripts/texts.py todo {lang} lists it)"
        )
    if lang in text:
        return f"the record already has a {lang} text here; keep one of the two"
    return None


def _container(record: Record, path: tuple[str, ...]) -> dict[str, Any]:
    node = record
    for key in path:
        node = node.setdefault(key, {})
    return node


def _leaves(
    words: dict[str, Any], path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key, value in words.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key), value


def _read_records(
    root: Traversable,
    validators: _Validators,
    raw: RawData,
    origin: str,
    prefix: str,
) -> Iterator[Problem]:
    """Read one tree's records into `raw`; later trees override earlier ones by id."""
    for kind, folder in RECORD_DIRS.items():
        records = raw.records.setdefault(kind, {})
        if kind == "language":
            continue  # read from i18n/ below
        directory = root / folder
        if not directory.is_dir():
            if origin == BASE_ORIGIN:  # an overlay may hold any subset of folders
                yield Problem("layout", folder, "", "folder is missing")
            continue
        for entry in sorted(directory.iterdir(), key=lambda e: e.name):
            if entry.is_dir() or not entry.name.endswith(".json"):
                continue
            rel = f"{prefix}{folder}/{entry.name}"
            record, problem = _read_json(entry, rel)
            if problem:
                yield problem
                continue
            found = list(_schema_problems(validators.by_type[kind], record, rel))
            yield from found
            if found:
                continue
            stem = entry.name.removesuffix(".json")
            if record["id"] != stem:
                yield Problem(
                    "file-name-equals-id",
                    rel,
                    "/id",
                    f"id {record['id']!r} differs from the file name; rename the "
                    f"file to {record['id']}.json or set id to {stem!r}",
                )
                continue
            records[stem] = record
            raw.paths[(kind, stem)] = rel
            raw.origins[(kind, stem)] = origin
    i18n = root / I18N_DIR
    if not i18n.is_dir():
        if origin == BASE_ORIGIN:
            yield Problem("layout", I18N_DIR, "", "folder is missing")
        return
    for lang_dir in sorted(i18n.iterdir(), key=lambda e: e.name):
        if lang_dir.is_dir():
            yield from _read_language(lang_dir, validators, raw, origin, prefix)
        else:
            rel = f"{prefix}{I18N_DIR}/{lang_dir.name}"
            yield Problem(
                "layout", rel, "", "only one folder per language belongs here"
            )


def read_data(
    root: Traversable, overlays: Sequence[Path] = ()
) -> tuple[RawData, list[Problem]]:
    """Read and schema-check every record under `root`, then each overlay folder.

    An overlay has the same layout (any subset of it, no schemas); its records add
    to or replace the base records with the same id, and remember their origin; its
    texts and letters replace the base's of the same language and name, and each
    word list in its words.json replaces the base's list at the same place.
    """
    raw = RawData()
    validators = _Validators(root / "schema")
    problems = list(_read_records(root, validators, raw, BASE_ORIGIN, ""))
    for overlay in overlays:
        if not overlay.is_dir():
            problems.append(
                Problem("layout", str(overlay), "", "overlay folder does not exist")
            )
            continue
        problems += _read_records(overlay, validators, raw, overlay.name, f"{overlay}/")
    problems += _assemble_words(raw)
    _assemble_translations(raw)
    return raw, problems
