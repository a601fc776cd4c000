"""analyze_page on saved Meta-like pages: links, page kind, fields, look-alikes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optout_lib as o
from conftest import PAGES

EXPECTATIONS = sorted(PAGES.glob("*.json"))


def _load(path: Path) -> tuple[bytes, dict[str, Any]]:
    return path.with_suffix(".html").read_bytes(), json.loads(path.read_text("utf-8"))


def test_there_are_fixture_pages() -> None:
    assert len(EXPECTATIONS) >= 12


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: p.stem)
def test_page_matches_expectation(path: Path) -> None:
    html, expected = _load(path)
    result = o.analyze_page(html, expected["url"])
    assert result.language == expected["language"]
    assert result.page_kind == expected["page_kind"]
    assert [(link.href, link.kind) for link in result.links] == [
        (link["href"], link["kind"]) for link in expected["links"]
    ]
    found = {f.field: f for f in result.fields}
    assert sorted(found) == sorted(f["field"] for f in expected["fields"])
    for want in expected["fields"]:
        assert want["locator_contains"] in found[want["field"]].locator, (found, want)
    assert result.form_state == expected.get("form_state")


def test_saved_pages_include_both_form_states() -> None:
    states = {json.loads(p.read_text("utf-8")).get("form_state") for p in EXPECTATIONS}
    assert states == {None, "submitted", "error"}


def test_at_least_six_languages_are_covered() -> None:
    languages = {json.loads(p.read_text("utf-8"))["language"] for p in EXPECTATIONS}
    assert len(languages - {None}) >= 6


def test_look_alike_pages_find_nothing() -> None:
    for stem in ("lookalike-host", "lookalike-words"):
        html, expected = _load(PAGES / f"{stem}.json")
        result = o.analyze_page(html, expected["url"])
        assert (result.links, result.fields, result.page_kind) == ((), (), None)


def test_str_input_with_xml_declaration() -> None:
    html = (
        '<?xml version="1.0" encoding="utf-8"?><html><body>'
        '<a href="https://www.facebook.com/help/contact/712876720715583">x</a>'
        "</body></html>"
    )
    assert len(o.analyze_page(html, "https://www.facebook.com/").links) == 1


def test_base_href_is_honoured() -> None:
    html = (
        '<html><head><base href="https://www.facebook.com/"></head><body>'
        '<a href="help/contact/712876720715583">object</a></body></html>'
    )
    result = o.analyze_page(html, "https://example.org/saved.html")
    assert (
        result.links[0].href == "https://www.facebook.com/help/contact/712876720715583"
    )


def test_empty_page() -> None:
    result = o.analyze_page("", "https://www.facebook.com/help/contact/712876720715583")
    assert (
        result.page_kind == "objection" and result.links == () and result.fields == ()
    )


@pytest.mark.parametrize("url", ["", "facebook.com/x", "javascript:alert(1)", None])
def test_bad_url_is_rejected(url: object) -> None:
    with pytest.raises(o.InvalidValue, match="url"):
        o.analyze_page("<html></html>", url)  # type: ignore[arg-type]


def test_bad_html_type_is_rejected() -> None:
    with pytest.raises(o.InvalidValue, match="html must be str or bytes"):
        o.analyze_page(42, "https://www.facebook.com/")  # type: ignore[arg-type]


def test_fields_never_on_pages_that_are_not_forms() -> None:
    html = '<html><body><input type="email" id="e"></body></html>'
    assert (
        o.analyze_page(html, "https://www.instagram.com/accounts/login/").fields == ()
    )


@settings(max_examples=150, deadline=None)
@given(
    html=st.text(
        alphabet=st.sampled_from(list("<>/=\"' aAhrefinputlabl#:.0123")), max_size=300
    )
)
def test_random_markup_never_crashes(html: str) -> None:
    result = o.analyze_page(
        html, "https://www.facebook.com/help/contact/712876720715583"
    )
    assert result.page_kind == "objection"
