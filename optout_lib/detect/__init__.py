"""The generic form detector: the logical fields of every form in any HTML page.

`describe.py` reads the page (lxml), `engine.py` scores and assigns, `view.py`
compiles the data both sides use. See the README section "How the form detector
decides".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..catalogue import Catalogue
from ..models import FoundField
from .describe import Group, Page, describe, group_input, group_language
from .engine import assign
from .view import detector_view


def _locator(element: Any, page: Page) -> str:
    scope = page.scope(element)
    tag = str(element.tag)
    element_id = element.get("id")
    if element_id and scope.by_id.get(element_id) is element:
        return f'{tag}[id="{_escape(element_id)}"]'
    name = element.get("name")
    if name:
        same = [c for c, _ in page.controls if c.get("name") == name]
        if same == [element]:
            return f'{tag}[name="{_escape(name)}"]'
    return str(element.getroottree().getpath(element))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def fields_of_groups(
    catalogue: Catalogue, page: Page, language: str | None
) -> Iterator[tuple[int, Group, FoundField]]:
    """Every group's assigned fields, with the group's index."""
    view = detector_view(catalogue)
    kinds = dict(page.controls)
    for index, group in enumerate(page.groups):
        descriptions = [describe(page, c, kinds[c], group) for c in group.controls]
        lang = language or group_language(group)
        for found in sorted(assign(descriptions, view, lang), key=lambda a: a.index):
            element = group.controls[found.index]
            yield (
                index,
                group,
                FoundField(
                    field=found.field,
                    locator=_locator(element, page),
                    element=str(element.tag),
                    form=index,
                    confidence=found.confidence,
                    evidence=found.evidence,
                    state=descriptions[found.index]["state"],
                    path=str(element.getroottree().getpath(element)),
                ),
            )


def find_fields(
    catalogue: Catalogue, root: Any, language: str | None = None
) -> tuple[FoundField, ...]:
    """The logical fields of every form in a parsed page."""
    if root is None:
        return ()
    page = Page(root, detector_view(catalogue)["submit"])
    return tuple(f for _, _, f in fields_of_groups(catalogue, page, language))


#: the fields that make a group look like Meta's objection form
_FORM_FIELDS = frozenset({"email", "country", "reason"})


def _usable(found: list[FoundField]) -> int:
    """How many of e-mail, country and reason a group shows a person."""
    return sum(f.field in _FORM_FIELDS and f.state == "ok" for f in found)


def objection_form_fields(
    catalogue: Catalogue, root: Any, form_id: str, language: str | None = None
) -> tuple[FoundField, ...]:
    """The fields of the one form on a Meta page that is the form of `form_id`: the
    group whose hidden `support_form_id` says so (of several, the one showing most of
    e-mail, country and reason), else the group (never a search box, header or footer)
    showing the most of them, at least two."""
    if root is None:
        return ()
    page = Page(root, detector_view(catalogue)["submit"])
    by_group: dict[int, list[FoundField]] = {}
    for index, group, found in fields_of_groups(catalogue, page, language):
        if group.kind in ("search", "chrome"):
            continue
        by_group.setdefault(index, []).append(found)
    marked = [
        i
        for i, g in enumerate(page.groups)
        if group_input(g, "support_form_id") == form_id
    ]
    if marked:
        # React mounts a form twice and may leave the first copy hidden: the copy
        # whose fields a person can see is the form.
        best = max(marked, key=lambda i: (_usable(by_group.get(i, [])), -i))
        return tuple(by_group.get(best, ()))
    ranked = sorted(
        by_group.items(),
        key=lambda item: (-_usable(item[1]), item[0]),
    )
    if not ranked or _usable(ranked[0][1]) < 2:
        return ()
    return tuple(ranked[0][1])
