"""analyze_page on thousands of variants of the saved form pages: never a wrong field.

A variant may lose a field (an abstention: the person fills it in by hand), but a
field found on another control than in the original page would put the person's
words in the wrong box. `robustness.py` builds the variants; the figures per
language and per transform come from `benchmarks/robustness_report.py`.
"""

from __future__ import annotations

import dataclasses

import pytest
import robustness
from robustness import Outcome

import optout_lib as o
from conftest import PAGES


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    """Every variant of every saved form page, checked against the original."""
    return robustness.run()


def test_thousands_of_variants(outcomes: list[Outcome]) -> None:
    assert len(outcomes) >= 3000
    assert len({v.page for v in outcomes}) == len(robustness.form_pages()) >= 12


def test_every_transform_is_used_often(outcomes: list[Outcome]) -> None:
    for kind in robustness.TRANSFORMS:
        assert sum(kind in v.kinds for v in outcomes) >= 300, kind


def test_no_field_is_found_on_the_wrong_control(outcomes: list[Outcome]) -> None:
    bad = [v for v in outcomes if v.wrong]
    listing = "\n".join(
        f"{v.page} {v.variant} [{v.description}]: {'; '.join(v.wrong)}"
        for v in bad[:30]
    )
    # len() == 0 rather than `not bad`: pytest would print every Outcome's repr.
    assert len(bad) == 0, f"wrong fields in {len(bad)} variants:\n{listing}"


def test_most_fields_are_still_found(outcomes: list[Outcome]) -> None:
    # Abstaining is safe, but a detector that finds nothing must not pass.
    expected = sum(v.expected for v in outcomes)
    missed = sum(len(v.missed) for v in outcomes)
    assert (expected - missed) / expected >= 0.5


def test_variants_are_deterministic() -> None:
    page = robustness.load_page(robustness.form_pages()[0], o.analyze_page)
    first, again = robustness.variant(page, 7), robustness.variant(page, 7)
    assert first.html == again.html and first.description == again.description
    assert robustness.variant(page, 8).html != first.html


def test_tagged_originals_yield_their_own_fields() -> None:
    # data-rid and data-field must not change what the detector sees.
    for path in robustness.form_pages():
        page = robustness.load_page(path, o.analyze_page)
        plain = robustness.original(page)
        outcome = robustness.check(plain, o.analyze_page(plain.html, page.url))
        assert page.fields and (outcome.wrong, outcome.missed) == ((), ()), path.stem


def test_a_field_on_another_control_is_caught() -> None:
    page = robustness.load_page(PAGES / "facebook-form-it-2024.json", o.analyze_page)
    plain = robustness.original(page)
    result = o.analyze_page(plain.html, page.url)
    by_field = {f.field: f for f in result.fields}
    moved = dataclasses.replace(by_field["reason"], path=by_field["details"].path)
    outcome = robustness.check(plain, dataclasses.replace(result, fields=(moved,)))
    assert outcome.wrong == ("reason on control 10 (textarea, was details)",)
    assert sorted(outcome.missed) == ["country", "details", "email", "reason"]
