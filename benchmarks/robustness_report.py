"""How analyze_page holds up on variants of the saved Meta-like form pages.

Builds the variants of tests/robustness.py (labels moved or reworded, decoys, ids
stripped, rows reordered, shadow root, stale re-mount, no <form>), runs analyze_page
on each and prints Markdown tables per page language and per transform: variants,
wrong fields (found on another control than in the original page, or a field the
original did not have there) and abstentions (the share of the original's fields not
found). A variant made with several transforms counts under each of them.

    python benchmarks/robustness_report.py [--per-page 260] [--workers 2]
        [--data DIR] [--wrong 20]

`--data` reads another data folder (a complete copy while the package's is edited).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import lxml

TESTS = Path(__file__).resolve().parent.parent / "tests"
# The generator is a plain module of the test suite, not part of the package.
sys.path.insert(0, str(TESTS))
robustness: Any = importlib.import_module("robustness")


def _table(
    title: str, outcomes: Iterable[Any], keys: Callable[[Any], Iterable[str]]
) -> list[str]:
    # Per key: variants, wrong fields, expected (variant, field) pairs, missed pairs.
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for outcome in outcomes:
        for key in keys(outcome):
            row = rows[key]
            row[0] += 1
            row[1] += len(outcome.wrong)
            row[2] += outcome.expected
            row[3] += len(outcome.missed)
    lines = [
        f"| {title} | variants | wrong fields | abstentions |",
        "|---|---:|---:|---:|",
    ]
    for key, (count, wrong, expected, missed) in sorted(rows.items()):
        lines.append(f"| {key} | {count} | {wrong} | {missed / expected:.1%} |")
    return lines


def _decoys(outcome: Any) -> list[str]:
    # Which decoys a variant got is only in its description: "decoys search,phone".
    parts = [p for p in outcome.description.split("; ") if p.startswith("decoys ")]
    return parts[0].removeprefix("decoys ").split(",") if parts else []


def report(outcomes: list[Any], seconds: float, workers: int) -> str:
    """The Markdown report: totals, then per language and per transform."""
    expected = sum(o.expected for o in outcomes)
    missed = sum(len(o.missed) for o in outcomes)
    wrong = sum(len(o.wrong) for o in outcomes)
    pages = len({o.page for o in outcomes})
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, lxml {lxml.__version__}; {workers} worker(s)",
        "",
        f"{len(outcomes)} variants of {pages} pages in {seconds:.1f} s: "
        f"{wrong} wrong fields, abstentions {missed / expected:.1%} "
        f"of {expected} (variant, field) pairs.",
        "",
        *_table("language", outcomes, lambda o: [o.language]),
        "",
        *_table("transform", outcomes, lambda o: o.kinds),
        "",
        *_table("decoy", outcomes, _decoys),
        "",
        *_table("transforms combined", outcomes, lambda o: [str(len(o.kinds))]),
    ]
    return "\n".join(lines)


def main() -> None:
    """Run the variants and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-page", type=int, default=robustness.PER_PAGE)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--data", help="a data folder instead of the package's")
    parser.add_argument("--wrong", type=int, default=20, help="wrong fields to list")
    args = parser.parse_args()
    start = time.perf_counter()
    outcomes = robustness.run(args.per_page, args.data, args.workers)
    print(report(outcomes, time.perf_counter() - start, args.workers))
    listed = [(o, w) for o in outcomes for w in o.wrong][: args.wrong]
    if listed:
        print("\nFirst wrong fields:\n")
        for outcome, wrong in listed:
            print(f"- `{outcome.variant}` [{outcome.description}]: {wrong}")


if __name__ == "__main__":
    main()
