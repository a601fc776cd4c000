"""Write optout_lib/data/countries/cldr.json: every country's name, from CLDR (Babel),
in every language the data speaks (shipped languages and the detector's word lists),
and how each shipped language writes a date in prose (CLDR's long date pattern and
its month names), for letters and screens.

    python scripts/country_names.py          # rewrite the file
    python scripts/country_names.py --check  # exit 1 when it is stale
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import babel
from babel import Locale

DATA = Path(__file__).resolve().parent.parent / "optout_lib" / "data"
OUT = DATA / "countries" / "cldr.json"
#: CLDR's two-letter codes that are not countries (unions, zones, private use)
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _languages() -> list[str]:
    """Every shipped language, and every language the form detector has labels for."""
    tags = set()
    for folder in (DATA / "i18n").iterdir():
        words = folder / "words.json"
        if (folder / "language.json").is_file() or (
            words.is_file() and json.loads(words.read_text("utf-8")).get("fields")
        ):
            tags.add(folder.name)
    return sorted(tags)


#: what a long date may hold here: quoted text, day, month and year fields (those
#: engine.format_day knows), other text
DATE_PIECES = re.compile(r"'(?:[^']|'')*'|dd?|M{1,4}|yyyy|y|[^'a-zA-Z]+")


def _shipped() -> list[str]:
    return sorted(
        f.name for f in (DATA / "i18n").iterdir() if (f / "language.json").is_file()
    )


def _date_format(tag: str) -> dict[str, object]:
    """A language's long date: its CLDR pattern and its months as a date names them."""
    locale = Locale.parse(tag.replace("-", "_"))
    pattern = locale.date_formats["long"].pattern
    if "".join(DATE_PIECES.findall(pattern)) != pattern:
        raise SystemExit(f"{tag}: {pattern!r} has a field engine.format_day lacks")
    months = locale.months["format"]["wide"]
    return {"pattern": pattern, "months": [months[m] for m in range(1, 13)]}


def build() -> str:
    """The file's text, from the installed Babel's CLDR."""
    names = {}
    for tag in _languages():
        territories = Locale.parse(tag.replace("-", "_")).territories
        names[tag] = {
            code: territories[code]
            for code in sorted(territories)
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
        }
    record = {
        "id": "cldr",
        "generated_with": f"babel {babel.__version__}",
        "names": names,
        "dates": {tag: _date_format(tag) for tag in _shipped()},
        "sources": ["https://cldr.unicode.org/"],
        "last_verified": "2026-12-07",
        "method": "primary-source",
        "confidence": "high",
    }
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    """Rewrite the file, or with --check say whether it is stale."""
    text = build()
    if "--check" in sys.argv[1:]:
        if OUT.read_text("utf-8") != text:
            print(f"{OUT} is stale: run python scripts/country_names.py")
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
