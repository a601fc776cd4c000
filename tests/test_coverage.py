"""Coverage (issue 7): every jurisdiction with a route has its regulator and every
language its people write in; the README's table is the command's output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from babel import Locale

import optout_lib
from conftest import data_problems as _problems
from conftest import edit_json as _edit
from optout_lib import Catalogue
from optout_lib.cli import main
from optout_lib.coverage import coverage, coverage_tables

ROOT = Path(__file__).resolve().parent.parent

EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
ROUTE_COUNTRIES = EU.split() + ["IS", "LI", "NO", "GB", "CH", "BR"]
NO_ROUTE = "US CA AU NZ IN JP KR MX ZA SG AR TR".split()
#: the 24 official languages of the EU, plus Norwegian Bokmål, Icelandic and
#: Brazilian Portuguese (Swiss German, French and Italian are de, fr, it)
LANGUAGES = [
    *"bg hr cs da nl en et fi fr de el hu ga it lv lt mt pl pt ro sk sl es sv".split(),
    *("nb", "is", "pt-BR"),
]


def _run(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), out=out) == 0
    return out.getvalue()


def test_every_jurisdiction_the_issue_names_is_there(catalogue: Catalogue) -> None:
    assert len(ROUTE_COUNTRIES) == 33
    for code in ROUTE_COUNTRIES:
        assert catalogue.jurisdictions[code].objection_route, code
    for code in NO_ROUTE:
        j = catalogue.jurisdictions[code]
        assert not j.objection_route and j.local_rights, code


def test_every_language_the_issue_names_is_shipped(catalogue: Catalogue) -> None:
    assert set(LANGUAGES) <= set(catalogue.arguments)
    cov = {lang.language: lang for lang in coverage(catalogue).languages}
    assert [lang for lang in LANGUAGES if not cov[lang].complete] == []


def test_every_route_jurisdiction_is_complete(catalogue: Catalogue) -> None:
    for row in coverage(catalogue).jurisdictions:
        if row.objection_route:
            assert row.regulator and row.complaint_url, row.id
            assert row.languages and all(ok for _, ok in row.languages), row


def test_regulators_say_what_a_complainant_needs(catalogue: Catalogue) -> None:
    for code in ROUTE_COUNTRIES:
        reg = catalogue.regulator_for(code)
        assert reg is not None and reg.complaint_url.startswith("https://"), code
        assert reg.contact_controller_first != "unknown", reg.id
        assert reg.what_to_attach and reg.deadlines and reg.languages, reg.id


def test_lead_authority_and_which_to_use_are_stated(catalogue: Catalogue) -> None:
    for code in EU.split() + ["IS", "LI", "NO"]:
        j = catalogue.jurisdictions[code]
        assert j.lead_regulator == "dpc-ie" and j.regulator_choice, code
    text = _run("jurisdictions", "AT")
    assert "Regulator: Austrian Data Protection Authority" in text
    assert "Lead authority for Meta: Data Protection Commission" in text
    assert "Which to use: Use your national authority" in text
    assert "complaint: https://" in text
    ireland = _run("jurisdictions", "IE")
    assert "Lead authority for Meta" not in ireland  # the same authority, said once
    for code in ("GB", "CH", "BR"):
        assert catalogue.jurisdictions[code].lead_regulator is None, code


def _tags(node: Any, found: set[str]) -> set[str]:
    """Every language tag used as a key of a localized text or in a `languages` list."""
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            found |= set(node)
        for key, value in node.items():
            if key == "languages" and isinstance(value, list):
                found |= set(value)
            else:
                _tags(value, found)
    elif isinstance(node, list):
        for value in node:
            _tags(value, found)
    return found


def test_language_names_are_cldr_names(catalogue: Catalogue) -> None:
    # The language's own name (capitalised, as a menu shows it) and its English name
    # are CLDR's: bare `pt` is the Portuguese of Portugal, shipped beside `pt-BR`.
    english = Locale("en")
    for tag, record in catalogue.raw.records["language"].items():
        cldr = "pt_PT" if tag == "pt" else tag.replace("-", "_")
        locale = Locale.parse(cldr)
        own = locale.get_display_name(locale) or ""
        assert record["name"] == own[:1].upper() + own[1:], tag
        assert record["english_name"] == english.languages.get(
            cldr, locale.get_display_name(english)
        ), tag


def test_language_tags_are_real_and_one_per_language(catalogue: Catalogue) -> None:
    records = catalogue.raw.records
    tags = _tags(records, set()) | set(records["language"])
    for hints in records["hints"].values():
        tags |= set(hints["link"]["words"]["objection"])
    by_language: dict[str, set[str]] = {}
    for tag in tags:
        locale = Locale.parse(tag.replace("-", "_"))  # raises for unknown tags
        assert str(locale) == tag.replace("-", "_"), f"{tag}: write it as {locale}"
        by_language.setdefault(locale.language, set()).add(tag)
    # One tag per language: a regional tag only for a variant shipped on its own
    # (pt-BR next to pt), never two spellings of one language (no/nb, pt/pt-PT).
    for language, spelled in by_language.items():
        regional = {t for t in spelled if "-" in t}
        assert regional <= set(records["language"]), (language, spelled)
    assert "no" not in tags, "Norwegian is nb (Bokmål)"


def test_coverage_command_prints_both_tables() -> None:
    text = _run("coverage")
    assert re.search(
        r"^AT\s+Austria\s+GDPR\s+objection\s+DSB \(lead: DPC\)\s+dsb\.gv\.at\s+de ✓$",
        text,
        re.M,
    )
    assert re.search(r"^US\s+United States\s+none\s+none\s+-", text, re.M)
    assert re.search(r"^da\s+Dansk\s+machine-drafted(\s+yes){13}$", text, re.M)
    data = json.loads(_run("coverage", "--json"))
    assert {j["id"] for j in data["jurisdictions"]} >= set(ROUTE_COUNTRIES)
    assert all(lang["complete"] for lang in data["languages"])


def test_readme_shows_the_generated_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = coverage_tables(coverage(optout_lib.default_catalogue()), markdown=True)
    assert f"-->\n{tables}<!-- coverage:end -->" in readme, (
        "README.md's coverage tables are stale: run scripts/regenerate"
    )


def test_a_route_language_without_link_words_or_labels_is_caught(
    data_copy: Path,
) -> None:
    def drop_words(words: dict[str, Any]) -> None:
        del words["hints"]["meta"]["link"]["words"]["objection"]
        del words["fields"]["country"]["words"]

    _edit(data_copy / "i18n/da/words.json", drop_words)
    found = {
        (p.file, p.field)
        for p in _problems(data_copy)
        if p.check == "route-languages-complete"
    }
    assert found == {
        ("i18n/da/words.json", "/hints/meta/link/words/objection"),
        ("i18n/da/words.json", "/fields/country/words"),
    }


def test_a_route_language_that_is_not_shipped_is_caught(data_copy: Path) -> None:
    _edit(data_copy / "jurisdictions/LU.json", lambda r: r["languages"].append("lb"))
    problems = [
        p for p in _problems(data_copy) if p.check == "route-languages-complete"
    ]
    assert ("jurisdictions/LU.json", "/languages/2") in {
        (p.file, p.field) for p in problems
    }
    assert any("'lb' is not a shipped language" in p.message for p in problems)


def test_an_incomplete_route_regulator_is_caught(data_copy: Path) -> None:
    def blank(reg: dict[str, Any]) -> None:
        reg["contact_controller_first"] = "unknown"
        reg["deadlines"] = []

    _edit(data_copy / "regulators/dsb-at.json", blank)
    found = {
        p.field for p in _problems(data_copy) if p.check == "route-regulators-complete"
    }
    assert found == {"/contact_controller_first", "/deadlines"}


def test_a_regulator_without_complaint_page_is_caught(data_copy: Path) -> None:
    _edit(data_copy / "regulators/oaic-au.json", lambda r: r.pop("complaint_url"))
    problem = next(p for p in _problems(data_copy) if p.check == "schema")
    assert problem.file == "regulators/oaic-au.json"
    assert "'complaint_url' is a required property" in problem.message


def test_a_no_route_country_must_say_what_local_law_gives(data_copy: Path) -> None:
    _edit(data_copy / "jurisdictions/JP.json", lambda r: r.pop("local_rights"))
    problem = next(p for p in _problems(data_copy) if p.check == "no-route-explained")
    assert (problem.file, problem.field) == ("jurisdictions/JP.json", "/local_rights")


def test_a_lead_authority_needs_the_advice_which_to_use(data_copy: Path) -> None:
    _edit(data_copy / "groups/eu-eea.json", lambda r: r.pop("regulator_choice"))
    problem = next(p for p in _problems(data_copy) if p.check == "schema")
    assert problem.file == "groups/eu-eea.json"
    assert "regulator_choice" in problem.message


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reply_phrase_is_recognised_as_its_own_outcome(
    catalogue: Catalogue, language: str
) -> None:
    for outcome, reply in catalogue.replies.items():
        for phrase in reply.phrases.get(language, ()):
            result = optout_lib.triage_reply(f"Meta\n\n{phrase}.\n\nMeta Privacy")
            assert result.outcome == outcome, (language, phrase, result.outcome)


def test_machine_drafted_texts_are_said_to_be_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = [
        "compose",
        "--platform",
        "instagram",
        "--country",
        "DK",
        "--argument",
        "no-way-back",
    ]
    danish = json.loads(_run(*base, "--language", "da", "--json"))
    assert danish["review"] == "machine-drafted"
    assert "da) texts are machine-drafted" in capsys.readouterr().err
    _run(*base, "--language", "en")
    assert capsys.readouterr().err == ""  # English is maintainer-drafted: no note
    letter = json.loads(
        _run("complaint", "--country", "SE", "--platform", "facebook", "--json")
    )
    assert (letter["language"], letter["review"]) == ("sv", "machine-drafted")
