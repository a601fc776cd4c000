"""The composer: structure, languages, the person's words taken literally, errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optout_lib as o
from optout_lib.engine import clean_personal


def _compose(**kw: object) -> str:
    args = {
        "platform": "facebook",
        "country": "IT",
        "language": "it",
        "arguments": ["loss-of-control"],
    }
    args.update(kw)
    return o.compose_objection(**args)  # type: ignore[arg-type]


def test_italian_objection_names_gdpr_and_platform() -> None:
    text = _compose()
    assert "21" in text and "Facebook" in text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 4  # opening, intro, argument, closing
    template = {a.id: a.text for a in o.arguments("it")}["loss-of-control"]
    assert paragraphs[2] == template.replace("{platform}", "Facebook")


@pytest.mark.parametrize("language", o.languages())
def test_every_language_composes_for_every_law(language: str) -> None:
    for country in ("DE", "GB", "CH", "BR"):
        text = o.compose_objection(
            platform="instagram",
            country=country,
            language=language,
            arguments=["no-way-back"],
        )
        assert "{" not in text and "Instagram" in text


def test_law_decides_the_opening() -> None:
    assert "LGPD" in _compose(country="BR", language="en")
    assert "UK GDPR" in _compose(country="GB", language="en")
    assert "FADP" in _compose(country="CH", language="en")


def test_arguments_keep_the_chosen_order() -> None:
    first = _compose(language="en", arguments=["no-way-back", "loss-of-control"])
    second = _compose(language="en", arguments=["loss-of-control", "no-way-back"])
    assert first != second
    by_id = {a.id: a.text.replace("{platform}", "Facebook") for a in o.arguments("en")}
    assert first.index(by_id["no-way-back"]) < first.index(by_id["loss-of-control"])


def test_personal_words_are_never_template_syntax() -> None:
    tricky = "{platform} {name} {{x}} [flag>y] <b>$1</b> \\1"
    text = _compose(language="en", personal=tricky, name="{platform}")
    assert tricky in text
    assert text.endswith("Kind regards,\n{platform}")


def test_personal_words_are_trimmed_and_line_endings_normalised() -> None:
    text = _compose(language="en", personal="  first\r\nsecond\r\n\n ")
    assert "In my own words:\nfirst\nsecond\n\n" in text


def test_output_is_deterministic() -> None:
    assert _compose(personal="x", name="A") == _compose(personal="x", name="A")


def test_name_is_optional() -> None:
    assert "Kind regards" not in _compose(language="en")
    assert _compose(language="en", name="  ") == _compose(language="en")


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"country": "US"}, o.NoObjectionRoute, "no objection route in US"),
        ({"arguments": ["nope"]}, o.UnknownArgument, "'nope'"),
        ({"arguments": "loss-of-control"}, o.InvalidValue, "list of argument ids"),
        ({"arguments": ["no-way-back", "no-way-back"]}, o.InvalidValue, "chosen twice"),
        ({"language": "xx"}, o.UnknownLanguage, "'xx'"),
        ({"personal": 5}, o.InvalidValue, "personal must be a string"),
        ({"name": "a\nb"}, o.InvalidValue, "single line"),
    ],
)
def test_bad_input_raises_specific_errors(
    kwargs: dict[str, object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        _compose(**kwargs)


def test_whatsapp_ai_messages_route_composes_in_the_eu() -> None:
    assert "WhatsApp" in _compose(platform="whatsapp", country="DE", language="de")


@settings(max_examples=200, deadline=None)
@given(personal=st.text(), name=st.one_of(st.none(), st.text()))
def test_any_personal_text_is_kept_literally(personal: str, name: str | None) -> None:
    try:
        text = _compose(language="en", personal=personal, name=name)
    except o.InvalidValue:
        assert name is not None and "\n" in name.replace("\r", "\n").strip(" \t\n")
        return
    assert clean_personal(personal) in text


def test_letter_templates_are_parsed_once_with_their_subject() -> None:
    import json

    from optout_lib.catalogue import default_catalogue
    from optout_lib.engine import parse_template

    catalogue = default_catalogue()
    complaint = catalogue.letter("pt-br", "complaint")
    assert complaint is catalogue.letter("pt-BR", "complaint")
    record = catalogue.raw.records["language"]["pt-BR"]
    assert complaint.subject == record["subjects"]["complaint"]
    text = catalogue.raw.letters["pt-BR"]["complaint"]
    assert complaint.body == tuple(parse_template(text))
    assert json.loads(json.dumps(complaint.body)) == list(complaint.body)
    assert catalogue.letter("de", "objection").subject is None
    german = catalogue.raw.records["language"]["de"]["subjects"]
    assert catalogue.letter("de", "third-party").subject == german["third-party"]


def test_letter_kind_must_be_known() -> None:
    from optout_lib.catalogue import default_catalogue

    with pytest.raises(o.InvalidValue, match="objection, complaint, third-party"):
        default_catalogue().letter("de", "invoice")
