"""Letters built from a receipt: the complaint to a regulator, and the request about
data other people shared (the third-party information route)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import Catalogue
from .engine import clean_personal, clean_signature, format_day, render
from .errors import InvalidValue, NoObjectionRoute
from .models import Regulator, say
from .receipts import Receipt, parse_receipt


@dataclass(frozen=True)
class Letter:
    """A letter ready to copy: subject, text, its language, and where it goes."""

    subject: str
    text: str
    language: str
    #: the authority a complaint goes to (None for the letter to Meta)
    regulator: Regulator | None
    #: where to file it: the regulator's complaint page, else its website
    url: str | None


def _law(catalogue: Catalogue, country: str, what: str) -> str:
    jurisdiction = catalogue.country(country)
    if not jurisdiction.objection_route:
        routes = f"optout routes --platform instagram --country {jurisdiction.id}"
        raise NoObjectionRoute(
            f"{jurisdiction.id} has no data-protection law with an objection route, so "
            f"optout has no {what} for it; see `{routes}` for what you can do instead"
        )
    return jurisdiction.law


def regulator_language(catalogue: Catalogue, regulator: Regulator) -> str:
    """The language a complaint to this regulator is written in by default: its first
    language optout has texts in, else English."""
    shipped = set(catalogue.arguments)
    return next((lang for lang in regulator.languages if lang in shipped), "en")


def authority(regulator: Regulator, language: str) -> str:
    """How a letter names the regulator: its name, with the short name unless they
    are the same (not "Datatilsynet (Datatilsynet)")."""
    called = say(regulator.name, language)
    return (
        called
        if regulator.short_name == called
        else f"{called} ({regulator.short_name})"
    )


def third_party_form(catalogue: Catalogue) -> str | None:
    """The address of Meta's third-party information form, if the data has one."""
    urls = catalogue.routes["third-party-information"].urls
    return next((u.url for u in urls if u.role == "form"), None)


def compose_complaint(
    catalogue: Catalogue,
    *,
    country: str,
    platform: str | None = None,
    language: str | None = None,
    receipt: Mapping[str, Any] | Receipt | None = None,
    name: str | None = None,
) -> Letter:
    """The complaint to the person's regulator, in its language, from their receipt."""
    law = _law(catalogue, country, "complaint")
    regulator = catalogue.regulator_for(country)
    if regulator is None:
        raise InvalidValue(f"no regulator is recorded for {country!r} yet")
    parsed = None if receipt is None else parse_receipt(catalogue, receipt)
    if parsed and parsed.country != catalogue.country(country).id:
        raise InvalidValue(
            f"the receipt is for {parsed.country}, not {country}; pass the same country"
        )
    if platform is None:
        if parsed is None:
            raise InvalidValue(
                "platform is needed when there is no receipt, e.g. 'instagram'"
            )
        platform = parsed.platform
    plat = catalogue.platform(platform)
    if parsed and parsed.platform != plat.id:
        raise InvalidValue(
            f"the receipt is for {parsed.platform}, not {plat.id}; leave platform out"
        )
    lang = (
        catalogue.language(language)
        if language is not None
        else regulator_language(catalogue, regulator)
    )
    values = {
        "law": law,
        "regulator": authority(regulator, lang),
        "platform": plat.name,
    }
    if parsed:
        written = catalogue.country_names.dates[lang]
        values["date"] = format_day(
            parsed.submitted_at.date().isoformat(), written.parts, written.months
        )
        # A text of only white space was still sent: its (empty) quote is shown.
        values["has_text"] = "yes" if parsed.text else ""
        values["text"] = clean_personal(parsed.text or "")
        values["hash"] = parsed.text_sha256 or ""
        values["reply"] = clean_personal(parsed.reply or "")
    values["name"] = clean_signature(name)
    template = catalogue.letter(lang, "complaint")
    return Letter(
        subject=template.subject or "",
        text=render(template.body, values),
        language=lang,
        regulator=regulator,
        url=regulator.complaint_url or regulator.website,
    )


def compose_third_party_request(
    catalogue: Catalogue,
    *,
    country: str,
    language: str,
    has_account: bool = True,
    name: str | None = None,
) -> Letter:
    """The request for Meta's third-party information form: data others shared."""
    law = _law(catalogue, country, "third-party request")
    if not isinstance(has_account, bool):
        raise InvalidValue(f"has_account must be True or False, not {has_account!r}")
    lang = catalogue.language(language)
    values = {
        "law": law,
        "no_account": "" if has_account else "yes",
        "name": clean_signature(name),
    }
    template = catalogue.letter(lang, "third-party")
    return Letter(
        subject=template.subject or "",
        text=render(template.body, values),
        language=lang,
        regulator=None,
        url=third_party_form(catalogue),
    )
