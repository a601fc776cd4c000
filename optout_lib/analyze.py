"""Find links to Meta's AI forms, and the form's fields, in a saved page (lxml)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from ._hints import PageHints, Strategy, normalize_text, page_hints
from .catalogue import Catalogue
from .errors import InvalidValue
from .models import FormState, FoundField, FoundLink, PageAnalysis

# Input types a person types text into; hidden, checkbox, submit etc. are never fields.
_TEXT_INPUTS = frozenset({"", "text", "email", "tel", "number", "search", "url"})
_ROLES = frozenset({"textbox", "combobox"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    if isinstance(html, str):
        # lxml refuses str input that carries an XML encoding declaration; a lone
        # surrogate (possible in a JS string, never in a real page) becomes "?".
        html = html.encode("utf-8", "replace")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    else:
        parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except lxml.etree.ParserError:  # an empty or whitespace-only document
        return None
    return root


def _check_url(url: object) -> str:
    if not isinstance(url, str):
        raise InvalidValue(f"url must be a string, not {type(url).__name__}")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None  # e.g. "http://[::1": an unclosed IPv6 address
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(
            f"url must be the absolute http(s) address the page was saved from, "
            f"e.g. https://www.facebook.com/privacy/policy; got {url!r}"
        )
    return url.strip()


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.itertext())


# Text a person does not read as the page's message: code, styles, and what is typed
# into (or offered by) the form's own controls.
_NOT_MESSAGE = frozenset(
    {"script", "style", "template", "noscript", "textarea", "select", "title"}
)


def _typed_into(node: lxml.html.HtmlElement) -> bool:
    """True for elements whose text is not the page's message (see _NOT_MESSAGE)."""
    editable = node.get("contenteditable")
    return (
        node.tag in _NOT_MESSAGE
        or (node.get("role") or "").lower() == "textbox"
        or (editable is not None and editable.lower() != "false")
    )


def _message_text(element: lxml.html.HtmlElement) -> str:
    """The page's own words: every text node outside _NOT_MESSAGE elements."""
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        if isinstance(node.tag, str) and not _typed_into(node):
            parts.append(node.text or "")
            for child in node:
                walk(child)
        # The tail belongs to the parent, so it counts even after a skipped element.
        parts.append(node.tail or "")

    walk(element)
    return " ".join(parts)


def _links(
    root: lxml.html.HtmlElement, base: str, hints: PageHints
) -> Iterator[FoundLink]:
    for anchor in root.iter("a", "area"):
        href = anchor.get("href")
        if href is None:
            continue
        try:
            absolute = urljoin(base, href.strip())
        except ValueError:
            continue
        form_id = hints.form_id(absolute)
        if form_id is None:  # most links: decided without reading their text
            continue
        visible = _text(anchor)
        named = " ".join(filter(None, [visible, anchor.get("aria-label")]))
        found = hints.link_kind(form_id, named)
        if found:
            kind, matched_by = found
            yield FoundLink(
                absolute, kind, form_id, normalize_text(visible), matched_by
            )


def _control_kind(element: lxml.html.HtmlElement) -> str | None:
    tag = element.tag
    if tag == "input":
        return "input" if element.get("type", "").lower() in _TEXT_INPUTS else None
    if tag in ("textarea", "select"):
        return str(tag)
    role = (element.get("role") or "").lower()
    return role if role in _ROLES else None


class _Names:
    """Accessible names of controls, from aria-labelledby, labels and attributes."""

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        self.by_id = {
            e.get("id"): e
            for e in root.iter()
            if isinstance(e.tag, str) and e.get("id") is not None
        }
        self.label_for: dict[str, list[lxml.html.HtmlElement]] = {}
        for label in root.iter("label"):
            if label.get("for"):
                self.label_for.setdefault(label.get("for"), []).append(label)

    def name(self, element: lxml.html.HtmlElement) -> str:
        """All the text that names a control, folded for matching."""
        parts = [
            _text(self.by_id[i])
            for i in (element.get("aria-labelledby") or "").split()
            if i in self.by_id
        ]
        parts.append(element.get("aria-label") or "")
        parts += [_text(label) for label in self.label_for.get(element.get("id"), [])]
        parts += [_text(label) for label in element.iterancestors("label")]
        parts += [element.get("placeholder") or "", element.get("title") or ""]
        return normalize_text(" ".join(parts))


def _matches(
    strategy: Strategy, kind: str, element: lxml.html.HtmlElement, names: _Names
) -> bool:
    if kind not in strategy.elements:
        return False
    if strategy.by == "attribute":
        return (
            element.get(strategy.attribute) or ""
        ).strip().lower() in strategy.values
    return strategy.pattern is not None and bool(
        strategy.pattern.search(names.name(element))
    )


def _locator(element: lxml.html.HtmlElement) -> str:
    for attribute in ("id", "name"):
        value = element.get(attribute)
        if value:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            return f'{element.tag}[{attribute}="{escaped}"]'
    return str(element.getroottree().getpath(element))


def _fields(root: lxml.html.HtmlElement, hints: PageHints) -> Iterator[FoundField]:
    controls = [
        (e, k)
        for e in root.iter()
        if isinstance(e.tag, str) and (k := _control_kind(e)) is not None
    ]
    names = _Names(root)
    claimed: set[int] = set()
    for field, strategies in hints.fields:
        for strategy in strategies:
            hit = next(
                (
                    e
                    for e, k in controls
                    if id(e) not in claimed and _matches(strategy, k, e, names)
                ),
                None,
            )
            if hit is not None:
                claimed.add(id(hit))
                yield FoundField(field, _locator(hit), str(hit.tag), strategy.by)  # type: ignore[arg-type]
                break


def _base_url(root: lxml.html.HtmlElement, url: str) -> str:
    for element in root.iter("base"):
        href = element.get("href")
        if href:
            try:
                return str(urljoin(url, href.strip()))
            except ValueError:  # a broken <base href>: links resolve against the page
                return url
    return url


def analyze_page(catalogue: Catalogue, html: str | bytes, url: str) -> PageAnalysis:
    """Find object links in a page and, on a Meta AI form, its fields."""
    if not isinstance(html, str | bytes):
        raise InvalidValue(f"html must be str or bytes, not {type(html).__name__}")
    url = _check_url(url)
    hints = page_hints(catalogue)
    form_id = hints.form_id(url)
    page_kind = hints.form_kinds.get(form_id) if form_id else None
    root = _parse(html)
    language: str | None = None
    links: tuple[FoundLink, ...] = ()
    fields: tuple[FoundField, ...] = ()
    form_state: FormState | None = None
    if root is not None:
        language = (root.get("lang") or root.get(_XML_LANG) or "").strip() or None
        links = tuple(_links(root, _base_url(root, url), hints))
        # Fields only count on Meta's own AI form pages: a copy of the form on any
        # other host is a look-alike, and optout must never help fill it.
        if page_kind:
            fields = tuple(_fields(root, hints))
            body = root.find("body")
            form_state = hints.form_state(_message_text(root if body is None else body))
    return PageAnalysis(
        url=url,
        language=language,
        platform=hints.platform_of(url),
        page_kind=page_kind,
        form_id=form_id if page_kind else None,
        links=links,
        fields=fields,
        form_state=form_state,
    )
