"""Variants of the saved Meta-like form pages, for the robustness test.

Every control of an original page gets `data-rid="N"` (the detector ignores `data-*`),
field controls also `data-field`, and the objection form `data-body="live"`. Then 1-3
transforms change the page the way Meta's markup changes: labels moved or reworded,
decoys added, ids stripped, rows reordered, a shadow root, a stale re-mounted copy, no
`<form>`. A field found in a variant is traced back to its original control through
`data-rid`: it must be the field the original page had there, or not found at all.
"""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import lxml.html

import optout_lib
from optout_lib import analyze as _analyze

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
#: variants per saved form page: 12 pages give 3,120
PER_PAGE = 260
CONTROLS = (
    ".//input | .//select | .//textarea | .//*[@role='textbox']"
    " | .//*[@role='combobox'] | .//*[@contenteditable]"
)
#: tags a <label> can name; a div with a role needs aria instead
LABELABLE = frozenset({"input", "select", "textarea"})

Analyze = Callable[[bytes, str], Any]

# Paraphrases a person would read as the same question: a detector may miss them
# (abstain), never read them as another field.
PARAPHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "email": ("Your email", "E-mail address", "Email address we can reach you at"),
        "country": ("Where do you live?", "Country of residence", "Your country"),
        "reason": (
            "Tell us how this affects you",
            "Please explain how this processing impacts you",
            "How does this affect you?",
            "Describe how the use of your information affects you",
        ),
        "details": (
            "Additional details",
            "Anything else you want to add",
            "More information (optional)",
        ),
        "code": (
            "Confirmation code",
            "Enter the code we sent you",
            "Verification code",
        ),
        "first_name": ("First name", "Given name", "Your first name"),
        "last_name": ("Last name", "Surname", "Family name"),
    },
    "de": {
        "email": (
            "Deine E-Mail",
            "E-Mail-Adresse",
            "E-Mail-Adresse, unter der wir dich erreichen",
        ),
        "country": ("Wo wohnst du?", "Land des Wohnsitzes", "Dein Land"),
        "reason": (
            "Sag uns, wie sich das auf dich auswirkt",
            "Bitte erkläre, wie dich diese Verarbeitung betrifft",
            "Wie wirkt sich das auf dich aus?",
            "Beschreibe, wie sich die Nutzung deiner Informationen auf dich auswirkt",
        ),
        "details": (
            "Weitere Angaben",
            "Möchtest du noch etwas hinzufügen?",
            "Zusätzliche Informationen (optional)",
        ),
        "code": (
            "Bestätigungscode",
            "Gib den Code ein, den wir dir gesendet haben",
            "Verifizierungscode",
        ),
        "first_name": ("Vorname", "Dein Vorname", "Rufname"),
        "last_name": ("Nachname", "Familienname", "Dein Nachname"),
    },
    "fr": {
        "email": (
            "Votre e-mail",
            "Adresse électronique",
            "Adresse e-mail à laquelle nous pouvons vous joindre",
        ),
        "country": ("Où habitez-vous ?", "Pays de résidence", "Votre pays"),
        "reason": (
            "Dites-nous en quoi cela vous affecte",
            "Veuillez expliquer l'impact de ce traitement sur vous",
            "En quoi cela vous concerne-t-il ?",
            "Décrivez comment l'utilisation de vos informations vous affecte",
        ),
        "details": (
            "Informations complémentaires",
            "Souhaitez-vous ajouter quelque chose ?",
            "Précisions supplémentaires (facultatif)",
        ),
        "code": (
            "Code de confirmation",
            "Saisissez le code que nous vous avons envoyé",
            "Code de vérification",
        ),
        "first_name": ("Prénom", "Votre prénom", "Prénom usuel"),
        "last_name": ("Nom de famille", "Votre nom de famille", "Patronyme"),
    },
    "it": {
        "email": (
            "La tua e-mail",
            "Indirizzo di posta elettronica",
            "Indirizzo e-mail a cui possiamo contattarti",
        ),
        "country": ("Dove vivi?", "Paese di residenza", "Il tuo paese"),
        "reason": (
            "Dicci in che modo questo ti riguarda",
            "Spiega come ti influenza questo trattamento",
            "In che modo ti riguarda?",
            "Descrivi come l'uso delle tue informazioni ti riguarda",
        ),
        "details": (
            "Dettagli aggiuntivi",
            "Vuoi aggiungere altro?",
            "Ulteriori informazioni (facoltativo)",
        ),
        "code": (
            "Codice di conferma",
            "Inserisci il codice che ti abbiamo inviato",
            "Codice di verifica",
        ),
        "first_name": ("Nome", "Nome proprio", "Nome di battesimo"),
        "last_name": ("Cognome", "Il tuo cognome", "Cognome (come sul documento)"),
    },
    "es": {
        "email": (
            "Tu correo",
            "Dirección de correo electrónico",
            "Correo electrónico en el que podamos contactarte",
        ),
        "country": ("¿Dónde vives?", "País de residencia", "Tu país"),
        "reason": (
            "Cuéntanos cómo te afecta esto",
            "Explica cómo te afecta este tratamiento",
            "¿Cómo te afecta?",
            "Describe cómo te afecta el uso de tu información",
        ),
        "details": (
            "Detalles adicionales",
            "¿Quieres añadir algo más?",
            "Más información (opcional)",
        ),
        "code": (
            "Código de confirmación",
            "Introduce el código que te enviamos",
            "Código de verificación",
        ),
        "first_name": ("Nombre", "Nombre de pila", "Nombre propio"),
        "last_name": ("Apellidos", "Tus apellidos", "Primer apellido"),
    },
    "nl": {
        "email": (
            "Je e-mail",
            "E-mailadres",
            "E-mailadres waarop we je kunnen bereiken",
        ),
        "country": ("Waar woon je?", "Land van verblijf", "Je land"),
        "reason": (
            "Vertel ons hoe dit je raakt",
            "Leg uit welke invloed deze verwerking op je heeft",
            "Hoe heeft dit invloed op jou?",
            "Beschrijf hoe het gebruik van je gegevens je beïnvloedt",
        ),
        "details": (
            "Aanvullende gegevens",
            "Wil je nog iets toevoegen?",
            "Meer informatie (optioneel)",
        ),
        "code": (
            "Bevestigingscode",
            "Voer de code in die we je hebben gestuurd",
            "Verificatiecode",
        ),
        "first_name": ("Voornaam", "Je voornaam", "Roepnaam"),
        "last_name": ("Achternaam", "Je achternaam", "Familienaam"),
    },
    "pl": {
        "email": (
            "Twój e-mail",
            "Adres poczty elektronicznej",
            "Adres e-mail, pod którym możemy się z Tobą skontaktować",
        ),
        "country": ("Gdzie mieszkasz?", "Kraj zamieszkania", "Twój kraj"),
        "reason": (
            "Powiedz nam, jak to na Ciebie wpływa",
            "Wyjaśnij, jak to przetwarzanie na Ciebie wpływa",
            "Jak to na Ciebie wpływa?",
            "Opisz, jak wykorzystanie Twoich informacji na Ciebie wpływa",
        ),
        "details": (
            "Dodatkowe szczegóły",
            "Czy chcesz coś dodać?",
            "Więcej informacji (opcjonalnie)",
        ),
        "code": (
            "Kod potwierdzający",
            "Wpisz kod, który Ci wysłaliśmy",
            "Kod weryfikacyjny",
        ),
        "first_name": ("Imię", "Twoje imię", "Pierwsze imię"),
        "last_name": ("Nazwisko", "Twoje nazwisko", "Nazwisko (jak w dokumencie)"),
    },
    "pt": {
        "email": (
            "Seu e-mail",
            "Endereço de e-mail",
            "E-mail para entrarmos em contato com você",
        ),
        "country": ("Onde você mora?", "País de residência", "Seu país"),
        "reason": (
            "Conte-nos como isso afeta você",
            "Explique como esse tratamento afeta você",
            "Como isso afeta você?",
            "Descreva como o uso das suas informações afeta você",
        ),
        "details": (
            "Detalhes adicionais",
            "Quer acrescentar algo?",
            "Mais informações (opcional)",
        ),
        "code": (
            "Código de confirmação",
            "Insira o código que enviamos para você",
            "Código de verificação",
        ),
        "first_name": ("Primeiro nome", "Nome próprio", "Seu primeiro nome"),
        "last_name": ("Sobrenome", "Seu sobrenome", "Nome de família"),
    },
    "cs": {
        "email": ("Váš e-mail", "E-mailová adresa", "E-mail, na kterém vás zastihneme"),
        "country": ("Kde žijete?", "Země pobytu", "Vaše země"),
        "reason": (
            "Řekněte nám, jak se vás to týká",
            "Vysvětlete, jak vás toto zpracování ovlivňuje",
            "Jak vás to ovlivňuje?",
            "Popište, jak vás ovlivňuje používání vašich informací",
        ),
        "details": (
            "Další podrobnosti",
            "Chcete ještě něco doplnit?",
            "Další informace (nepovinné)",
        ),
        "code": (
            "Potvrzovací kód",
            "Zadejte kód, který jsme vám poslali",
            "Ověřovací kód",
        ),
        "first_name": ("Jméno", "Křestní jméno", "Vaše křestní jméno"),
        "last_name": ("Příjmení", "Vaše příjmení", "Příjmení (jako v dokladu)"),
    },
    "sk": {
        "email": ("Váš e-mail", "E-mailová adresa", "E-mail, na ktorom vás zastihneme"),
        "country": ("Kde žijete?", "Krajina pobytu", "Vaša krajina"),
        "reason": (
            "Povedzte nám, ako sa vás to týka",
            "Vysvetlite, ako vás toto spracúvanie ovplyvňuje",
            "Ako vás to ovplyvňuje?",
            "Opíšte, ako vás ovplyvňuje používanie vašich informácií",
        ),
        "details": (
            "Ďalšie podrobnosti",
            "Chcete ešte niečo doplniť?",
            "Ďalšie informácie (nepovinné)",
        ),
        "code": (
            "Potvrdzovací kód",
            "Zadajte kód, ktorý sme vám poslali",
            "Overovací kód",
        ),
        "first_name": ("Meno", "Krstné meno", "Vaše krstné meno"),
        "last_name": ("Priezvisko", "Vaše priezvisko", "Priezvisko (ako v doklade)"),
    },
}

# Decoy wording in the page's language: an English "Search" box on a Czech page would
# be too easy to tell apart.
DECOY_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "search": "Search",
        "feedback": "Was this page helpful? Tell us more",
        "send": "Send",
        "anything": "Anything else we should know?",
        "additional": "Additional information",
        "confirm": "Confirm email",
        "subject": "Subject",
        "phone": "Phone number",
    },
    "de": {
        "search": "Suchen",
        "feedback": "War diese Seite hilfreich? Erzähl uns mehr",
        "send": "Senden",
        "anything": "Gibt es sonst noch etwas, das wir wissen sollten?",
        "additional": "Zusätzliche Informationen",
        "confirm": "E-Mail-Adresse bestätigen",
        "subject": "Betreff",
        "phone": "Telefonnummer",
    },
    "fr": {
        "search": "Rechercher",
        "feedback": "Cette page vous a-t-elle été utile ? Dites-nous-en plus",
        "send": "Envoyer",
        "anything": "Autre chose que nous devrions savoir ?",
        "additional": "Informations complémentaires",
        "confirm": "Confirmez l'adresse e-mail",
        "subject": "Objet",
        "phone": "Numéro de téléphone",
    },
    "it": {
        "search": "Cerca",
        "feedback": "Questa pagina ti è stata utile? Raccontaci di più",
        "send": "Invia",
        "anything": "C'è altro che dovremmo sapere?",
        "additional": "Informazioni aggiuntive",
        "confirm": "Conferma l'indirizzo e-mail",
        "subject": "Oggetto",
        "phone": "Numero di telefono",
    },
    "es": {
        "search": "Buscar",
        "feedback": "¿Te ha resultado útil esta página? Cuéntanos más",
        "send": "Enviar",
        "anything": "¿Algo más que debamos saber?",
        "additional": "Información adicional",
        "confirm": "Confirma el correo electrónico",
        "subject": "Asunto",
        "phone": "Número de teléfono",
    },
    "nl": {
        "search": "Zoeken",
        "feedback": "Was deze pagina nuttig? Vertel ons meer",
        "send": "Verzenden",
        "anything": "Is er nog iets wat we moeten weten?",
        "additional": "Aanvullende informatie",
        "confirm": "Bevestig je e-mailadres",
        "subject": "Onderwerp",
        "phone": "Telefoonnummer",
    },
    "pl": {
        "search": "Szukaj",
        "feedback": "Czy ta strona była pomocna? Powiedz nam więcej",
        "send": "Wyślij",
        "anything": "Czy jest coś jeszcze, o czym powinniśmy wiedzieć?",
        "additional": "Dodatkowe informacje",
        "confirm": "Potwierdź adres e-mail",
        "subject": "Temat",
        "phone": "Numer telefonu",
    },
    "pt": {
        "search": "Pesquisar",
        "feedback": "Esta página foi útil? Conte-nos mais",
        "send": "Enviar",
        "anything": "Há mais alguma coisa que devamos saber?",
        "additional": "Informações adicionais",
        "confirm": "Confirme o e-mail",
        "subject": "Assunto",
        "phone": "Número de telefone",
    },
    "cs": {
        "search": "Hledat",
        "feedback": "Byla tato stránka užitečná? Řekněte nám víc",
        "send": "Odeslat",
        "anything": "Je ještě něco, co bychom měli vědět?",
        "additional": "Doplňující informace",
        "confirm": "Potvrďte e-mailovou adresu",
        "subject": "Předmět",
        "phone": "Telefonní číslo",
    },
    "sk": {
        "search": "Hľadať",
        "feedback": "Bola táto stránka užitočná? Povedzte nám viac",
        "send": "Odoslať",
        "anything": "Je ešte niečo, čo by sme mali vedieť?",
        "additional": "Doplňujúce informácie",
        "confirm": "Potvrďte e-mailovú adresu",
        "subject": "Predmet",
        "phone": "Telefónne číslo",
    },
}


@dataclass(frozen=True)
class Page:
    """A saved form page, tagged, with the fields the original yields per control."""

    stem: str
    url: str
    language: str
    root: Any
    fields: dict[str, str]


@dataclass(frozen=True)
class Variant:
    """One transformed copy of a page, serialised."""

    page: Page
    name: str
    kinds: tuple[str, ...]
    description: str
    html: bytes


@dataclass(frozen=True)
class Outcome:
    """What the detector did on one variant."""

    page: str
    language: str
    variant: str
    kinds: tuple[str, ...]
    description: str
    wrong: tuple[str, ...]
    missed: tuple[str, ...]
    expected: int


# --- small tree helpers -------------------------------------------------------------


def _is_control(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    return (
        el.tag in LABELABLE
        or el.get("role") in ("textbox", "combobox")
        or el.get("contenteditable") is not None
    )


def _has_control(el: Any) -> bool:
    return _is_control(el) or bool(el.xpath(CONTROLS))


def _visible_controls(el: Any) -> list[Any]:
    found = [el] if _is_control(el) else el.xpath(CONTROLS)
    return [c for c in found if c.get("type") != "hidden"]


def _by_id(root: Any, value: str) -> list[Any]:
    return list(root.xpath("//*[@id=$v]", v=value)[:1])


def _fresh_id(root: Any, rng: random.Random) -> str:
    # React-style ids carry no words, so a new id adds no evidence of its own.
    while True:
        value = f":r{rng.randrange(36**3):x}:"
        if not _by_id(root, value):
            return value


def _body(root: Any) -> Any:
    return root.xpath("//*[@data-body='live']")[0]


def _field_controls(root: Any) -> list[Any]:
    return list(_body(root).xpath(".//*[@data-field]"))


def _row(control: Any) -> Any:
    """The direct child of the form body that holds the control."""
    body = _body(root_of(control))
    node = control
    while node.getparent() is not body:
        node = node.getparent()
    return node


def root_of(el: Any) -> Any:
    """The document element of the tree an element is in."""
    return el.getroottree().getroot()


def _own_text(el: Any) -> str:
    # A label's words, without what controls inside it hold (options, typed text).
    clone = copy.deepcopy(el)
    for control in [c for c in clone.iter() if _is_control(c)]:
        if control is not clone:
            control.drop_tree()
    return " ".join(clone.text_content().split())


def _replace_text(el: Any, text: str) -> None:
    kept = [c for c in el if isinstance(c.tag, str) and _has_control(c)]
    for child in list(el):
        if all(child is not k for k in kept):
            el.remove(child)
    for child in kept:
        child.tail = None
    el.text = text


def _element(tag: str, text: str | None = None, **attrs: str) -> Any:
    # for_ and class_ stand for the reserved words; aria_label for aria-label.
    names = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    el = lxml.html.Element(tag, names)
    el.text = text
    return el


def _words(root: Any) -> dict[str, str]:
    return DECOY_WORDS[_language(root)]


def _language(root: Any) -> str:
    lang = (root.get("lang") or "en").split("-")[0].lower()
    return lang if lang in PARAPHRASES else "en"


# --- labels -------------------------------------------------------------------------


def label_source(control: Any) -> tuple[str, list[Any]] | None:
    """How a control is labelled first: the kind of link and the elements holding it."""
    root = root_of(control)
    ids = (control.get("aria-labelledby") or "").split()
    targets = [t for i in ids for t in _by_id(root, i)]
    if targets:
        return "labelledby", targets
    if control.get("aria-label"):
        return "aria-label", []
    if control.get("id"):
        labels = root.xpath("//label[@for=$v]", v=control.get("id"))
        if labels:
            return "for", list(labels)
    enclosing = next(control.iterancestors("label"), None)
    if enclosing is not None:
        return "wrapping", [enclosing]
    if control.get("placeholder"):
        return "placeholder", []
    return None


def _label_text(control: Any, kind: str, holders: list[Any]) -> str:
    if kind in ("aria-label", "placeholder"):
        return str(control.get(kind))
    return " ".join(_own_text(h) for h in holders)


def _set_label_text(control: Any, kind: str, holders: list[Any], text: str) -> None:
    if kind in ("aria-label", "placeholder"):
        control.set(kind, text)
        return
    _replace_text(holders[0], text)
    for extra in holders[1:]:
        _replace_text(extra, "")


def _unlink(control: Any, kind: str, holders: list[Any]) -> None:
    if kind in ("aria-label", "placeholder"):
        del control.attrib[kind]
        return
    control.attrib.pop("aria-labelledby", None)
    for holder in holders:
        if not _has_control(holder):
            holder.drop_tree()
        else:
            _replace_text(holder, "")
            holder.drop_tag()


def _before_wrapper(control: Any, new: Any) -> None:
    # Inside the control's row, so that reordering rows keeps text and control together.
    row = _row(control)
    if row is control:
        holder = _element("div")
        control.addprevious(holder)
        holder.append(control)
        row = holder
    node = control
    while node.getparent() is not row:
        node = node.getparent()
    node.addprevious(new)


def _wrap_in_label(control: Any, text: str) -> None:
    label = _element("label", text)
    tail, control.tail = control.tail, None
    control.addprevious(label)
    label.append(control)
    label.tail = tail


def _attach(control: Any, style: str, text: str, rng: random.Random) -> None:
    if style == "for":
        if not control.get("id"):
            control.set("id", _fresh_id(root_of(control), rng))
        _before_wrapper(control, _element("label", text, for_=control.get("id")))
    elif style == "wrapping":
        _wrap_in_label(control, text)
    elif style == "div":
        _before_wrapper(control, _element("div", text, dir="auto"))
    else:
        control.set(style, text)


def _styles(control: Any, current: str) -> list[str]:
    if control.tag not in LABELABLE:
        styles = ["div", "aria-label"]
    elif control.tag == "select":
        styles = ["for", "wrapping", "div", "aria-label"]
    else:
        styles = ["for", "wrapping", "div", "aria-label", "placeholder"]
    return [s for s in styles if s != current]


# --- the transforms -----------------------------------------------------------------


def label_moved(root: Any, rng: random.Random) -> str:
    """Re-attach each field's label another way, and remove the original link."""
    moves = []
    for control in _field_controls(root):
        source = label_source(control)
        if source is None:
            continue
        kind, holders = source
        text = _label_text(control, kind, holders)
        _unlink(control, kind, holders)
        style = rng.choice(_styles(control, kind))
        _attach(control, style, text, rng)
        moves.append(f"{control.get('data-field')}:{kind}>{style}")
    # ids_stripped reads this: labels moved here must lose their links too.
    root.set("data-labels-moved", "1")
    return "label " + " ".join(moves)


def wording_replaced(root: Any, rng: random.Random) -> str:
    """Replace label texts with paraphrases, in the page's or another language."""
    own = _language(root)
    lang = own
    if rng.random() < 0.3:
        lang = rng.choice(sorted(set(PARAPHRASES) - {own}))
    for control in _field_controls(root):
        source = label_source(control)
        phrases = PARAPHRASES[lang].get(str(control.get("data-field")))
        if source is None or not phrases:
            continue
        _set_label_text(control, *source, rng.choice(phrases))
    return f"wording {own}>{lang}"


def _decoy_row(root: Any, text: str, tag: str, rng: random.Random, **attrs: str) -> Any:
    control = _mark(_element(tag, None, **attrs), root)
    control.set("id", _fresh_id(root, rng))
    row = _element("div", None, class_="x1ypdohk x1yztbdb")
    row.append(_element("label", text, for_=control.get("id")))
    inner = _element("div", None, class_="x4uap5 xk50ysn")
    inner.append(control)
    row.append(inner)
    return row


def _field_row(root: Any, field: str) -> Any | None:
    controls = _body(root).xpath(".//*[@data-field=$f]", f=field)
    return _row(controls[0]) if controls else None


def _mark(control: Any, root: Any) -> Any:
    control.set("data-rid", f"decoy-{len(root.xpath('//*[@data-decoy]'))}")
    control.set("data-decoy", "1")
    return control


def _decoy_search(root: Any, rng: random.Random) -> None:
    word = _words(root)["search"]
    header = _element("header", None, role="banner")
    header.append(_mark(_element("input", None, type="search", aria_label=word), root))
    header.append(_mark(_element("input", None, type="text", placeholder=word), root))
    root.find("body").insert(0, header)


def _decoy_feedback(root: Any, rng: random.Random) -> None:
    words = _words(root)
    footer = _element("footer", None, role="contentinfo")
    box = footer
    if rng.random() < 0.5:
        box = _element("form", None, method="post", action="/feedback")
        footer.append(box)
    row = _decoy_row(root, words["feedback"], "textarea", rng, rows="3")
    box.append(row)
    box.append(_element("div", words["send"], role="button", tabindex="0"))
    root.find("body").append(footer)


def _decoy_anything(root: Any, rng: random.Random) -> None:
    words = _words(root)
    text = words[rng.choice(["anything", "additional"])]
    row = _decoy_row(root, text, "textarea", rng, rows="4")
    # The box does ask for details: reading it so is right; reading it as reason is not.
    row.xpath(".//textarea")[0].set("data-allow", "details")
    anchor = _field_row(root, "reason")
    if anchor is None:
        anchor = _row(_field_controls(root)[0])
    anchor.addprevious(row)


def _decoy_confirm(root: Any, rng: random.Random) -> None:
    row = _decoy_row(root, _words(root)["confirm"], "input", rng, type="email")
    row.xpath(".//input")[0].set("data-allow", "email_confirm")
    anchor = _field_row(root, "email")
    if anchor is not None:
        anchor.addnext(row)


def _at_random_row(root: Any, row: Any, rng: random.Random) -> None:
    rows = [_row(c) for c in _field_controls(root)]
    rng.choice(rows).addprevious(row)


def _decoy_subject(root: Any, rng: random.Random) -> None:
    row = _decoy_row(root, _words(root)["subject"], "input", rng, type="text")
    _at_random_row(root, row, rng)


def _decoy_phone(root: Any, rng: random.Random) -> None:
    row = _decoy_row(root, _words(root)["phone"], "input", rng, type="tel")
    _at_random_row(root, row, rng)


def _decoy_honeypot(root: Any, rng: random.Random) -> None:
    trap = _element(
        "input",
        None,
        type="text",
        name="email",
        style="display:none",
        tabindex="-1",
        autocomplete="off",
    )
    _at_random_row(root, _mark(trap, root), rng)


DECOYS: dict[str, Callable[[Any, random.Random], None]] = {
    "search": _decoy_search,
    "feedback": _decoy_feedback,
    "anything-else": _decoy_anything,
    "confirm-email": _decoy_confirm,
    "subject": _decoy_subject,
    "phone": _decoy_phone,
    "honeypot": _decoy_honeypot,
}


def decoys_added(root: Any, rng: random.Random) -> str:
    """Add 1-4 decoy controls: search, feedback, extra boxes, honeypot."""
    names = sorted(DECOYS)
    if not _body(root).xpath(".//*[@data-field='email']"):
        names.remove("confirm-email")
    chosen = rng.sample(names, rng.randint(1, 4))
    for name in chosen:
        DECOYS[name](root, rng)
    return "decoys " + ",".join(chosen)


def ids_stripped(root: Any, rng: random.Random) -> str:
    """Strip id, name and class from the form, its wrappers and controls."""
    moved = root.get("data-labels-moved") == "1"
    keep = not moved and rng.random() < 0.5
    needed: set[str] = set()
    if keep:
        for el in root.iter():
            for attr in ("aria-labelledby", "for"):
                needed.update((el.get(attr) or "").split())
    for el in _body(root).iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("name", "class"):
            el.attrib.pop(attr, None)
        if el.get("id") not in needed:
            el.attrib.pop("id", None)
    return "strip " + ("keep-links" if keep else "all")


def _labelled(child: Any, anchors: list[Any]) -> list[int]:
    """Positions of the anchor rows whose controls this row labels."""
    owners = []
    for position, anchor in enumerate(anchors):
        for control in _visible_controls(anchor):
            source = label_source(control)
            if source and any(
                h is child or child in h.iterancestors() for h in source[1]
            ):
                owners.append(position)
                break
    return owners


def _blocks(owners: list[list[int]], count: int) -> list[int]:
    # A row labelling several controls (one span per control, far from them) ties
    # those rows and all between into one block: moving them apart would move a
    # label next to another control, and the page would mean something else.
    block = list(range(count))
    for tied in (o for o in owners if len(o) > 1):
        for position in range(min(tied), max(tied) + 1):
            block[position] = block[min(tied)]
    return block


def _segments(body: Any) -> tuple[list[Any], list[list[Any]], list[Any]]:
    children = [c for c in body if isinstance(c.tag, str)]
    anchors = [c for c in children if _visible_controls(c)]
    if not anchors:
        return children, [], []
    first, last = children.index(anchors[0]), children.index(anchors[-1])
    owners, previous = [], -1
    for index, child in enumerate(children):
        mine = [anchors.index(child)] if child in anchors else _labelled(child, anchors)
        # Hints follow their control; what precedes the first or trails the last
        # control (hidden inputs, the Submit button) stays where it is.
        if not mine and first < index < last:
            mine = [previous]
        previous = mine[0] if child in anchors else previous
        owners.append(mine)
    block = _blocks(owners, len(anchors))
    groups: dict[int, list[Any]] = {b: [] for b in block}
    head, tail = [], []
    for index, (child, mine) in enumerate(zip(children, owners, strict=True)):
        if mine:
            groups[block[mine[0]]].append(child)
        else:
            (head if index < first else tail).append(child)
    return head, list(groups.values()), tail


def rows_reordered(root: Any, rng: random.Random) -> str:
    """Shuffle the form's rows, each row with its label and hints."""
    body = _body(root)
    head, segments, tail = _segments(body)
    order = list(range(len(segments)))
    for _ in range(5):
        rng.shuffle(order)
        if len(order) < 2 or order != sorted(order):
            break
    for child in head + [c for s in segments for c in s] + tail:
        body.remove(child)
    for child in head + [c for i in order for c in segments[i]] + tail:
        body.append(child)
    return "reorder " + "".join(str(i) for i in order)


def shadow_root(root: Any, rng: random.Random) -> str:
    """Move the form into a declarative shadow root."""
    body = _body(root)
    host = _element("div", None, class_="x9f619 x1n2onr6")
    template = _element("template", None, shadowrootmode="open")
    host.tail, body.tail = body.tail, None
    body.addprevious(host)
    host.append(template)
    template.append(body)
    return "shadow"


def _stale_copy(body: Any) -> Any:
    stale = copy.deepcopy(body)
    stale.tail = None
    stale.set("data-body", "stale")
    for el in stale.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("data-rid"):
            el.set("data-rid", "stale-" + el.get("data-rid"))
        # React gives a re-mounted tree new ids; keep the copy's links inside it.
        if el.get("id"):
            el.set("id", el.get("id") + "s")
        for attr in ("for", "aria-labelledby", "aria-describedby", "aria-controls"):
            if el.get(attr):
                el.set(attr, " ".join(v + "s" for v in el.get(attr).split()))
    return stale


def remounted(root: Any, rng: random.Random) -> str:
    """Put a hidden stale copy of the form before the live one."""
    body = _body(root)
    how = rng.choice(["hidden", "display:none"])
    wrapper = _element("div")
    if how == "hidden":
        wrapper.set("hidden", "")
    else:
        wrapper.set("style", "display:none")
    wrapper.append(_stale_copy(body))
    body.addprevious(wrapper)
    return f"remount {how}"


def form_removed(root: Any, rng: random.Random) -> str:
    """Turn the <form> into a plain div: controls in div soup, a div Submit button."""
    body = _body(root)
    if body.tag != "form":
        return "no-form (none)"
    body.tag = "div"
    for attr in ("action", "method", "novalidate", "onsubmit", "rel", "enctype"):
        body.attrib.pop(attr, None)
    return "no-form"


#: every transform, in the order they are applied when combined: words before
#: moves (the move carries the new words), decoys before reordering and stripping
#: (they are shuffled and stripped too), the form's wrapping last
TRANSFORMS: dict[str, Callable[[Any, random.Random], str]] = {
    "wording": wording_replaced,
    "label": label_moved,
    "decoys": decoys_added,
    "reorder": rows_reordered,
    "strip": ids_stripped,
    "no-form": form_removed,
    "remount": remounted,
    "shadow": shadow_root,
}


# --- pages, variants, verdicts ------------------------------------------------------


def parse(html: bytes) -> Any:
    """Parse bytes as analyze_page does, so FoundField.path resolves in the result."""
    return lxml.html.document_fromstring(html)


def _tag(root: Any, found: dict[str, str]) -> dict[str, str]:
    tree = root.getroottree()
    fields = {}
    for rid, control in enumerate(root.xpath(CONTROLS)):
        control.set("data-rid", str(rid))
    for path, field in found.items():
        control = tree.xpath(path)[0]
        control.set("data-field", field)
        fields[control.get("data-rid")] = field
    first = root.xpath("//*[@data-field]")[0]
    next(first.iterancestors("form")).set("data-body", "live")
    return fields


def load_page(expectation: Path, analyze: Analyze) -> Page:
    """A saved page, tagged, with the fields analyze finds in the original."""
    expected = json.loads(expectation.read_text("utf-8"))
    html = expectation.with_suffix(".html").read_bytes()
    result = analyze(html, expected["url"])
    root = parse(html)
    fields = _tag(root, {f.path: f.field for f in result.fields})
    return Page(expectation.stem, expected["url"], _language(root), root, fields)


def form_pages() -> list[Path]:
    """Expectation files of the saved form pages that have fields."""
    return [
        path
        for path in sorted(PAGES.glob("*-form-*.json"))
        if json.loads(path.read_text("utf-8"))["fields"]
    ]


def _serialise(root: Any) -> bytes:
    return bytes(lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))


def original(page: Page) -> Variant:
    """The tagged page itself, with no transform: it must yield the original fields."""
    return Variant(page, f"{page.stem}#original", (), "original", _serialise(page.root))


def variant(page: Page, number: int) -> Variant:
    """Variant `number` of a page: 1-3 transforms, seeded by page and number."""
    rng = random.Random(f"{page.stem}/{number}")
    kinds = rng.sample(sorted(TRANSFORMS), rng.randint(1, 3))
    root = copy.deepcopy(page.root)
    done = [name for name in TRANSFORMS if name in kinds]
    description = "; ".join(TRANSFORMS[name](root, rng) for name in done)
    html = _serialise(root)
    return Variant(page, f"{page.stem}#{number}", tuple(done), description, html)


def variants(page: Page, count: int = PER_PAGE) -> Iterator[Variant]:
    """The first `count` variants of a page."""
    return (variant(page, number) for number in range(count))


def _verdict(field: Any, control: Any, page: Page) -> str | None:
    rid = None if control is None else control.get("data-rid")
    if rid is not None and page.fields.get(rid) == field.field:
        return None
    decoy = rid is not None and (rid.startswith("stale-") or rid.startswith("decoy-"))
    # Reported as hidden, a field is never filled: harmless on a stale copy or a trap.
    if decoy and field.state == "hidden":
        return None
    allowed = control is not None and control.get("data-allow") == field.field
    if allowed and not str(rid).startswith("stale-"):
        return None
    was = page.fields.get(rid or "", "nothing")
    return f"{field.field} on control {rid} ({field.element}, was {was})"


def check(variant: Variant, result: Any) -> Outcome:
    """Compare what analyze found in a variant with the original page's fields."""
    tree = parse(variant.html).getroottree()
    wrong, found = [], set()
    for field in result.fields:
        controls = tree.xpath(field.path)
        control = controls[0] if controls else None
        verdict = _verdict(field, control, variant.page)
        if verdict:
            wrong.append(verdict)
        elif control is not None:
            found.add((control.get("data-rid"), field.field))
    page = variant.page
    missed = tuple(f for rid, f in page.fields.items() if (rid, f) not in found)
    return Outcome(
        page.stem,
        page.language,
        variant.name,
        variant.kinds,
        variant.description,
        tuple(wrong),
        missed,
        len(page.fields),
    )


@cache
def analyzer(data: str | None = None) -> Analyze:
    """optout_lib.analyze_page, or the same on the catalogue in another data folder."""
    if data is None:
        return optout_lib.analyze_page
    return partial(_analyze.analyze_page, optout_lib.load_catalogue(data))


def page_outcomes(expectation: Path, count: int, data: str | None) -> list[Outcome]:
    """Every variant of one page, run through analyze_page and checked."""
    analyze = analyzer(data)
    page = load_page(expectation, analyze)
    return [check(v, analyze(v.html, page.url)) for v in variants(page, count)]


def run(
    count: int = PER_PAGE, data: str | None = None, workers: int | None = None
) -> list[Outcome]:
    """Outcomes of every variant of every form page, pages spread over processes."""
    paths = form_pages()
    workers = min(len(paths), workers or os.cpu_count() or 1)
    if workers <= 1:
        return [o for path in paths for o in page_outcomes(path, count, data)]
    # spawn, not fork: forking a process that may have threads is unsafe (and warns).
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        jobs = [pool.submit(page_outcomes, path, count, data) for path in paths]
        return [o for job in jobs for o in job.result()]
