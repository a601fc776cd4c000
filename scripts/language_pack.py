#!/usr/bin/env python3
"""Every text of one language in one file, for translators: export, translate, import.

    python scripts/language_pack.py export en > pack.json   # the texts to translate
    python scripts/language_pack.py import da.json          # writes them into the data

A language's texts are spread over many data files (its language record, one file per
argument, the page hints, reply phrases, lint words, the extension's UI messages); a
pack gathers them so a translator works in one place and a new language stays a data
change. `import` only writes the pack's language; run `optout check` afterwards.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "optout_lib" / "data"
LOCALES = ROOT / "extension" / "_locales"
FORMAT = "optout-language-pack"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _locale_dir(lang: str) -> Path:
    # WebExtension locale folders use an underscore: pt-BR -> pt_BR.
    return LOCALES / lang.replace("-", "_")


#: the per-language word lists of a form detector field record (fields/*.json)
FIELD_LISTS = ("words", "weak_words", "negative_words", "bare_words")
#: the per-language word lists of the detector's settings (detector/default.json)
DETECTOR_LISTS = ("filler_words", "submit_words")


def _field_records() -> list[Path]:
    return sorted((DATA / "fields").glob("*.json"))


def export_pack(lang: str) -> dict:
    """The pack of `lang`'s current texts (missing ones are left out)."""
    record = _read(DATA / "languages" / f"{lang}.json")
    record.pop("id")
    arguments = {}
    for path in sorted((DATA / "arguments" / lang).glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        arguments[path.stem] = {"title": title.strip(), "body": body.strip()}
    hints = _read(DATA / "hints" / "meta.json")
    pack_hints = {
        "link": {k: v[lang] for k, v in hints["link"]["words"].items() if lang in v},
        "form_states": {
            k: v[lang] for k, v in hints["form_states"].items() if lang in v
        },
    }
    fields = {}
    for path in _field_records():
        rec = _read(path)
        fields[rec["id"]] = {
            k: rec[k][lang] for k in FIELD_LISTS if lang in rec.get(k, {})
        }
    detector = _read(DATA / "detector" / "default.json")
    fields["detector"] = {
        k: detector[k][lang] for k in DETECTOR_LISTS if lang in detector[k]
    }
    replies = {}
    for path in sorted((DATA / "replies").glob("*.json")):
        rec = _read(path)
        if rec["id"] == "unknown":
            continue
        replies[rec["id"]] = {
            "phrases": rec["phrases"].get(lang, []),
            "summary": rec["summary"].get(lang),
            "next_steps": [step.get(lang) for step in rec.get("next_steps", [])],
            **({"notes": rec["notes"].get(lang)} if "notes" in rec else {}),
        }
    lint = {}
    for path in sorted((DATA / "lint").glob("*.json")):
        rec = _read(path)
        lint[rec["id"]] = {
            "words": rec["words"].get(lang, []),
            "message": rec["message"].get(lang),
            "suggestion": rec["suggestion"].get(lang),
        }
    messages_file = _locale_dir(lang) / "messages.json"
    ui = {}
    if messages_file.exists():
        ui = {k: v["message"] for k, v in _read(messages_file).items()}
    return {
        "format": FORMAT,
        "version": 1,
        "language": lang,
        "record": record,
        "arguments": arguments,
        "hints": pack_hints,
        "fields": fields,
        "replies": replies,
        "lint": lint,
        "ui": ui,
    }


def _set(localized: dict, lang: str, value) -> None:
    if value is not None:
        localized[lang] = value


def import_pack(pack: dict) -> list[Path]:
    """Write every text of the pack into the data files; returns the files written."""
    if pack.get("format") != FORMAT or pack.get("version") != 1:
        raise SystemExit(f"not an {FORMAT} version 1 file")
    lang = pack["language"]
    written = []

    record = {"id": lang, **pack["record"]}
    path = DATA / "languages" / f"{lang}.json"
    _write(path, record)
    written.append(path)

    for aid, text in pack["arguments"].items():
        path = DATA / "arguments" / lang / f"{aid}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"{text['title'].strip()}\n\n{text['body'].strip()}\n", encoding="utf-8"
        )
        written.append(path)

    path = DATA / "hints" / "meta.json"
    hints = _read(path)
    for kind, words in pack["hints"].get("link", {}).items():
        hints["link"]["words"][kind][lang] = words
    for state, words in pack["hints"].get("form_states", {}).items():
        hints["form_states"][state][lang] = [w.lower() for w in words]
    _write(path, hints)
    written.append(path)

    for fid, lists in pack.get("fields", {}).items():
        path = DATA / (
            "detector/default.json" if fid == "detector" else f"fields/{fid}.json"
        )
        rec = _read(path)
        for key, words in lists.items():
            rec.setdefault(key, {})[lang] = words
        _write(path, rec)
        written.append(path)

    for rid, texts in pack["replies"].items():
        path = DATA / "replies" / f"{rid}.json"
        rec = _read(path)
        _set(rec["phrases"], lang, texts.get("phrases") or None)
        _set(rec["summary"], lang, texts.get("summary"))
        for step, text in zip(
            rec.get("next_steps", []), texts.get("next_steps", []), strict=True
        ):
            _set(step, lang, text)
        if "notes" in rec:
            _set(rec["notes"], lang, texts.get("notes"))
        _write(path, rec)
        written.append(path)

    for rid, texts in pack["lint"].items():
        path = DATA / "lint" / f"{rid}.json"
        rec = _read(path)
        _set(rec["words"], lang, texts.get("words") or None)
        _set(rec["message"], lang, texts.get("message"))
        _set(rec["suggestion"], lang, texts.get("suggestion"))
        _write(path, rec)
        written.append(path)

    if pack.get("ui"):
        # Translator descriptions stay English, taken from the English messages.
        english = _read(_locale_dir("en") / "messages.json")
        messages = {
            key: {"message": pack["ui"][key], "description": entry["description"]}
            for key, entry in english.items()
            if key in pack["ui"]
        }
        path = _locale_dir(lang) / "messages.json"
        _write(path, messages)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: `export LANG` to stdout, `import FILE...` into the data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("export", help="print a language's pack").add_argument("language")
    sub.add_parser("import", help="write packs into the data").add_argument(
        "files", nargs="+"
    )
    args = parser.parse_args(argv)
    if args.command == "export":
        json.dump(export_pack(args.language), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for name in args.files:
        for path in import_pack(_read(Path(name))):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
