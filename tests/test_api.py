"""The public lookups: routes, jurisdictions, regulators, arguments, errors."""

from __future__ import annotations

import dataclasses

import pytest

import optout_lib as o


def test_public_surface_is_declared() -> None:
    for name in o.__all__:
        assert hasattr(o, name), name
    for name in o.__all__:
        obj = getattr(o, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, f"{name} needs a docstring"


def test_routes_for_germany_on_instagram() -> None:
    routes = o.routes_for("instagram", "DE")
    first = routes[0]
    assert first.kind == "objection"
    assert "https://help.instagram.com/contact/767264225370182" in [
        u.url for u in first.urls
    ]
    assert first.steps and first.sources and first.method
    assert first.last_verified.year >= 2024
    assert routes[-1].kind == "third-party"


def test_no_route_in_the_us_has_alternatives_and_myth_buster() -> None:
    first = o.routes_for("facebook", "US")[0]
    assert first.kind == "none"
    assert {a.id for a in first.alternatives} >= {"make-private", "third-party-form"}
    assert "no legal effect" in first.myth_buster["en"]


@pytest.mark.parametrize(
    "code, iso",
    [("uk", "GB"), ("UK", "GB"), ("EL", "GR"), (" de ", "DE"), ("gb", "GB")],
)
def test_country_codes_are_case_insensitive_with_aliases(code: str, iso: str) -> None:
    assert o.routes_for("Instagram", code) == o.routes_for("instagram", iso)


def test_unknown_country_names_value_and_lists_valid() -> None:
    with pytest.raises(o.UnknownCountry) as info:
        o.routes_for("instagram", "XX")
    message = str(info.value)
    assert "'XX'" in message and "DE" in message and "optout jurisdictions" in message
    assert isinstance(info.value, ValueError)


def test_unknown_platform() -> None:
    with pytest.raises(o.UnknownPlatform, match="'tiktok'.*facebook, instagram"):
        o.routes_for("tiktok", "DE")


def test_wrong_types_raise_invalid_value() -> None:
    with pytest.raises(o.InvalidValue, match="country must be a string"):
        o.routes_for("instagram", 49)  # type: ignore[arg-type]


def test_regulators() -> None:
    assert o.regulator_for("GB").short_name == "ICO"  # type: ignore[union-attr]
    assert o.regulator_for("uk").id == "ico"  # type: ignore[union-attr]
    assert o.regulator_for("BR").id == "anpd"  # type: ignore[union-attr]
    assert o.regulator_for("US") is None
    de = o.jurisdictions()
    assert any(j.lead_regulator == "dpc-ie" for j in de)


def test_arguments_in_each_language() -> None:
    english = o.arguments("en")
    assert len(english) >= 10
    for lang in o.languages():
        items = o.arguments(lang)
        assert [a.id for a in items] == [a.id for a in english]
        for arg in items:
            assert arg.title and arg.text and arg.tags and arg.sources
            assert arg.language == lang


def test_language_tags_are_matched_loosely() -> None:
    assert o.arguments("pt-br")[0].language == "pt-BR"
    assert o.arguments("pt_BR")[0].language == "pt-BR"
    with pytest.raises(o.UnknownLanguage, match="'ja'.*pt-BR"):
        o.arguments("ja")  # Japanese: people in Japan have no route, optout no texts


def test_records_are_frozen() -> None:
    route = o.routes_for("instagram", "DE")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        route.kind = "none"  # type: ignore[misc]
    with pytest.raises(TypeError):
        route.title["en"] = "changed"  # type: ignore[index]


def test_jurisdiction_carries_law_dates_and_effect() -> None:
    de = {j.id: j for j in o.jurisdictions()}["DE"]
    assert de.law == "GDPR" and de.objection_route
    assert any(d.date.isoformat() == "2025-05-27" for d in de.key_dates)
    assert any("going forward" in e["en"] for e in de.objection_does_not)
    assert "de" in de.languages


def test_jurisdictions_are_sorted() -> None:
    ids = [j.id for j in o.jurisdictions()]
    assert ids == sorted(ids)
