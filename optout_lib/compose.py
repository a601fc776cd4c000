"""Compose the objection text people paste into Meta's form."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .catalogue import Catalogue
from .engine import Node, clean_personal, clean_signature, parse_template, render
from .errors import InvalidValue, NoObjectionRoute, UnknownArgument


@cache
def data_template(text: str) -> tuple[Node, ...]:
    """An argument text (it may use `{platform}`) parsed once; never the person's."""
    return tuple(parse_template(text))


def _argument_ids(arguments: object) -> list[str]:
    if isinstance(arguments, str) or not isinstance(arguments, Sequence):
        raise InvalidValue(
            "arguments must be a list of argument ids such as ['loss-of-control'], "
            f"not {arguments!r}"
        )
    ids = []
    for item in arguments:
        if not isinstance(item, str):
            raise InvalidValue(f"argument ids must be strings, not {item!r}")
        ids.append(item.strip().lower())
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InvalidValue(f"argument(s) {duplicates} chosen twice; list each once")
    return ids


def compose_objection(
    catalogue: Catalogue,
    *,
    platform: str,
    country: str,
    language: str,
    arguments: Sequence[str],
    personal: str = "",
    name: str | None = None,
) -> str:
    """Compose the objection text for Meta's form, in the language asked."""
    plat = catalogue.platform(platform)
    jurisdiction = catalogue.country(country)
    lang = catalogue.language(language)
    if not isinstance(personal, str):
        raise InvalidValue(f"personal must be a string, not {type(personal).__name__}")
    route = catalogue.routes_for(plat.id, jurisdiction.id)[0]
    if route.kind != "objection" or not jurisdiction.objection_route:
        raise NoObjectionRoute(
            f"{plat.name} has no objection route in {jurisdiction.id}; "
            f"see `optout routes --platform {plat.id} --country {jurisdiction.id}` "
            "for what you can do instead"
        )
    law = jurisdiction.law
    available = catalogue.arguments[lang]
    chosen = []
    for aid in _argument_ids(arguments):
        if aid not in available:
            raise UnknownArgument(aid, available)
        if law not in available[aid].laws:
            usable = sorted(a for a, arg in available.items() if law in arg.laws)
            raise InvalidValue(
                f"argument {aid!r} does not apply under {law}; "
                f"usable: {', '.join(usable)}"
            )
        chosen.append(available[aid])
    own_words = clean_personal(personal)
    signature = clean_signature(name)

    # The person's words and name are values: render never reads them as template.
    platform_only = {"platform": plat.name}
    values = {
        "law": law,
        "platform": plat.name,
        "arguments": "\n\n".join(
            render(data_template(arg.text), platform_only) for arg in chosen
        ),
        "personal": own_words,
        "name": signature,
    }
    return render(catalogue.letter(lang, "objection").body, values)
