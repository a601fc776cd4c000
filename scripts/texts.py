#!/usr/bin/env python3
"""The translators' round trip for the texts people read (i18n/<lang>/texts.json).

    python scripts/texts.py todo de --out todo-de.json  # what is missing, in English
    python scripts/texts.py merge de todo-de.json       # add the filled `text`s

`todo` writes every person-facing text the language still lacks where it is needed
(and, with --all, every one it lacks at all), plus those whose English changed since
they were translated, as {folder: {id: {pointer: {"en": ..., "text": ""}}}}. Fill in
each `text` and `merge` it: the entries are checked (the English they translate must
still be the record's, placeholders in braces kept), stamped with the English's hash
and written sorted into texts.json, marked `machine-drafted` unless --reviewed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from optout_lib._data import (
    RECORD_DIRS,
    localized_at,
    package_data,
    read_data,
    source_hash,
)
from optout_lib._texts import person_facing

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _texts_file(data: Path, lang: str) -> Path:
    return data / "i18n" / lang / "texts.json"


def _stored(data: Path, lang: str) -> dict[str, Any]:
    path = _texts_file(data, lang)
    if path.exists():
        stored: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return stored
    return {"review": "machine-drafted", "texts": {}}


def todo(data: Path, lang: str, everything: bool) -> dict[str, Any]:
    """The texts `lang` lacks (or whose English changed), with their English."""
    raw, _ = read_data(data)
    stored = _stored(data, lang)["texts"]
    wanted: dict[str, Any] = {}
    for text in person_facing(raw):
        entry = stored.get(text.folder, {}).get(text.record_id, {}).get(text.pointer)
        stale = entry is not None and entry["from"] != source_hash(text.localized["en"])
        missing = lang not in text.localized and (everything or lang in text.needed)
        if stale or missing:
            by_id = wanted.setdefault(text.folder, {}).setdefault(text.record_id, {})
            by_id[text.pointer] = {"en": text.localized["en"], "text": ""}
    return wanted


def merge(data: Path, lang: str, filled: dict[str, Any], reviewed: bool) -> list[str]:
    """Add the filled entries to the language's texts.json; returns the problems."""
    raw, _ = read_data(data)
    folders = {folder: kind for kind, folder in RECORD_DIRS.items()}
    stored = _stored(data, lang)
    problems: list[str] = []
    for folder, by_id in filled.items():
        for rid, entries in by_id.items():
            record = raw.records.get(folders.get(folder, ""), {}).get(rid)
            for pointer, entry in entries.items():
                where = f"{folder}/{rid}{pointer}"
                text = entry.get("text", "").strip()
                current = localized_at(record, pointer) if record else None
                if not text:
                    continue  # not translated yet: stays on the todo list
                if current is None or current["en"] != entry["en"]:
                    problems.append(f"{where}: the English changed; run todo again")
                    continue
                if sorted(PLACEHOLDER.findall(text)) != sorted(
                    PLACEHOLDER.findall(entry["en"])
                ):
                    problems.append(f"{where}: keep the placeholders of the English")
                    continue
                stored["texts"].setdefault(folder, {}).setdefault(rid, {})[pointer] = {
                    "text": text,
                    "from": source_hash(entry["en"]),
                }
    if reviewed:
        stored["review"] = "native-reviewed"
    stored["texts"] = {
        folder: {rid: dict(sorted(e.items())) for rid, e in sorted(by_id.items())}
        for folder, by_id in sorted(stored["texts"].items())
    }
    _texts_file(data, lang).write_text(
        json.dumps(stored, indent=1, ensure_ascii=False) + "\n", "utf-8"
    )
    return problems


def main() -> int:
    """Run `todo` or `merge` from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(str(package_data())),
        help="another data folder (default: the package's)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("todo", help="list what a language still lacks")
    ask.add_argument("lang")
    ask.add_argument("--out", type=Path, help="write here instead of standard output")
    ask.add_argument(
        "--all", action="store_true", help="also texts it is not needed for"
    )
    put = sub.add_parser("merge", help="add filled entries to texts.json")
    put.add_argument("lang")
    put.add_argument("file", type=Path)
    put.add_argument(
        "--reviewed", action="store_true", help="a native speaker read them"
    )
    args = parser.parse_args()
    if not (args.data_dir / "i18n" / args.lang / "language.json").exists():
        parser.error(f"{args.lang} is not a shipped language (no i18n/{args.lang}/)")
    if args.command == "todo":
        out = json.dumps(
            todo(args.data_dir, args.lang, args.all), indent=1, ensure_ascii=False
        )
        if args.out:
            args.out.write_text(out + "\n", "utf-8")
        else:
            print(out)
        return 0
    problems = merge(
        args.data_dir,
        args.lang,
        json.loads(args.file.read_text("utf-8")),
        args.reviewed,
    )
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
