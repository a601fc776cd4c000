"""The OpenAPI document: the API's own shapes from openapi.json, and every record's
shape from the data schemas themselves, so the two cannot drift apart."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

from optout_lib._data import package_data

#: how the data schemas name each other (`urn:optout:schema:common#/$defs/text`)
_URN = "urn:optout:schema:"


def _rewrite_refs(node: Any, stem: str) -> Any:
    """Point a schema's references into the document's components: its own
    `#/$defs/…` and the other schemas' `urn:optout:schema:<stem>#/…`."""
    if isinstance(node, list):
        return [_rewrite_refs(item, stem) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _rewrite_refs(value, stem) for key, value in node.items()}
    ref = result.get("$ref")
    if isinstance(ref, str):
        target, _, pointer = ref.partition("#")
        owner = target.removeprefix(_URN) if target else stem
        result["$ref"] = f"#/components/schemas/{owner}{pointer}"
    return result


def as_component(stem: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A data schema as an OpenAPI component named after its file (`route`).

    Its `$id` goes: inside the document the component's place is its address, and
    an `$id` would make every `#/…` reference in it relative to the URN instead."""
    body = {key: value for key, value in schema.items() if key != "$id"}
    return dict(_rewrite_refs(body, stem))


def data_components() -> dict[str, dict[str, Any]]:
    """Every data schema in the package, as components keyed by file stem."""
    folder = package_data() / "schema"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".schema.json"):
            stem = entry.name.removesuffix(".schema.json")
            found[stem] = as_component(stem, json.loads(entry.read_text("utf-8")))
    return found


def served_hints(components: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The hints record as the API serves it: the neutral record with each
    language's words put back (they live in `i18n/<lang>/words.json`)."""
    served = copy.deepcopy(components["hints"])
    phrases = {"$ref": "#/components/schemas/words/$defs/phrases"}
    # kind or state -> language -> phrases
    per_language = {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": phrases},
    }
    served["description"] = (
        "A hints record as served: `hints.schema.json` plus its words per language "
        "from `words.schema.json`."
    )
    served["properties"]["form_states"] = per_language
    served["properties"]["link"]["properties"]["words"] = per_language
    return served


def openapi_document() -> dict[str, Any]:
    """The served document: openapi.json plus the data schemas as components."""
    document: dict[str, Any] = json.loads(
        (files("server") / "openapi.json").read_text("utf-8")
    )
    schemas = document["components"]["schemas"]
    components = data_components()
    clash = sorted(set(schemas) & set(components))
    if clash:  # a bug in openapi.json, found by the tests
        raise RuntimeError(f"openapi.json re-declares data schemas: {clash}")
    schemas.update(components)
    schemas["ServedHints"] = served_hints(components)
    return document
