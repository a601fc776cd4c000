"""How well find_fields finds fields on varied real-world-like forms.

Reads tests/fixtures/forms/*.html, where each control that IS a logical field carries
`data-truth="<field>"`; removes those attributes, runs optout_lib.find_fields on the
page and compares. Recall: annotated controls found as their field. Precision: found
fields whose control is annotated with that field (a field claimed on an unannotated
or differently annotated control is wrong). Prints a Markdown table; `--json` for
tests; `--wrong` lists every wrong claim.

    python benchmarks/detector_eval.py [--wrong] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html

import optout_lib as o

FORMS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "forms"
#: how the issue groups fields when it sets goals
GROUPS = {
    "email": ("email",),
    "country": ("country",),
    "reason": ("reason",),
    "names": ("first_name", "last_name", "full_name"),
    "email_confirm": ("email_confirm",),
    "details": ("details",),
    "code": ("code",),
}


def evaluate(paths: list[Path]) -> dict[str, Any]:
    """Per-field counts of truths, finds and correct finds, and the wrong claims."""
    truths: Counter[str] = Counter()
    found: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    wrong: list[str] = []
    missed: list[str] = []
    for path in paths:
        root = lxml.html.document_fromstring(path.read_bytes())
        tree = root.getroottree()
        truth = {}
        for element in root.xpath("//*[@data-truth]"):
            truth[tree.getpath(element)] = element.get("data-truth")
            del element.attrib["data-truth"]
        html = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
        claimed = set()
        for f in o.find_fields(html):
            found[f.field] += 1
            claimed.add((f.path, f.field))
            if truth.get(f.path) == f.field:
                correct[f.field] += 1
            else:
                wrong.append(
                    f"{path.name}: {f.field} on {f.locator} (truth: "
                    f"{truth.get(f.path)}; {', '.join(f.evidence)})"
                )
        for where, field in truth.items():
            truths[field] += 1
            if (where, field) not in claimed:
                missed.append(f"{path.name}: {field} at {where}")
    return {
        "truths": truths,
        "found": found,
        "correct": correct,
        "wrong": wrong,
        "missed": missed,
        "pages": len(paths),
    }


def table(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Recall and precision per field group."""
    rows = []
    for group, fields in GROUPS.items():
        truths = sum(result["truths"][f] for f in fields)
        found = sum(result["found"][f] for f in fields)
        correct = sum(result["correct"][f] for f in fields)
        rows.append(
            {
                "field": group,
                "annotated": truths,
                "found": found,
                "correct": correct,
                "recall": correct / truths if truths else None,
                "precision": correct / found if found else None,
            }
        )
    return rows


def main() -> int:
    """Print the evaluation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wrong", action="store_true", help="list wrong and missed fields"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(sorted(FORMS.glob("*.html")))
    rows = table(result)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        return 0
    pct = lambda x: "-" if x is None else f"{100 * x:.1f} %"  # noqa: E731
    print(f"{result['pages']} pages\n")
    print("| field | annotated | found | correct | recall | precision |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['field']} | {r['annotated']} | {r['found']} | {r['correct']} | "
            f"{pct(r['recall'])} | {pct(r['precision'])} |"
        )
    if args.wrong:
        print("\nwrong:", *result["wrong"], sep="\n  ")
        print("\nmissed:", *result["missed"], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
