"""Find links to Meta's AI forms, and the form's fields, in a saved page (lxml)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from . import detect
from ._hints import PageHints, page_hints
from .catalogue import Catalogue
from .engine import normalize_text
from .errors import InvalidValue
from .models import FormState, FoundField, FoundLink, PageAnalysis

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    """Parse a page as browsers do (lxml's HTML parser); None for an empty one."""
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


def _base_url(root: lxml.html.HtmlElement, url: str) -> str:
    for element in root.iter("base"):
        href = element.get("href")
        if href:
            try:
                return str(urljoin(url, href.strip()))
            except ValueError:  # a broken <base href>: links resolve against the page
                return url
    return url


def check_html(html: object) -> str | bytes:
    """The page, or InvalidValue when it is neither text nor bytes."""
    if not isinstance(html, str | bytes):
        raise InvalidValue(f"html must be str or bytes, not {type(html).__name__}")
    return html


def find_fields(
    catalogue: Catalogue, html: str | bytes, language: str | None = None
) -> tuple[FoundField, ...]:
    """The logical fields of every form in any page, with no Meta gate."""
    html = check_html(html)
    if language is not None and not isinstance(language, str):
        raise InvalidValue(
            f"language must be a language tag such as 'de' or None, not {language!r}"
        )
    return detect.find_fields(catalogue, parse(html), language)


def analyze_page(catalogue: Catalogue, html: str | bytes, url: str) -> PageAnalysis:
    """Find object links in a page and, on a Meta AI form, that form's fields."""
    html = check_html(html)
    url = _check_url(url)
    hints = page_hints(catalogue)
    form_id = hints.form_id(url)
    page_kind = hints.form_kinds.get(form_id) if form_id else None
    root = parse(html)
    language: str | None = None
    links: tuple[FoundLink, ...] = ()
    fields: tuple[FoundField, ...] = ()
    form_state: FormState | None = None
    if root is not None:
        language = (root.get("lang") or root.get(_XML_LANG) or "").strip() or None
        links = tuple(_links(root, _base_url(root, url), hints))
        # Fields only count on Meta's own AI form pages: a copy of the form on any
        # other host is a look-alike, and optout must never help fill it.
        if page_kind and form_id:
            fields = detect.objection_form_fields(catalogue, root, form_id, language)
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
