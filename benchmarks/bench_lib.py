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
from pathlib import Path

import lxml.html

import optout_lib as o

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"


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


def big_page(target_bytes: int = 1_000_000) -> bytes:
    """A ~1 MB page: a real fixture's body repeated, full of links and controls."""
    source = (PAGES / "facebook-privacy-policy-de.html").read_text("utf-8")
    head, _, rest = source.partition("<body")
    body = "<body" + rest.rsplit("</body>", 1)[0] + "</body>"
    inner = body[body.index(">") + 1 : -len("</body>")]
    copies = max(1, target_bytes // max(1, len(inner.encode())))
    return (head + "<body>" + inner * copies + "</body></html>").encode("utf-8")


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
