"""The form detector's cost in the library, as ratios to lxml's parse of the same bytes.

- find_fields on every saved Meta-like form page (tests/fixtures/pages/*-form-*.html),
  and on one large page: the Italian form inside a 1 MB Meta-like page (feed-like
  div soup), against `lxml.html.document_fromstring` of the same bytes;
- analyze_page on the same pages (links, form state, the objection form's fields).

    python benchmarks/bench_detector.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml
import lxml.html

import optout_lib as o

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"
FORM_URL = "https://www.facebook.com/help/contact/6359191084165019"


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def big_page() -> bytes:
    """The Italian form inside about 1 MB of feed-like div soup, links and controls."""
    form = (PAGES / "facebook-form-it-2024.html").read_text("utf-8")
    head, _, rest = form.partition("<body")
    body_open, _, body = rest.partition(">")
    post = (
        '<div class="x1n2onr6 x1ja2u2z"><div><a href="/profile.php?id={i}">Person {i}'
        "</a></div><div><span>Post text number {i}, with some words in it.</span></div>"
        '<div role="button" tabindex="0">Like</div><div><textarea aria-label="Write a '
        'comment" id="c{i}"></textarea></div></div>'
    )
    feed = "".join(post.format(i=i) for i in range(3000))
    return f"{head}<body{body_open}>{feed}{body}".encode()


def main() -> int:
    """Print a Markdown table of medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    o.find_fields("<form><input type=email></form>")  # load the data once, not timed
    pages = {p.stem: p.read_bytes() for p in sorted(PAGES.glob("*-form-*.html"))}
    pages["1 MB page with the form"] = big_page()
    print(
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, lxml {lxml.__version__}\n"
    )
    print("| page | size | lxml parse | find_fields | ratio | analyze_page | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, html in pages.items():
        timed = functools.partial(_median_ms, repeat=args.repeat)
        parse = timed(functools.partial(lxml.html.document_fromstring, html))
        fields = timed(functools.partial(o.find_fields, html))
        page = timed(functools.partial(o.analyze_page, html, FORM_URL))
        print(
            f"| {name} | {len(html) / 1000:.0f} KB | {parse:.2f} ms | {fields:.2f} ms "
            f"| {fields / parse:.1f}x | {page:.2f} ms | {page / parse:.1f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
