"""Letters built from a receipt: the complaint to a regulator, and the request about
data other people shared (the third-party information route)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import Catalogue
from .compose import clean_personal, clean_signature
from .errors import InvalidValue, NoObjectionRoute
from .models import Regulator, say
from .placeholders import fill
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


def _regulator_language(catalogue: Catalogue, regulator: Regulator) -> str:
    shipped = set(catalogue.arguments)
    return next((lang for lang in regulator.languages if lang in shipped), "en")


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
        else _regulator_language(catalogue, regulator)
    )
    texts = catalogue.raw.records["language"][lang]["complaint"]
    authority = say(regulator.name, lang)
    if regulator.short_name != authority:  # not "Datatilsynet (Datatilsynet)"
        authority = f"{authority} ({regulator.short_name})"
    paragraphs = [
        fill(
            texts["opening"][law],
            {
                "regulator": authority,
                "platform": plat.name,
            },
        )
    ]
    if parsed:
        date = parsed.submitted_at.date().isoformat()
        paragraphs.append(fill(texts["objected_on"], {"date": date}))
        if parsed.text:
            paragraphs.append(f"{texts['text_intro']}\n{clean_personal(parsed.text)}")
        elif parsed.text_sha256:
            paragraphs.append(fill(texts["text_hash"], {"hash": parsed.text_sha256}))
        if parsed.reply:
            paragraphs.append(f"{texts['reply_intro']}\n{clean_personal(parsed.reply)}")
        else:
            paragraphs.append(texts["no_reply"])
    else:
        paragraphs += [texts["objected"], texts["no_reply"]]
    paragraphs.append(texts["request"])
    signature = clean_signature(name)
    paragraphs.append(texts["sign_off"] + (f"\n{signature}" if signature else ""))
    return Letter(
        subject=texts["subject"],
        text="\n\n".join(paragraphs),
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
    texts = catalogue.raw.records["language"][lang]["third_party"]
    paragraphs = [texts["opening"][law]]
    if not has_account:
        paragraphs.append(texts["no_account"])
    paragraphs.append(texts["request"])
    signature = clean_signature(name)
    paragraphs.append(texts["sign_off"] + (f"\n{signature}" if signature else ""))
    form = catalogue.routes["third-party-information"].urls
    return Letter(
        subject=texts["subject"],
        text="\n\n".join(paragraphs),
        language=lang,
        regulator=None,
        url=next((u.url for u in form if u.role == "form"), None),
    )
