"""Each record dataclass mirrors its JSON Schema: a property added to (or removed
from) a schema without the model following fails here.

A model field is compared with the schema property of the same name, unless
RENAMED maps it; `evidence` stands for the four evidence properties. What a model
or a schema has on purpose that the other lacks is listed, with the reason, in
MODEL_ONLY and SCHEMA_ONLY.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from optout_lib import models
from optout_lib._data import package_data
from optout_lib.receipts import Receipt

EVIDENCE = ("sources", "last_verified", "method", "confidence")

#: model -> (schema file stem, JSON pointer to the object inside it)
SHAPES: dict[type, tuple[str, str]] = {
    models.Platform: ("platform", ""),
    models.Group: ("group", ""),
    models.KeyDate: ("group", "/$defs/key_date"),
    models.Deadline: ("group", "/properties/reply_deadline"),
    models.Jurisdiction: ("jurisdiction", ""),
    models.Route: ("route", ""),
    models.RouteUrl: ("route", "/properties/urls/items"),
    models.Step: ("route", "/properties/steps/items"),
    models.FormSpec: ("route", "/properties/form"),
    models.FormField: ("route", "/properties/form/properties/fields/items"),
    models.FailureMode: ("route", "/properties/failure_modes/items"),
    models.Alternative: ("route", "/properties/alternatives/items"),
    models.Regulator: ("regulator", ""),
    models.Argument: ("argument", ""),
    models.Language: ("language", ""),
    models.Reply: ("reply", ""),
    models.LintRule: ("lint", ""),
    models.Hints: ("hints", ""),
    models.LinkHints: ("hints", "/properties/link"),
    models.LogicalField: ("field", ""),
    models.FieldRename: ("field", "/properties/becomes/items"),
    models.DetectorSettings: ("detector", ""),
    models.CountryNames: ("countries", ""),
    Receipt: ("receipt", ""),
}

#: (model, field) -> the schema property it holds, where the names differ
RENAMED: dict[tuple[type, str], str] = {
    # `with` is a Python keyword.
    (models.FieldRename, "with_field"): "with",
}

#: (model, field) -> why the schema has no such property
MODEL_ONLY: dict[tuple[type, str], str] = {
    (models.Group, "objection_does"): "objection_effect.does, flattened",
    (models.Group, "objection_does_not"): "objection_effect.does_not, flattened",
    (models.Jurisdiction, "law"): "from the jurisdiction's group",
    (models.Jurisdiction, "objection_route"): "from the jurisdiction's group",
    (models.Jurisdiction, "lead_regulator"): "from the jurisdiction's group",
    (models.Jurisdiction, "regulator_choice"): "from the jurisdiction's group",
    (models.Jurisdiction, "objection_does"): "from the group's objection_effect",
    (models.Jurisdiction, "objection_does_not"): "from the group's objection_effect",
    (models.Argument, "language"): "one Argument per language",
    (models.Argument, "title"): "from arguments/<lang>/<id>.txt",
    (models.Argument, "text"): "from arguments/<lang>/<id>.txt",
    (models.Argument, "review"): "from the language record",
    # Word lists live per language in i18n/<lang>/words.json (words.schema.json) and
    # are put back into the record when the data is read.
    (models.Reply, "phrases"): "from i18n/<lang>/words.json",
    (models.LintRule, "words"): "from i18n/<lang>/words.json",
    (models.Hints, "form_states"): "from i18n/<lang>/words.json",
    (models.LinkHints, "words"): "from i18n/<lang>/words.json",
    (models.LogicalField, "words"): "from i18n/<lang>/words.json",
    (models.LogicalField, "weak_words"): "from i18n/<lang>/words.json",
    (models.LogicalField, "negative_words"): "from i18n/<lang>/words.json",
    (models.LogicalField, "bare_words"): "from i18n/<lang>/words.json",
    (models.DetectorSettings, "filler_words"): "from i18n/<lang>/words.json",
    (models.DetectorSettings, "submit_words"): "from i18n/<lang>/words.json",
}

#: (schema stem, property) -> why the model has no such field
SCHEMA_ONLY: dict[tuple[str, str], str] = {
    ("group", "objection_effect"): "modelled as objection_does/_does_not",
    # The letters' fragments are read by compose.py and letters.py from the
    # language record until letter templates replace them.
    ("language", "subjects"): "LetterTemplate.subject (Catalogue.letter)",
}


def _schema_files() -> list[Any]:
    return [
        p for p in (package_data() / "schema").iterdir() if p.name.endswith(".json")
    ]


def _schema_object(stem: str, pointer: str) -> dict[str, Any]:
    schema = json.loads(
        (package_data() / "schema" / f"{stem}.schema.json").read_text("utf-8")
    )
    node: Any = schema
    for part in filter(None, pointer.split("/")):
        node = node[part]
    if "$ref" in node and "properties" not in node:  # a local definition
        assert node["$ref"].startswith("#/"), node["$ref"]
        return _schema_object(stem, node["$ref"][1:])
    return dict(node)


def _schema_names(model: type) -> set[str]:
    """The schema properties a model's fields stand for."""
    names: set[str] = set()
    for spec in dataclasses.fields(model):
        if (model, spec.name) in MODEL_ONLY:
            continue
        if spec.name == "evidence":
            names.update(EVIDENCE)
        else:
            names.add(RENAMED.get((model, spec.name), spec.name))
    return names


@pytest.mark.parametrize("model", list(SHAPES), ids=lambda m: m.__name__)
def test_model_fields_are_the_schema_properties(model: type) -> None:
    stem, pointer = SHAPES[model]
    properties = set(_schema_object(stem, pointer)["properties"])
    expected = {p for p in properties if pointer or (stem, p) not in SCHEMA_ONLY}
    have = _schema_names(model)
    assert have - expected == set(), f"{model.__name__} fields not in {stem} schema"
    assert expected - have == set(), f"{stem} schema properties {model.__name__} lacks"


def test_every_record_kind_has_a_model() -> None:
    stems = {p.name.removesuffix(".schema.json") for p in _schema_files()}
    # words.json and texts.json are not record kinds: their lists and translations
    # are read into the records above.
    assert stems - {"common", "words", "texts"} == {
        stem for stem, pointer in SHAPES.values()
    }


def test_exceptions_name_real_fields_and_properties() -> None:
    for model, name in [*MODEL_ONLY, *RENAMED]:
        assert name in {f.name for f in dataclasses.fields(model)}, (model, name)
    for stem, prop in SCHEMA_ONLY:
        assert prop in _schema_object(stem, "")["properties"], (stem, prop)
