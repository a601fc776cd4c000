"""Benchmark optout_lib against baselines measured in the same run.

    python benchmarks/bench_lib.py

Prints a Markdown table: cold import + data load against bare interpreter start-up,
compose rate against one str.format of the same paragraphs, and analyze_page on
a ~1 MB page against lxml parsing alone. Copy the table into benchmarks/README.md.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import lxml.html

import optout_lib as o


def _median_seconds(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def cold_start(repeat: int = 15) -> tuple[float, float]:
    """Seconds for import + first data load, and for bare interpreter start-up."""
    load = _median_seconds(
        lambda: _run("import optout_lib as o; o.jurisdictions()"), repeat
    )
    base = _median_seconds(lambda: _run("pass"), repeat)
    return load, base


def compose_rate(n: int = 2000) -> tuple[float, float]:
    """Compositions per second, and one-call str.format rate for the same text."""
    ids = ["loss-of-control", "no-way-back", "creative-work"]
    kwargs = {
        "platform": "instagram",
        "country": "DE",
        "language": "de",
        "arguments": ids,
        "personal": "Ich bin Fotografin.",
        "name": "Ana",
    }
    text = o.compose_objection(**kwargs)  # type: ignore[arg-type]
    paragraphs = text.split("\n\n")
    o.compose_objection(**kwargs)  # type: ignore[arg-type]
    start = time.perf_counter()
    for _ in range(n):
        o.compose_objection(**kwargs)  # type: ignore[arg-type]
    ours = n / (time.perf_counter() - start)
    # Baseline: the cheapest templating of the same paragraphs, one str.format call.
    template = "\n\n".join(f"{{{i}}}" for i in range(len(paragraphs)))
    start = time.perf_counter()
    for _ in range(n):
        template.format(*paragraphs)
    base = n / (time.perf_counter() - start)
    return ours, base


BLOCK = """<div class="x1n2onr6 x1ja2u2z"><div class="x9f619 x1iyjqo2" role="article">
<span class="x193iq5w" dir="auto">Post {n}: a public caption with some words.</span>
<a class="x1i10hfl xjbqb8w" href="/profile.php?id={n}" role="link">Profile {n}</a>
<a href="https://www.facebook.com/photo/?fbid={n}">photo</a>
<div class="x78zum5"><span>Like</span><span>Comment</span><span>Share</span></div>
{special}</div></div>
"""
OBJECT_LINK = (
    '<p>You have the right to <a href="https://www.facebook.com/help/contact/'
    '712876720715583">object</a>.</p>'
)


def big_page(target_bytes: int = 1_000_000) -> bytes:
    """A ~1 MB Meta-like feed page: div soup, many links, a few object links."""
    blocks, size, n = [], 0, 0
    while size < target_bytes:
        block = BLOCK.format(n=n, special=OBJECT_LINK if n % 500 == 0 else "")
        blocks.append(block)
        size += len(block)
        n += 1
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Facebook</title></head><body>'
        + "".join(blocks)
        + "</body></html>"
    ).encode("utf-8")


def analyze_ratio(repeat: int = 7) -> tuple[float, float, int]:
    """Seconds for analyze_page and for lxml parsing alone, and the page size."""
    page = big_page()
    url = "https://www.facebook.com/privacy/policy/"
    o.analyze_page(page, url)
    ours = _median_seconds(lambda: o.analyze_page(page, url), repeat)
    base = _median_seconds(lambda: lxml.html.document_fromstring(page), repeat)
    return ours, base, len(page)


def main() -> None:
    """Run every benchmark and print the table."""
    load, start = cold_start()
    ours, joins = compose_rate()
    analyze, parse, size = analyze_ratio()
    print(
        f"Machine: {platform.machine()}, {platform.processor() or '?'}, Python "
        f"{platform.python_version()}, lxml {lxml.etree.__version__}"
    )
    print()
    print("| measure | optout_lib | baseline | ratio |")
    print("|---|---|---|---|")
    print(
        f"| cold import + data load vs `python -c pass` | {load * 1000:.0f} ms | "
        f"{start * 1000:.0f} ms | {load / start:.1f}x |"
    )
    print(
        f"| compose_objection rate vs one str.format of the same text | "
        f"{ours:,.0f}/s | "
        f"{joins:,.0f}/s | {joins / ours:.1f}x slower |"
    )
    print(
        f"| analyze_page on {size / 1e6:.2f} MB vs lxml parse alone | "
        f"{analyze * 1000:.0f} ms | {parse * 1000:.0f} ms | {analyze / parse:.2f}x |"
    )


if __name__ == "__main__":
    main()
