#!/usr/bin/env python3
"""Scaffold a new language from English: its data folder and the extension's locale.

    python scripts/new_language.py da

Copies `optout_lib/data/i18n/en/` to `i18n/<tag>/` (the language record marked
`machine-drafted`, every argument text, the three letter templates, and every word
list English has, added to any words the folder already holds, and every text people
read in the records, in texts.json) and
`extension/_locales/en/` to the tag's locale folder. Everything copied is English:
translate it all, then run `optout check`. Nothing existing is overwritten.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from optout_lib._data import read_data, source_hash
from optout_lib._texts import person_facing

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "optout_lib" / "data" / "i18n"
LOCALES = ROOT / "extension" / "_locales"


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _add_missing(into: dict[str, Any], english: dict[str, Any]) -> None:
    """Add each English list the language lacks; its own lists stay as they are."""
    for key, value in english.items():
        if isinstance(value, dict):
            _add_missing(into.setdefault(key, {}), value)
        else:
            into.setdefault(key, value)


def _names(tag: str) -> tuple[str, str]:
    """The language's name in itself and in English, from CLDR."""
    locale = Locale.parse(tag.replace("-", "_"))
    own = locale.get_display_name(locale) or tag
    return own[:1].upper() + own[1:], locale.get_display_name("en") or tag


def scaffold(tag: str) -> list[Path]:
    """Create the language's folder and locale from English; return what was written."""
    target = I18N / tag
    if (target / "language.json").exists():
        raise SystemExit(f"{target / 'language.json'} exists; {tag} is shipped already")
    english = I18N / "en"
    written = []
    target.mkdir(exist_ok=True)
    record = json.loads((english / "language.json").read_text("utf-8"))
    name, english_name = _names(tag)
    record.update(id=tag, name=name, english_name=english_name)
    # English text under another tag is not a translation: say so to everyone.
    record.update(review="machine-drafted", method="translation", confidence="low")
    _write_json(target / "language.json", record)
    written.append(target / "language.json")
    for folder in ("arguments", "letters"):
        shutil.copytree(english / folder, target / folder, dirs_exist_ok=False)
        written.append(target / folder)
    words_path = target / "words.json"
    words = json.loads(words_path.read_text("utf-8")) if words_path.exists() else {}
    _add_missing(words, json.loads((english / "words.json").read_text("utf-8")))
    _write_json(words_path, words)
    written.append(words_path)
    # The texts people read in the records, in English like every file copied here,
    # stamped with the English they stand for (texts.json: translate each in place).
    raw, _ = read_data(I18N.parent)
    texts: dict[str, Any] = {}
    for text in person_facing(raw):
        if tag not in text.localized and text.needed:
            by_id = texts.setdefault(text.folder, {}).setdefault(text.record_id, {})
            english = text.localized["en"]
            by_id[text.pointer] = {"text": english, "from": source_hash(english)}
    _write_json(target / "texts.json", {"review": "machine-drafted", "texts": texts})
    written.append(target / "texts.json")
    # WebExtension locale folders use an underscore: pt-BR -> pt_BR.
    locale = LOCALES / tag.replace("-", "_")
    if not locale.exists():
        shutil.copytree(LOCALES / "en", locale)
        written.append(locale)
    return written


def main(argv: list[str] | None = None) -> int:
    """Scaffold the language named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag", help="BCP 47 language tag, e.g. da or pt-BR")
    args = parser.parse_args(argv)
    try:
        _names(args.tag)
    except (ValueError, UnknownLocaleError):
        print(f"{args.tag!r} is not a language CLDR knows", file=sys.stderr)
        return 2
    for path in scaffold(args.tag):
        print(f"wrote {path.relative_to(ROOT)}")
    print("translate every text in them, then run `optout check`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
