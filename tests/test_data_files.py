"""One small test per data rule: the shipped data passes it, and breaking it is caught
with the file and field named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import data_problems as _problems
from conftest import edit_json as _edit
from optout_lib import DataError, load_catalogue
from optout_lib._checks import CHECKS, run_checks
from optout_lib._data import Problem, package_data, read_data


def _only(problems: list[Problem], check: str) -> Problem:
    found = [p for p in problems if p.check == check]
    assert found, f"expected a {check} problem, got {[str(p) for p in problems]}"
    return found[0]


def test_shipped_data_has_no_problems() -> None:
    raw, problems = read_data(package_data())
    assert [str(p) for p in problems] == []
    assert [str(p) for p in run_checks(raw)] == []


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_check_is_described_in_readme(name: str) -> None:
    check = CHECKS[name]
    assert check.id == name and check.desc and check.run.__doc__
    anchor = check.url.removeprefix("README.md#")
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert f'<a id="{anchor}"></a>' in readme


def test_problem_points_to_its_check() -> None:
    problem = Problem("language-complete", "i18n/de/words.json", "/lint", "missing")
    assert str(problem).endswith(
        "[language-complete, see README.md#check-language-complete]"
    )


def test_schema_names_file_and_field(data_copy: Path) -> None:
    _edit(data_copy / "routes/no-route.json", lambda r: r.__setitem__("kind", "maybe"))
    problems = [p for p in _problems(data_copy) if p.field == "/kind"]
    assert problems and problems[0].file == "routes/no-route.json"
    assert "'maybe' is not one of" in problems[0].message


def test_schema_requires_sources(data_copy: Path) -> None:
    _edit(data_copy / "platforms/instagram.json", lambda r: r.pop("sources"))
    problem = _only(_problems(data_copy), "schema")
    assert problem.file == "platforms/instagram.json"
    assert "'sources' is a required property" in problem.message


def test_schema_rejects_non_https_sources(data_copy: Path) -> None:
    _edit(
        data_copy / "platforms/instagram.json",
        lambda r: r.__setitem__("sources", ["javascript:alert(1)"]),
    )
    assert _only(_problems(data_copy), "schema").field == "/sources/0"


def test_invalid_json_names_line(data_copy: Path) -> None:
    (data_copy / "routes/no-route.json").write_text('{"id": "no-route",\n]', "utf-8")
    problem = _only(_problems(data_copy), "json")
    assert problem.file == "routes/no-route.json"
    assert problem.field.startswith("line 2")


def test_duplicate_json_keys_are_rejected(data_copy: Path) -> None:
    (data_copy / "platforms/instagram.json").write_text(
        '{"id": "a", "id": "b"}', "utf-8"
    )
    assert "appears twice" in _only(_problems(data_copy), "json").message


def test_file_name_equals_id(data_copy: Path) -> None:
    (data_copy / "platforms/instagram.json").rename(data_copy / "platforms/insta.json")
    problem = _only(_problems(data_copy), "file-name-equals-id")
    assert (problem.file, problem.field) == ("platforms/insta.json", "/id")


def test_references_exist(data_copy: Path) -> None:
    _edit(
        data_copy / "jurisdictions/DE.json",
        lambda r: r.__setitem__("regulator", "nobody"),
    )
    problem = _only(_problems(data_copy), "references-exist")
    assert (problem.file, problem.field) == ("jurisdictions/DE.json", "/regulator")
    assert "hmbbfdi" in problem.message  # lists the valid ids


def test_law_matches_route(data_copy: Path) -> None:
    _edit(
        data_copy / "groups/none.json", lambda r: r.__setitem__("objection_route", True)
    )
    problem = _only(_problems(data_copy), "law-matches-route")
    assert (problem.file, problem.field) == ("groups/none.json", "/objection_route")


def test_one_primary_route(data_copy: Path) -> None:
    (data_copy / "routes/instagram-objection-uk.json").unlink()
    message = _only(_problems(data_copy), "one-primary-route").message
    assert "'instagram' in group 'gb' has 0" in message


def test_form_id_has_one_kind(data_copy: Path) -> None:
    _edit(
        data_copy / "routes/third-party-information.json",
        lambda r: r["form_ids"].append("712876720715583"),
    )
    problem = _only(_problems(data_copy), "form-id-has-one-kind")
    assert problem.file == "routes/third-party-information.json"


def test_failure_state_unique(data_copy: Path) -> None:
    def claim_error_twice(route: dict[str, Any]) -> None:
        route["failure_modes"][1]["state"] = "error"  # region-locked; 0 claims it

    _edit(data_copy / "routes/facebook-objection-2025.json", claim_error_twice)
    problem = _only(_problems(data_copy), "failure-state-unique")
    assert (problem.file, problem.field) == (
        "routes/facebook-objection-2025.json",
        "/failure_modes/1/state",
    )
    assert "'error-after-code'" in problem.message


def test_failure_state_is_a_checklist_state(data_copy: Path) -> None:
    _edit(
        data_copy / "routes/threads-objection.json",
        lambda r: r["failure_modes"][0].__setitem__("state", "stuck"),
    )
    problem = _only(_problems(data_copy), "schema")
    assert (problem.file, problem.field) == (
        "routes/threads-objection.json",
        "/failure_modes/0/state",
    )


def test_failure_state_reaches_the_catalogue() -> None:
    route = load_catalogue().routes["facebook-objection-2025"]
    states = {f.id: f.state for f in route.failure_modes}
    assert states == {
        "error-after-code": "error",
        "region-locked": None,
        "no-code-email": "code-pending",
    }


def test_excluded_form_id_is_never_a_route_form(data_copy: Path) -> None:
    _edit(
        data_copy / "routes/no-route.json",
        lambda r: r.update(
            kind="objection",
            form_ids=["540977946302970"],
            urls=[
                {
                    "url": "https://www.facebook.com/help/contact/540977946302970",
                    "role": "form",
                }
            ],
            form={
                "fields": [{"field": "email", "required": "yes"}],
                "code_step": "never",
            },
        ),
    )
    assert "excluded" in _only(_problems(data_copy), "form-id-has-one-kind").message


def test_one_hints_record_per_platform(data_copy: Path) -> None:
    _edit(data_copy / "hints/meta.json", lambda r: r["platforms"].remove("threads"))
    assert (
        "'threads'"
        in _only(_problems(data_copy), "one-hints-record-per-platform").message
    )


def test_portable_url_patterns(data_copy: Path) -> None:
    _edit(
        data_copy / "hints/meta.json",
        lambda r: r["link"]["form_url_patterns"].append("^/help/(?P<id>[0-9]+)$"),
    )
    problem = _only(_problems(data_copy), "portable-url-patterns")
    assert problem.field == "/link/form_url_patterns/3"


def test_argument_texts_complete(data_copy: Path) -> None:
    (data_copy / "i18n/en/arguments/no-way-back.txt").unlink()
    (data_copy / "i18n/de/arguments/no-way-back.txt").rename(
        data_copy / "i18n/de/arguments/no-such-argument.txt"
    )
    problems = [p for p in _problems(data_copy) if p.check == "argument-texts-complete"]
    assert {p.file for p in problems} == {
        "i18n/en/arguments/no-way-back.txt",
        "i18n/de/arguments/no-such-argument.txt",
    }


def test_texts_need_a_language_record(data_copy: Path) -> None:
    (data_copy / "i18n/ru/letters").mkdir()
    (data_copy / "i18n/ru/letters/objection.txt").write_text("Hello\n", "utf-8")
    problem = _only(_problems(data_copy), "argument-texts-complete")
    assert problem.file == "i18n/ru" and "language.json" in problem.message


def test_argument_text_format(data_copy: Path) -> None:
    (data_copy / "i18n/en/arguments/no-way-back.txt").write_text(
        "Title\nno blank\n", "utf-8"
    )
    problem = _only(_problems(data_copy), "argument-text-format")
    assert problem.file == "i18n/en/arguments/no-way-back.txt"


def test_placeholders_known(data_copy: Path) -> None:
    path = data_copy / "i18n/en/arguments/no-way-back.txt"
    path.write_text("Title\n\nHello {name}\n", "utf-8")
    problem = _only(_problems(data_copy), "placeholders-known")
    assert problem.file == "i18n/en/arguments/no-way-back.txt"
    assert "{name}" in problem.message


def test_stray_braces_rejected(data_copy: Path) -> None:
    path = data_copy / "i18n/en/letters/objection.txt"
    path.write_text(path.read_text("utf-8").replace("Please stop", "Please {stop"))
    problem = _only(_problems(data_copy), "placeholders-known")
    assert problem.file == "i18n/en/letters/objection.txt"
    assert "stray brace" in problem.message


def test_objection_template_needs_every_law(data_copy: Path) -> None:
    path = data_copy / "i18n/it/letters/objection.txt"
    path.write_text(path.read_text("utf-8").replace("{?law=LGPD}", "{?law=LPGD}"))
    problems = [p for p in _problems(data_copy) if p.check == "placeholders-known"]
    assert {(p.file, p.field) for p in problems} == {
        ("i18n/it/letters/objection.txt", "{?law=LGPD}"),
        ("i18n/it/letters/objection.txt", "{?law=LPGD}"),
    }


def test_broken_template_stops_loading(data_copy: Path) -> None:
    path = data_copy / "i18n/de/letters/third-party.txt"
    path.write_text(path.read_text("utf-8").replace("{/no_account}", ""))
    with pytest.raises(DataError, match="i18n/de/letters/third-party.txt"):
        load_catalogue(data_copy)


def test_aliases_unique(data_copy: Path) -> None:
    _edit(
        data_copy / "jurisdictions/FR.json", lambda r: r.__setitem__("aliases", ["DE"])
    )
    assert _only(_problems(data_copy), "aliases-unique").field == "/aliases/0"


def test_not_verified_in_future(data_copy: Path) -> None:
    _edit(
        data_copy / "routes/no-route.json",
        lambda r: r.__setitem__("last_verified", "2999-01-01"),
    )
    assert (
        _only(_problems(data_copy), "not-verified-in-future").file
        == "routes/no-route.json"
    )


def test_broken_data_stops_loading_with_file_and_field(data_copy: Path) -> None:
    _edit(data_copy / "jurisdictions/DE.json", lambda r: r.__setitem__("group", "mars"))
    with pytest.raises(DataError) as info:
        load_catalogue(data_copy)
    assert "jurisdictions/DE.json /group" in str(info.value)


def test_every_fact_has_evidence(catalogue: Any) -> None:
    for kind, records in catalogue.raw.records.items():
        for rid, rec in records.items():
            assert rec["sources"] and rec["last_verified"] and rec["method"], (
                kind,
                rid,
            )


def test_no_fact_claims_a_live_check(catalogue: Any) -> None:
    # Nothing here reached the live web; the word must not appear in any record.
    text = json.dumps(catalogue.raw.records).lower()
    assert "checked live" not in text and "verified live" not in text


def test_required_coverage(catalogue: Any) -> None:
    eea = {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    }
    for code in eea | {"GB", "CH", "BR"}:
        assert catalogue.jurisdictions[code].objection_route, code
    for code in ("US", "AU", "CA"):
        assert not catalogue.jurisdictions[code].objection_route, code
    for lang in ("en", "de", "fr", "it", "es", "nl", "pl", "pt-BR"):
        assert lang in catalogue.arguments, lang


def _undescribed(node: Any, path: str) -> list[str]:
    """Properties without a description (a $ref to a described definition counts)."""
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if (
                isinstance(prop, dict)
                and "description" not in prop
                and "$ref" not in prop
            ):
                missing.append(f"{path}/properties/{name}")
        for key, value in node.items():
            if key not in ("allOf", "if", "then", "else"):  # constraints, not fields
                missing += _undescribed(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += _undescribed(value, f"{path}/{i}")
    return missing


def test_every_schema_property_is_described_for_contributors() -> None:
    schema_dir = package_data() / "schema"
    missing = []
    for entry in schema_dir.iterdir():
        schema = json.loads(entry.read_text(encoding="utf-8"))
        missing += _undescribed(schema, entry.name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert missing == []


def test_letter_placeholders_known(data_copy: Path) -> None:
    path = data_copy / "i18n/fr/letters/third-party.txt"
    path.write_text(path.read_text("utf-8").replace("{name}", "{date}"))
    problem = _only(_problems(data_copy), "letter-placeholders-known")
    assert (problem.file, problem.field) == (
        "i18n/fr/letters/third-party.txt",
        "{date}",
    )
    assert "allowed here: {law}, {name}, {no_account}" in problem.message


def test_language_complete_names_file_and_field(data_copy: Path) -> None:
    _edit(data_copy / "i18n/pl/words.json", lambda w: w["replies"].pop("rejected"))
    _edit(data_copy / "i18n/nl/words.json", lambda w: w["lint"].pop("health"))
    (data_copy / "i18n/fi/arguments/no-way-back.txt").unlink()
    (data_copy / "i18n/da/letters/complaint.txt").unlink()
    problems = [p for p in _problems(data_copy) if p.check == "language-complete"]
    assert {(p.file, p.field) for p in problems} == {
        ("i18n/pl/words.json", "/replies/rejected/phrases"),
        ("i18n/nl/words.json", "/lint/health/words"),
        ("i18n/fi/arguments/no-way-back.txt", ""),
        ("i18n/da/letters/complaint.txt", ""),
    }


def test_language_complete_allows_optional_words(data_copy: Path) -> None:
    # fr ships without third-party link words, bg without bare name words.
    words = json.loads((data_copy / "i18n/fr/words.json").read_text("utf-8"))
    assert "third-party" not in words["hints"]["meta"]["link"]["words"]
    assert not [p for p in _problems(data_copy) if p.check == "language-complete"]


def test_broken_words_file_stops_loading_naming_file_and_field(
    data_copy: Path,
) -> None:
    _edit(
        data_copy / "i18n/de/words.json",
        lambda w: w["replies"]["accepted"].__setitem__("phrases", "nachkommen"),
    )
    with pytest.raises(DataError, match="i18n/de/words.json /replies/accepted/phrases"):
        load_catalogue(data_copy)


def test_words_for_unknown_record(data_copy: Path) -> None:
    _edit(
        data_copy / "i18n/de/words.json",
        lambda w: w["lint"].__setitem__("gossip", {"words": ["Klatsch"]}),
    )
    problem = _only(_problems(data_copy), "references-exist")
    assert (problem.file, problem.field) == ("i18n/de/words.json", "/lint/gossip")


def test_unknown_reply_has_no_phrases(data_copy: Path) -> None:
    _edit(
        data_copy / "i18n/en/words.json",
        lambda w: w["replies"].__setitem__("unknown", {"phrases": ["anything"]}),
    )
    problem = _only(_problems(data_copy), "replies-complete")
    assert (problem.file, problem.field) == (
        "i18n/en/words.json",
        "/replies/unknown/phrases",
    )


def test_lint_complete(data_copy: Path) -> None:
    _edit(
        data_copy / "lint/health.json",
        lambda r: r.__setitem__("suggest_arguments", ["no-such-argument"]),
    )
    problems = [p for p in _problems(data_copy) if p.check == "lint-complete"]
    assert {p.field for p in problems} == {"/suggest_arguments/0"}


def test_one_own_situation_rule(data_copy: Path) -> None:
    _edit(
        data_copy / "lint/health.json", lambda r: r.__setitem__("kind", "own-situation")
    )
    problem = _only(_problems(data_copy), "lint-complete")
    assert "exactly one" in problem.message


def test_overlay_replaces_word_lists_and_letters(tmp_path: Path) -> None:
    overlay = tmp_path / "guild"
    (overlay / "i18n/de/letters").mkdir(parents=True)
    words = {"replies": {"accepted": {"phrases": ["Widerspruch stattgegeben"]}}}
    (overlay / "i18n/de/words.json").write_text(json.dumps(words), "utf-8")
    base = (package_data() / "i18n/de/letters/third-party.txt").read_text("utf-8")
    (overlay / "i18n/de/letters/third-party.txt").write_text(
        base.replace("{?name}", "Gilde der Fotografen\n{?name}"), "utf-8"
    )
    catalogue = load_catalogue(overlays=[overlay])
    phrases = catalogue.raw.records["reply"]["accepted"]["phrases"]
    assert phrases["de"] == ["Widerspruch stattgegeben"]
    assert (
        phrases["en"]
        == load_catalogue().raw.records["reply"]["accepted"]["phrases"]["en"]
    )
    from optout_lib.letters import compose_third_party_request

    letter = compose_third_party_request(catalogue, country="DE", language="de")
    assert letter.text.endswith("\nGilde der Fotografen")


def test_broken_overlay_words_name_the_overlay_file(tmp_path: Path) -> None:
    overlay = tmp_path / "guild"
    (overlay / "i18n/de").mkdir(parents=True)
    words = {"replies": {"accepted": {"phrases": []}}}
    (overlay / "i18n/de/words.json").write_text(json.dumps(words), "utf-8")
    with pytest.raises(DataError) as info:
        load_catalogue(overlays=[overlay])
    assert f"{overlay}/i18n/de/words.json /replies/accepted/phrases" in str(info.value)
