"""Many controls under a lot of label text: find_fields now and at an earlier commit.

The pages of tests/label_pages.py (1,000 inputs in one label with 100 KB of text;
2,000 inputs each in its own 1 KB label) against a baseline page in the same run (as
many inputs, each with a one-sentence label, the same text in a paragraph). Each
commit's optout_lib runs in its own process (`git archive` of that commit).

    python benchmarks/bench_labels.py [--old COMMIT] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: (name, page builder, controls, characters of text)
PAGES = [
    ("1,000 inputs in one label, 100 KB", "one_label", 1000, 100_000),
    ("2,000 inputs, each its own 1 KB label", "own_labels", 2000, 2_000_000),
]


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int) -> dict[str, list[float]]:
    """{page: [find_fields ms, baseline ms]} with the optout_lib on sys.path."""
    sys.path.insert(0, str(ROOT / "tests"))
    import label_pages

    import optout_lib

    optout_lib.find_fields("<form><input type=email></form>")  # data loaded, untimed
    result = {}
    for name, builder, controls, size in PAGES:
        page = getattr(label_pages, builder)(controls, size)
        plain = label_pages.baseline(controls, size)
        result[name] = [
            _median_ms(lambda p=page: optout_lib.find_fields(p), repeat),
            _median_ms(lambda p=plain: optout_lib.find_fields(p), repeat),
        ]
    return result


def _run_at(tree: Path, repeat: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
    ).stdout
    measured: dict[str, list[float]] = json.loads(out)
    return measured


def _tree_at(commit: str, into: Path) -> Path:
    archive = into / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "archive", commit, "optout_lib"], cwd=ROOT, stdout=out, check=True
        )
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> int:
    """Print a Markdown table: each page against its baseline, old and new."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="8e11d7f", help="the commit to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        old = _run_at(_tree_at(args.old, Path(tmp)), args.repeat)
    new = _run_at(ROOT, args.repeat)
    print(
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}; old = {args.old}, median of {args.repeat}\n"
    )
    print("| page | old | old / baseline | new | new / baseline | old / new |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in new:
        (old_ms, old_base), (new_ms, new_base) = old[name], new[name]
        print(
            f"| {name} | {old_ms:.0f} ms | {old_ms / old_base:.1f}x | {new_ms:.0f} ms "
            f"| {new_ms / new_base:.1f}x | {old_ms / new_ms:.1f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
