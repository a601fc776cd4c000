"""The input-dependent primitives both sides share: what `extension/lib/engine.js`
does the same way, specified by the hand-written cases in `tests/cases/engine/`.

Everything that depends only on the data (joins, sorting, folding the data's own
phrases, parsing its templates) is computed once by `view.py` at export time; what is
left here is what must run on the person's input: templates filled with their values,
phrases found in their text, dates, calendar files and fingerprints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InvalidValue

#: A parsed template: text, `{"var": name}`, or a block
#: `{"if": name, "equals": value or None, "not": bool, "then": [nodes]}`.
Node = str | dict[str, Any]

_TAG = re.compile(r"\{([?!/]?)([a-z_]+)(?:=([^{}\n]+))?\}")
# A line holding only a block tag disappears with its line break, so templates can
# put each block on its own lines and still render paragraphs exactly.
_STANDALONE = re.compile(r"^[ \t]*(\{[?!/][a-z_]+(?:=[^{}\n]+)?\})[ \t]*\n", re.M)


class TemplateError(InvalidValue):
    """A template that does not parse: the message says where and what to fix."""


def parse_template(text: str) -> list[Node]:
    """Parse a letter template into nodes (see `Node`); TemplateError says what's wrong.

    `{name}` is a value; `{?name}…{/name}` shows its block when the value is not
    empty, `{!name}…{/name}` when it is, `{?name=text}…{/name}` when it equals text.
    """
    text = _STANDALONE.sub(r"\1", text.removesuffix("\n"))
    root: list[Node] = []
    stack: list[tuple[str, list[Node]]] = [("", root)]
    at = 0
    for tag in _TAG.finditer(text):
        _literal(stack[-1][1], text[at : tag.start()])
        at = tag.end()
        mark, name, equals = tag.groups()
        if mark == "/":
            if len(stack) == 1 or stack[-1][0] != name:
                raise TemplateError(f"{{/{name}}} closes no open {{?{name}}} block")
            stack.pop()
        elif mark:
            block: list[Node] = []
            node = {"if": name, "equals": equals, "not": mark == "!", "then": block}
            stack[-1][1].append(node)
            stack.append((name, block))
        elif equals is None:
            stack[-1][1].append({"var": name})
        else:
            raise TemplateError(f"{tag.group(0)} needs ? or ! before the name")
    _literal(stack[-1][1], text[at:])
    if len(stack) > 1:
        raise TemplateError(
            f"{{?{stack[-1][0]}}} is never closed with {{/{stack[-1][0]}}}"
        )
    return root


def _literal(nodes: list[Node], text: str) -> None:
    if "{" in text or "}" in text:
        raise TemplateError(
            f"stray brace in {text!r}; "
            "only {name} and {?name}…{/name} may use braces"
        )
    if text:
        nodes.append(text)


def template_names(nodes: Sequence[Node]) -> set[str]:
    """Every value name a parsed template reads, in values and in blocks."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, dict):
            names.add(node["var"] if "var" in node else node["if"])
            names |= template_names(node.get("then", ()))
    return names


def render(nodes: Sequence[Node], values: Mapping[str, str]) -> str:
    """Fill a parsed template in one pass; values are never read as template text.

    Line breaks at either end are dropped, so a block on the last lines of a template
    leaves none behind.
    """
    return _render(nodes, values).strip("\n")


def _render(nodes: Sequence[Node], values: Mapping[str, str]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif "var" in node:
            out.append(values.get(node["var"], ""))
        else:
            value = values.get(node["if"], "")
            shown = (
                value == node["equals"] if node["equals"] is not None else bool(value)
            )
            if shown != node["not"]:
                out.append(_render(node["then"], values))
    return "".join(out)
