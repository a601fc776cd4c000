"""Pages that put many controls under a lot of label text, and their baselines: the
same bytes and the same controls, each with its own label of ordinary length (a
sentence), the rest of the text in a paragraph after the form. tests/js/
hostile.test.js builds the same trees; benchmarks/bench_labels.py times them."""

from __future__ import annotations

LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
#: a label of ordinary length: what every control of a baseline page gets
SENTENCE = "Please tell us the reason for your request in a few words of your own"


def filler(size: int) -> str:
    """`size` characters of words."""
    return (LOREM * (size // len(LOREM) + 1))[:size]


def one_label(controls: int, size: int) -> str:
    """A short real label ("Email"), then `controls` inputs inside the same label,
    with `size` characters of text spread between them."""
    chunk = filler(size // controls)
    inputs = "".join(f"{chunk}<input name=f{i}>" for i in range(controls))
    return f"<form><label>Email {inputs}</label></form>"


def own_labels(controls: int, size: int) -> str:
    """`controls` inputs, each in its own label of `size / controls` characters."""
    chunk = filler(size // controls)
    labels = "".join(
        f"<label>{chunk}<input name=f{i}></label>" for i in range(controls)
    )
    return f"<form>{labels}</form>"


def baseline(controls: int, size: int) -> str:
    """As many inputs, each with an ordinary label, and a paragraph after the form
    that brings the text to `size` characters."""
    labels = "".join(
        f"<label>{SENTENCE} {i}<input name=f{i}></label>" for i in range(controls)
    )
    rest = filler(max(0, size - controls * len(SENTENCE)))
    return f"<form>{labels}</form><p>{rest}</p>"
