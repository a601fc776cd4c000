"""The form detector's DOM half for lxml: find forms and describe their controls.

`extension/lib/describe.js` does the same on the live DOM (open and closed shadow
roots included); `tests/cases/describe/*.json` hold HTML snippets whose descriptions
both must produce. A declarative shadow root (`<template shadowrootmode>`) is read as
the browser reads it: a scope of its own for ids, labels and forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .engine import any_run, tokens

#: input types a person types a field's text into
TEXT_INPUTS = frozenset({"", "text", "email", "tel", "number", "search", "url"})
#: elements whose text is never a label: code, and what controls offer or hold
SKIPPED = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "select",
        "textarea",
        "option",
        "datalist",
        "head",
    }
)
LANDMARKS = frozenset({"header", "footer", "nav", "aside"})
LANDMARK_ROLES = frozenset({"banner", "contentinfo", "navigation", "complementary"})
#: how far the "text before the control" walk climbs, and how much text a source keeps
MAX_CLIMB = 10
MAX_TEXT = 300
MAX_OPTIONS = 400
#: how much text one source may give a control: a real label is short ("E-mail
#: address", a sentence at most), and every control inside one huge label would
#: otherwise be scored against its first MAX_TEXT characters (describe.js: the same)
MAX_LABEL = 150
# An explicit whitespace set, the same as describe.js's, so both collapse text alike.
_SPACE = re.compile(
    "[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)


def collapse(text: str) -> str:
    """Whitespace runs as one space, trimmed."""
    return _SPACE.sub(" ", text).strip(" ")


def _ancestors(element: Any) -> Iterator[Any]:
    """Ancestors inside the element's own tree: a shadow root is a boundary."""
    for ancestor in element.iterancestors():
        if _shadow_root(ancestor):
            return
        yield ancestor


def _attr(element: Any, name: str) -> str:
    return str(element.get(name) or "")


def _role(element: Any) -> str:
    return _attr(element, "role").strip().lower()


def _is_element(node: Any) -> bool:
    return isinstance(node.tag, str)


def _shadow_root(element: Any) -> bool:
    return element.tag == "template" and element.get("shadowrootmode") is not None


def _inert(element: Any) -> bool:
    """Content the browser does not render as part of the page."""
    return element.tag == "noscript" or (
        element.tag == "template" and not _shadow_root(element)
    )


def control_kind(element: Any) -> str | None:
    """The kind of control an element is (field.schema.json `elements`), or None."""
    tag = element.tag
    if tag == "input":
        kind = _attr(element, "type").strip().lower()
        return "input" if kind in TEXT_INPUTS else None
    if tag in ("textarea", "select"):
        return str(tag)
    role = _role(element)
    editable = element.get("contenteditable")
    if role == "combobox":
        return "combobox"
    if role == "textbox" or (editable is not None and editable.lower() != "false"):
        return "textbox"
    return None


def statically_hidden(element: Any) -> bool:
    """Hidden by its markup: `hidden`, aria-hidden=true, inline display/visibility."""
    if element.get("hidden") is not None:
        return True
    if _attr(element, "aria-hidden").strip().lower() == "true":
        return True
    style = _attr(element, "style").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


#: how many characters of raw text a label source reads before it stops looking
TEXT_BUDGET = 4 * MAX_TEXT


def _text(node: Any, parts: list[str], budget: list[int]) -> None:
    """Visible text under an element, skipping controls and hidden elements; stops
    once the budget is spent (a label is short; a sibling may be a whole feed)."""
    if (
        budget[0] <= 0
        or node.tag in SKIPPED
        or statically_hidden(node)
        or control_kind(node)
    ):
        return
    parts.append(node.text or "")
    budget[0] -= len(node.text or "")
    for child in node:
        if budget[0] <= 0:
            return
        if _is_element(child):
            _text(child, parts, budget)
            if budget[0] <= 0:
                return
        parts.append(child.tail or "")
        budget[0] -= len(child.tail or "")


def text_of(element: Any) -> str:
    """An element's visible text, whitespace collapsed, at most MAX_TEXT characters."""
    parts: list[str] = []
    _text(element, parts, [TEXT_BUDGET])
    return collapse(" ".join(parts))[:MAX_TEXT]


def _all_text(element: Any) -> str:
    # aria-labelledby names a control even with the referenced text hidden (ARIA).
    return collapse(" ".join(element.itertext()))[:MAX_TEXT]


@dataclass
class _Scope:
    """A document or a shadow root: ids, labels and forms resolve inside it."""

    root: Any
    by_id: dict[str, Any] = field(default_factory=dict)
    label_for: dict[str, list[Any]] = field(default_factory=dict)


def _walk(node: Any) -> Iterator[Any]:
    """Elements in document order, not descending into inert content."""
    for child in node:
        if not _is_element(child) or _inert(child):
            continue
        yield child
        yield from _walk(child)


def _scope_of(element: Any, root: Any) -> Any:
    for ancestor in element.iterancestors():
        if _shadow_root(ancestor):
            return ancestor
    return root


def _buttonish(element: Any) -> bool:
    tag = element.tag
    kind = _attr(element, "type").strip().lower()
    return (
        tag == "button"
        or (tag == "input" and kind in ("submit", "button", "image"))
        or _role(element) == "button"
    )


def _button_text(element: Any) -> str:
    if element.tag == "input":
        return _attr(element, "value") or _attr(element, "aria-label")
    return text_of(element) or _attr(element, "aria-label")


@dataclass
class Group:
    """The controls that belong together: a form, a landmark, or a submit block."""

    element: Any
    kind: str  # "form", "search", "chrome", "block" or "page"
    controls: list[Any] = field(default_factory=list)


class Page:
    """A parsed page's controls, their scopes and the groups they belong to."""

    def __init__(self, root: Any, submit: Sequence[Sequence[str]]) -> None:
        self.root = root
        self.submit = submit
        self.scopes: dict[Any, _Scope] = {root: _Scope(root)}
        self.controls: list[tuple[Any, str]] = []
        #: elements with a control inside, and with a submit button inside
        self.holders: set[Any] = set()
        self.submit_holders: set[Any] = set()
        self._group_inputs: dict[tuple[int, str], str] = {}
        self._hidden_inputs: dict[Any, list[str]] = {}
        self._label_texts: dict[Any, str] = {}
        for element in _walk(root):
            scope = self.scope(element)
            element_id = element.get("id")
            if element_id is not None:
                scope.by_id.setdefault(element_id, element)
            if element.tag == "label" and element.get("for"):
                scope.label_for.setdefault(element.get("for"), []).append(element)
            kind = control_kind(element)
            if kind:
                self.holders.update(element.iterancestors())
            if kind and not self._inside_control(element):
                self.controls.append((element, kind))
            if _buttonish(element) and self._submits(element):
                self.submit_holders.update(element.iterancestors())
        self.groups: list[Group] = []
        by_element: dict[Any, Group] = {}
        for element, _ in self.controls:
            anchor, kind = self._group_of(element)
            if anchor not in by_element:
                by_element[anchor] = Group(anchor, kind)
                self.groups.append(by_element[anchor])
            by_element[anchor].controls.append(element)

    def scope(self, element: Any) -> _Scope:
        """The document or shadow root the element belongs to."""
        key = _scope_of(element, self.root)
        if key not in self.scopes:
            self.scopes[key] = _Scope(key)
        return self.scopes[key]

    @staticmethod
    def _inside_control(element: Any) -> bool:
        # A combobox wrapper around an input: the input is the control.
        if element.tag in ("input", "textarea", "select"):
            return any(a.tag in ("select", "textarea") for a in _ancestors(element))
        return any(control_kind(d) for d in element.iterdescendants() if _is_element(d))

    def _group_of(self, element: Any) -> tuple[Any, str]:
        anchor, kind = self._anchor(element)
        if kind in ("form", "block"):
            # A form in the page's header or footer (a newsletter box, "Was this page
            # helpful?") is the page's chrome, never the form a tool came for.
            for ancestor in [anchor, *_ancestors(anchor)]:
                if ancestor is self.scope(element).root:
                    break
                role = _role(ancestor)
                if role == "search":
                    return anchor, "search"
                if ancestor.tag in LANDMARKS or role in LANDMARK_ROLES:
                    return anchor, "chrome"
        return anchor, kind

    def _anchor(self, element: Any) -> tuple[Any, str]:
        scope = self.scope(element)
        owner = element.get("form")
        if owner and owner in scope.by_id and scope.by_id[owner].tag == "form":
            return scope.by_id[owner], "form"
        for ancestor in _ancestors(element):
            if ancestor is scope.root:
                break
            role = _role(ancestor)
            if role == "search":
                return ancestor, "search"
            if ancestor.tag == "form" or role == "form":
                return ancestor, "form"
            if ancestor.tag in LANDMARKS or role in LANDMARK_ROLES:
                return ancestor, "chrome"
        for ancestor in _ancestors(element):
            if ancestor is scope.root:
                break
            if ancestor in self.submit_holders:
                return ancestor, "block"
        return scope.root, "page"

    def _submits(self, button: Any) -> bool:
        if _attr(button, "type").strip().lower() == "submit":
            return True
        return any_run(self.submit, tokens(_button_text(button)))

    def label_sources(self, element: Any, group: Group) -> list[list[str]]:
        """Every text that may name the control, as [source, text] pairs."""
        scope = self.scope(element)
        sources: list[list[str]] = []
        seen: set[str] = set()

        def add(source: str, text: str) -> None:
            # The same words found twice (a <label for> that is also the text before
            # the control) are one piece of evidence, not two that agree.
            text = collapse(text)[:MAX_LABEL]
            if text and text not in seen:
                seen.add(text)
                sources.append([source, text])

        element_id = element.get("id")
        labels = list(scope.label_for.get(element_id, [])) if element_id else []
        labels += [
            a for a in _ancestors(element) if a.tag == "label" and a not in labels
        ]
        for label in labels:
            add("label", self.label_text(label))
        for ref in _attr(element, "aria-labelledby").split():
            if ref in scope.by_id:
                add("labelledby", _all_text(scope.by_id[ref]))
        add("aria-label", _attr(element, "aria-label"))
        for i, text in enumerate(self._preceding(element, group)):
            add("preceding" if i == 0 else "preceding2", text)
        add("placeholder", _attr(element, "placeholder"))
        add("title", _attr(element, "title"))
        if element.tag == "select":
            first = next(iter(element.iter("option")), None)
            value = None if first is None else first.get("value")
            if value is not None and value.strip() in ("", "0", "-1"):
                add("first-option", _all_text(first))
        legend = self._legend(element, group)
        if legend:
            add("legend", legend)
        for ref in _attr(element, "aria-describedby").split():
            if ref in scope.by_id:
                add("described", _all_text(scope.by_id[ref]))
        add("attribute", " ".join(filter(None, [element.get("name"), element_id])))
        return sources

    def label_text(self, label: Any) -> str:
        """text_of(label), read once per label: the thousand controls one label may
        hold must not each walk all of it again (cached)."""
        if label not in self._label_texts:
            self._label_texts[label] = text_of(label)
        return self._label_texts[label]

    def _preceding(self, element: Any, group: Group) -> list[str]:
        """Up to two blocks of text before the control in its row: previous siblings,
        then the parent's, climbing until a sibling holds another control."""
        found: list[str] = []
        node = element
        for _ in range(MAX_CLIMB):
            parent = node.getparent()
            if parent is None or node is group.element or _shadow_root(node):
                break
            for sibling in _before(parent, node):
                if isinstance(sibling, str):
                    text = collapse(sibling)
                else:
                    if self.has_control(sibling):
                        return found
                    text = text_of(sibling)
                if text:
                    found.append(text[:MAX_TEXT])
                    if len(found) == 2:
                        return found
            if parent is group.element:
                break
            node = parent
        return found

    def has_control(self, element: Any) -> bool:
        """True when the element is or holds a control (script and option never do)."""
        if element.tag in SKIPPED - {"select", "textarea"}:
            return False
        return bool(control_kind(element)) or element in self.holders

    def group_input(self, group: Group, name: str) -> str:
        """The value of a hidden input of this name inside the group, or "" (cached)."""
        key = (id(group), name)
        if key not in self._group_inputs:
            self._group_inputs[key] = group_input(group, name)
        return self._group_inputs[key]

    def hidden_near(self, element: Any) -> list[str]:
        """Names of hidden inputs beside the control or beside its near ancestors."""
        names: list[str] = []
        node = element
        for _ in range(3):
            parent = node.getparent()
            if parent is None:
                break
            if parent not in self._hidden_inputs:
                self._hidden_inputs[parent] = [
                    c.get("name")
                    for c in parent
                    if _is_element(c)
                    and c.tag == "input"
                    and _attr(c, "type").strip().lower() == "hidden"
                    and c.get("name")
                ]
            names += self._hidden_inputs[parent]
            node = parent
        return names

    def _legend(self, element: Any, group: Group) -> str:
        for ancestor in _ancestors(element):
            if ancestor is group.element:
                break
            if ancestor.tag == "fieldset":
                inside = [c for c in group.controls if ancestor in c.iterancestors()]
                legend = ancestor.find("legend")
                if legend is not None and len(inside) <= 3:
                    return text_of(legend)
                break
        return ""


def iso_name(name: str) -> bool:
    """True for the name of a hidden input that holds a typeahead's ISO country code
    (Meta's `<name>_iso2_country_code`, or any name with the token `iso2`)."""
    return name.endswith("iso2_country_code") or "iso2" in tokens(
        name.replace("_", " ")
    )


def _before(parent: Any, node: Any) -> Iterator[Any]:
    """The parent's child nodes before `node`, nearest first: elements and text.
    Walked backwards and lazily, as the caller stops at the first control: a control
    among thousands in one label reads only its own neighbours, never the row."""
    sibling = node.getprevious()
    while sibling is not None:
        if collapse(sibling.tail or ""):
            yield sibling.tail
        # A declarative shadow root is not a sibling in the browser's tree.
        if _is_element(sibling) and not _inert(sibling) and not _shadow_root(sibling):
            yield sibling
        sibling = sibling.getprevious()
    if collapse(parent.text or ""):
        yield parent.text


def _state(element: Any, group: Group, hidden_fields: frozenset[str]) -> str:
    for node in [element, *element.iterancestors()]:
        if _is_element(node) and statically_hidden(node):
            return "hidden"
    if element.get("name") in hidden_fields:
        return "hidden"
    if element.get("disabled") is not None or _attr(element, "aria-disabled") == "true":
        return "disabled"
    if any(
        a.tag == "fieldset" and a.get("disabled") is not None
        for a in _ancestors(element)
    ):
        return "disabled"
    if element.get("readonly") is not None or _attr(element, "aria-readonly") == "true":
        return "readonly"
    return "ok"


def _flags(element: Any, kind: str, group: Group, hidden_near: list[str]) -> list[str]:
    flags = []
    multiline = kind == "textarea" or (
        kind == "textbox" and _attr(element, "aria-multiline").lower() != "false"
    )
    if multiline:
        flags.append("multiline")
    rows = _number(element.get("rows"))
    maxlength = _number(element.get("maxlength"))
    if (rows is not None and rows >= 3) or (maxlength is not None and maxlength >= 200):
        flags.append("long")
    if maxlength is not None and 0 < maxlength <= 12:
        flags.append("short")
    if any(iso_name(h) for h in hidden_near):
        flags.append("iso-sibling")
    popup = _attr(element, "aria-haspopup").lower()
    if (
        kind == "combobox"
        or _role(element) == "combobox"
        or _attr(element, "aria-autocomplete").lower() in ("list", "both")
        or popup == "listbox"
        or element.get("list")
        or any(_role(a) == "combobox" for a in _ancestors(element))
    ):
        flags.append("listbox")
    if group.kind == "chrome":
        flags.append("chrome")
    if _beside_at(element):
        flags.append("split-email")
    if (
        _attr(element, "type").lower() == "search"
        or group.kind == "search"
        or any(_role(a) == "search" for a in _ancestors(element))
    ):
        flags.append("search")
    return flags


def _beside_at(element: Any) -> bool:
    """True when an "@" stands right before or after the control: the local part or
    the domain of an address typed in two boxes, neither of which is the address."""
    parent = element.getparent()
    previous = element.getprevious()
    before = (
        (previous.tail if previous is not None else parent.text)
        if parent is not None
        else ""
    )
    return "@" in collapse(element.tail or "")[:1] or collapse(before or "")[-1:] == "@"


def _number(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _autocomplete(element: Any) -> str:
    words = [
        w
        for w in _attr(element, "autocomplete").lower().split()
        if w not in ("webauthn", "home", "work", "mobile", "fax", "pager")
        and not w.startswith("section-")
        and w not in ("shipping", "billing")
    ]
    return words[-1] if words else ""


def _options(element: Any, scope: _Scope) -> list[list[str]]:
    if element.tag == "select":
        options = list(element.iter("option"))
    elif element.get("list") and element.get("list") in scope.by_id:
        options = list(scope.by_id[element.get("list")].iter("option"))
    else:
        return []
    return [_option(o) for o in options[:MAX_OPTIONS]]


def _option(option: Any) -> list[str]:
    """[value, text] of an option; without a value attribute its value is its text."""
    text = _all_text(option)
    value = option.get("value")
    value = text if value is None else collapse(value)
    return [value, text or value]


def describe(page: Page, element: Any, kind: str, group: Group) -> dict[str, Any]:
    """The plain-data description of one control that the engine scores."""
    hidden_fields = _hidden_fields(
        page.group_input(group, "support_form_hidden_fields")
    )
    hidden_near = page.hidden_near(element)
    return {
        "element": kind,
        "type": _attr(element, "type").strip().lower()
        if element.tag == "input"
        else "",
        "autocomplete": _autocomplete(element),
        "inputmode": _attr(element, "inputmode").strip().lower(),
        "sources": page.label_sources(element, group),
        "flags": _flags(element, kind, group, hidden_near),
        "options": _options(element, page.scope(element)),
        "state": _state(element, group, hidden_fields),
    }


def _hidden_fields(value: str) -> frozenset[str]:
    """Meta's `support_form_hidden_fields`: a JSON object or list of field names."""
    try:
        parsed = json.loads(value) if value else None
    except ValueError:
        return frozenset()
    if isinstance(parsed, dict):
        return frozenset(str(k) for k, v in parsed.items() if v)
    if isinstance(parsed, list):
        return frozenset(str(v) for v in parsed)
    return frozenset()


def group_input(group: Group, name: str) -> str:
    """The value of a hidden input of this name inside the group, or ""."""
    for element in _walk(group.element):
        if element.tag == "input" and element.get("name") == name:
            return _attr(element, "value")
    return ""


def group_language(group: Group) -> str | None:
    """The form's language: Meta's support_form_locale_id, else the nearest lang."""
    locale = group_input(group, "support_form_locale_id")
    if locale:
        return locale.replace("_", "-")
    for node in [group.element, *group.element.iterancestors()]:
        lang = (node.get("lang") or "").strip()
        if lang:
            return lang
    return None
