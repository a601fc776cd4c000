"""The form detector's DOM-free half: fold, tokenise, score and assign.

`extension/lib/detect.js` is this module written again in JavaScript, function for
function; `tests/cases/detect/*.json` hold hand-written cases both must pass. Input is
a list of *control descriptions* (plain data read off the page by `describe.py` or the
browser's `describe.js`) and the compiled view (`view.py`). Nothing here reads data
files or the DOM, and nothing depends on Python-only behaviour: no `\\b`, no `\\w`,
no locale; whitespace and word characters are spelled out below.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

View = Mapping[str, Any]
Description = Mapping[str, Any]

# Han, kana and CJK compatibility ideographs are written without spaces: each such
# character is a token of its own, so a two-character word is a two-token phrase.
_CJK = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


_ACCENTS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Fold text for comparison: NFKD, accents (U+0300-036F) removed, NFC again,
    lower case, ß = ss. Only those accents: other scripts' marks are letters' parts."""
    bare = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", bare).lower().replace("ß", "ss")


def _cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK)


def tokens(text: str) -> list[str]:
    """The folded words of a text: runs of letters, marks and digits; CJK one by one."""
    result: list[str] = []
    word: list[str] = []
    for char in fold(text):
        if _cjk(char):
            if word:
                result.append("".join(word))
                word = []
            result.append(char)
        elif unicodedata.category(char)[0] in "LMN":
            word.append(char)
        elif word:
            result.append("".join(word))
            word = []
    if word:
        result.append("".join(word))
    return result


_DIAL = re.compile("[+] ?[0-9]")
_CAMEL = re.compile(r"([a-z])([A-Z])")
_ACRONYM = re.compile(r"([A-Z])([A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"([A-Za-z])([0-9])")
_DIGIT_LETTER = re.compile(r"([0-9])([A-Za-z])")


def attribute_tokens(value: str) -> list[str]:
    """Tokens of a name or id, also split at case changes and letter-digit borders."""
    for pattern in (_CAMEL, _ACRONYM, _LETTER_DIGIT, _DIGIT_LETTER):
        value = pattern.sub(r"\1 \2", value)
    return tokens(value)


def compile_phrase(phrase: str) -> list[str]:
    """A phrase as pattern tokens; `*` ending or starting a word: prefix or suffix."""
    pattern: list[str] = []
    for part in phrase.split():
        prefix, suffix = part.endswith("*"), part.startswith("*")
        words = tokens(part)
        if not words:
            continue
        if suffix:
            words[0] = "*" + words[0]
        if prefix:
            words[-1] = words[-1] + "*"
        pattern.extend(words)
    return pattern


def _token_matches(token: str, want: str) -> bool:
    if want.endswith("*"):
        return token.startswith(want[:-1])
    if want.startswith("*"):
        return token.endswith(want[1:])
    return token == want


def find_run(pattern: Sequence[str], words: Sequence[str]) -> bool:
    """True when the pattern's tokens occur as consecutive words."""
    size = len(pattern)
    first = pattern[0]
    # The first token alone rules out nearly every start; checking it before the rest
    # keeps a long label's scoring cheap.
    for start in range(len(words) - size + 1):
        if _token_matches(words[start], first) and all(
            _token_matches(words[start + i], pattern[i]) for i in range(1, size)
        ):
            return True
    return False


_MEMO: dict[tuple[str, int], tuple[object, Any]] = {}


def _memo(kind: str, owner: object, build: Callable[[], Any]) -> Any:
    """What `build` makes from `owner`, made once per owner object. Views and their
    lists live as long as the catalogue; the owner is kept, so its id is not reused."""
    cached = _MEMO.get((kind, id(owner)))
    if cached is None or cached[0] is not owner:
        cached = (owner, build())
        _MEMO[(kind, id(owner))] = cached
    return cached[1]


def any_run(patterns: Sequence[Sequence[str]], words: Sequence[str]) -> bool:
    """True when any of the patterns occurs in the words (indexed once per list)."""
    lists = _memo("lists", patterns, lambda: {"": patterns})
    return any(find_run(p, words) for _, _, p in _index(lists).candidates(words))


def round3(value: float) -> float:
    """Round half up to 3 decimals, the way JavaScript's Math.round does."""
    return math.floor(value * 1000 + 0.5) / 1000


@dataclass
class _Match:
    score: float = 0.0
    source: str = ""
    phrase: str = ""
    pattern: Sequence[str] = ()


@dataclass
class _Text:
    source: str
    words: list[str]
    counted: int  # words that are not filler


def _texts(description: Description, filler: frozenset[str]) -> list[_Text]:
    result = []
    for source, text in description["sources"]:
        words = attribute_tokens(text) if source == "attribute" else tokens(text)
        if words:
            counted = sum(1 for w in words if w not in filler)
            result.append(_Text(source, words, counted or len(words)))
    return result


def _language_weight(view: View, word_language: str, language: str | None) -> float:
    if language is None or word_language == "en":
        return 1.0
    if word_language.split("-")[0] == language.split("-")[0]:
        return 1.0
    return float(view["other_language"])


_Entry = tuple[int, str, Sequence[str]]  # (order, language, pattern)
#: how many letters of a wildcard word's fixed part index it
_KEY = 2


@dataclass
class _Index:
    """Patterns by what their first token must be: a word, a word's first letters
    (`affect*`), its last letters (`*land`); the few with shorter parts always."""

    exact: dict[str, list[_Entry]] = field(default_factory=dict)
    starts: dict[str, list[_Entry]] = field(default_factory=dict)
    ends: dict[str, list[_Entry]] = field(default_factory=dict)
    always: list[_Entry] = field(default_factory=list)

    def candidates(self, words: Sequence[str]) -> list[_Entry]:
        """The patterns that may match somewhere in these words, in list order."""
        found: dict[int, _Entry] = {e[0]: e for e in self.always}
        for word in set(words):
            for entries in (
                self.exact.get(word, ()),
                self.starts.get(word[:_KEY], ()),
                self.ends.get(word[-_KEY:], ()),
            ):
                found.update((e[0], e) for e in entries)
        return [found[order] for order in sorted(found)]


def _index(lists: Mapping[str, Sequence[Sequence[str]]]) -> _Index:
    """The lists indexed once (see _Index), so a text meets only patterns that can
    start at one of its words."""
    index: _Index = _memo("index", lists, lambda: _build_index(lists))
    return index


def _build_index(lists: Mapping[str, Sequence[Sequence[str]]]) -> _Index:
    index = _Index()
    order = 0
    for lang, patterns in lists.items():
        for pattern in patterns:
            first = pattern[0]
            entry = (order, lang, pattern)
            if first.endswith("*") and len(first) > _KEY:
                index.starts.setdefault(first[:_KEY], []).append(entry)
            elif first.startswith("*") and len(first) > _KEY:
                index.ends.setdefault(first[-_KEY:], []).append(entry)
            elif "*" in first:
                index.always.append(entry)
            else:
                index.exact.setdefault(first, []).append(entry)
            order += 1
    return index


def _best(
    view: View,
    texts: Sequence[_Text],
    lists: Mapping[str, Sequence[Sequence[str]]],
    weight: float,
    language: str | None,
    filler: frozenset[str],
    sources: Iterable[str] | None = None,
    within: Sequence[str] = (),
) -> list[_Match]:
    """The best match of the lists in each text, as one _Match per text (score 0: none);
    of equal scores, the pattern listed first wins. Patterns that occur `within` the
    given tokens do not count (a negative word inside the matched positive phrase)."""
    quality = view["quality"]
    floor = float(view["fit_floor"])
    roots = int(view["fit_roots"])
    allowed = None if sources is None else set(sources)
    index = _index(lists)
    matches = []
    for text in texts:
        best = _Match()
        if allowed is None or text.source in allowed:
            for _, lang, pattern in index.candidates(text.words):
                if not find_run(pattern, text.words) or (
                    within and find_run(pattern, within)
                ):
                    continue
                counted = sum(1 for w in pattern if w not in filler) or len(pattern)
                fit = min(1.0, counted / text.counted)
                for _ in range(roots):
                    fit = math.sqrt(fit)
                fit = max(floor, fit)
                factor = weight * _language_weight(view, lang, language)
                score = quality[text.source] * factor * fit
                if score > best.score:
                    best = _Match(score, text.source, " ".join(pattern), pattern)
        matches.append(best)
    return matches


def traits(description: Description, view: View) -> list[str]:
    """The structural traits of one control (see fields.schema.json `traits`)."""
    found = [f"element={description['element']}"]
    for key in ("type", "autocomplete", "inputmode"):
        if description.get(key):
            found.append(f"{key}={description[key]}")
    found += [t for t in description.get("flags", ()) if t]
    options = description.get("options") or []
    # "+49", "🇧🇷 +55": a telephone country-code picker, not a country of residence.
    dialling = sum(1 for _, text in options if _DIAL.search(text))
    if len(options) >= 3 and dialling * 10 >= len(options) * 6:
        found.append("dial-options")
    if len(options) >= 5:
        names, codes = view["countries"]["names"], view["countries"]["codes"]
        hits = sum(
            1
            for value, text in options
            if " ".join(tokens(text)) in names or value.upper() in codes
        )
        if hits >= 5 and hits * 10 >= len(options) * 6:
            found.append("country-options")
    return found


def _filler(view: View) -> frozenset[str]:
    """The view's filler words as a set, built once per view."""
    words: frozenset[str] = _memo("filler", view, lambda: frozenset(view["filler"]))
    return words


def _prose(view: View) -> list[str]:
    """The label sources that are prose: all but a control's name and id tokens."""
    sources: list[str] = _memo(
        "prose", view, lambda: [q for q in view["quality"] if q != "attribute"]
    )
    return sources


def _attribute_lists(field_view: View) -> dict[str, Any]:
    """The field's attribute words as word lists, one object per field."""
    lists: dict[str, Any] = _memo(
        "attribute", field_view, lambda: {"en": field_view["attribute"]}
    )
    return lists


@dataclass
class Score:
    """One control's score for one field, with what decided it."""

    value: float
    evidence: list[str] = field(default_factory=list)
    bare: bool = False


def score(
    description: Description,
    field_view: View,
    view: View,
    language: str | None,
    found_traits: Sequence[str],
    texts: Sequence[_Text] | None = None,
) -> Score | None:
    """Score one control for one field; None when the control cannot hold it.
    `texts`: the control's label texts already tokenised (assign does it once)."""
    if description["element"] not in field_view["elements"]:
        return None
    filler = _filler(view)
    if texts is None:
        texts = _texts(description, filler)
    strong = _best(view, texts, field_view["words"], 1.0, language, filler)
    # Weak and negative words are prose; in a name or id they say little
    # (`feedback_text`, `login`).
    prose = _prose(view)
    weak = _best(view, texts, field_view["weak"], view["weak"], language, filler, prose)
    attr = _best(
        view, texts, _attribute_lists(field_view), 1.0, None, filler, ["attribute"]
    )
    positives = [
        max((s, w, a), key=lambda m: m.score)
        for s, w, a in zip(strong, weak, attr, strict=True)
    ]
    best = max(positives, key=lambda m: m.score, default=_Match())
    # "last" speaks against the full name, but not inside "first and last name".
    negative = _best(
        view, texts, field_view["negative"], 1.0, language, filler, prose, best.pattern
    )
    evidence: list[str] = []
    value = best.score
    if best.score > 0:
        evidence.append(f"words:{best.source}:{best.phrase}")
        agreeing = {
            m.source for m in positives if m.score > 0 and m.source != best.source
        }
        if agreeing:
            value += float(view["agreement"])
            evidence.append("agree:" + ",".join(sorted(agreeing)))
    for trait in found_traits:
        weight = field_view["traits"].get(trait)
        if weight:
            value += float(weight)
            evidence.append(f"trait:{trait}")
    worst = max(negative, key=lambda m: m.score, default=_Match())
    if worst.score > 0:
        value -= worst.score * float(view["negative"])
        evidence.append(f"not:{worst.source}:{worst.phrase}")
    bare = False
    if best.score > 0 and field_view["bare"]:
        bare_only = _best(view, texts, field_view["bare"], 1.0, language, filler)
        bare = max(m.score for m in bare_only) >= best.score
    return Score(value, evidence, bare)


def _group_traits(
    descriptions: Sequence[Description], view: View, texts: Sequence[list[_Text]]
) -> list[list[str]]:
    """Each control's traits, with the ones that depend on the rest of its form;
    `texts`: each control's label texts, tokenised."""
    result = [traits(d, view) for d in descriptions]
    visible = [i for i, d in enumerate(descriptions) if d["state"] != "hidden"]
    multiline = [i for i in visible if "multiline" in result[i]]
    if len(multiline) == 1:
        result[multiline[0]].append("sole-multiline")
    # An e-mail box after another one is nearly always "confirm e-mail", even when
    # its words are in a language the data does not know.
    email = next((f for f in view["fields"] if f["id"] == "email"), None)
    filler = _filler(view)
    seen_email = False
    for i in visible:
        worded = email is not None and any(
            m.score > 0
            for m in _best(
                view, texts[i], email["words"], 1.0, None, filler, _prose(view)
            )
        )
        if worded or "type=email" in result[i] or "autocomplete=email" in result[i]:
            if seen_email:
                result[i].append("second-email")
            seen_email = True
    return result


@dataclass(frozen=True)
class Assigned:
    """A control of a form accepted as a logical field."""

    index: int
    field: str
    score: float
    margin: float
    confidence: float
    evidence: tuple[str, ...]


def _confidence(value: float, margin: float, threshold: float, needed: float) -> float:
    return round3(
        min(1.0, value / (2 * threshold)) * min(1.0, margin / max(2 * needed, 0.001))
    )


def assign(
    descriptions: Sequence[Description], view: View, language: str | None
) -> list[Assigned]:
    """Assign fields to one form's controls: best pairs first, one field per control
    and one control per field, each above its threshold and by its margin over every
    rival (another control for the field, another field for the control); a field
    whose best pair is too close to a rival is left out, and so is its control."""
    fields = view["fields"]
    filler = _filler(view)
    texts = [_texts(d, filler) for d in descriptions]
    all_traits = _group_traits(descriptions, view, texts)
    scores: dict[tuple[int, int], Score] = {}
    for i, description in enumerate(descriptions):
        for j, field_view in enumerate(fields):
            found = score(
                description, field_view, view, language, all_traits[i], texts[i]
            )
            if found is not None:
                scores[(i, j)] = found
    done_fields: set[int] = set()
    used: set[int] = set()
    result: list[Assigned] = []
    # Every pair best first (ties: the earlier control, then the earlier field), and
    # each field's and each control's scores best first, for the rivals.
    pairs = sorted(scores, key=lambda ij: (-scores[ij].value, ij[0], ij[1]))
    by_field: dict[int, list[int]] = {}
    by_control: dict[int, list[int]] = {}
    for i, j in pairs:
        by_field.setdefault(j, []).append(i)
        by_control.setdefault(i, []).append(j)
    # Visible controls first: a hidden duplicate (a honeypot, a step not yet shown)
    # never makes the visible field ambiguous, and only gets fields left over.
    pools = [
        {i for i, d in enumerate(descriptions) if d["state"] != "hidden"},
        {i for i, d in enumerate(descriptions) if d["state"] == "hidden"},
    ]
    for pool in pools:
        for i, j in pairs:
            value = scores[(i, j)].value
            if i not in pool or i in used or j in done_fields:
                continue
            if value < fields[j]["threshold"]:
                continue
            needed = float(fields[j]["margin"])
            rival_control = next(
                (c for c in by_field[j] if c != i and c in pool and c not in used), None
            )
            # Every other field counts, taken or not: a box that reads as much like
            # "additional details" as like the reason is neither, for certain.
            rival_field = next((f for f in by_control[i] if f != j), None)
            rivals = [scores[(c, j)].value for c in (rival_control,) if c is not None]
            rivals += [scores[(i, f)].value for f in (rival_field,) if f is not None]
            margin = value - max(rivals, default=0.0)
            done_fields.add(j)
            used.add(i)
            if margin < needed:
                continue  # abstain: no field is better than the wrong field
            result.append(
                Assigned(
                    i,
                    fields[j]["id"],
                    round3(value),
                    round3(margin),
                    _confidence(value, margin, float(fields[j]["threshold"]), needed),
                    tuple(scores[(i, j)].evidence),
                )
            )
    return _context_renames(result, scores, fields)


def _context_renames(
    result: list[Assigned],
    scores: Mapping[tuple[int, int], Score],
    fields: Sequence[View],
) -> list[Assigned]:
    """Apply the fields' `becomes` rules (French `Nom` next to `Prénom`: last name)."""
    by_id = {f["id"]: j for j, f in enumerate(fields)}
    assigned = {a.field for a in result}
    renamed = []
    for item in result:
        j = by_id[item.field]
        for rule in fields[j]["becomes"]:
            if (
                scores[(item.index, j)].bare
                and rule["with"] in assigned
                and rule["to"] not in assigned
            ):
                assigned.add(rule["to"])
                item = Assigned(
                    item.index,
                    rule["to"],
                    item.score,
                    item.margin,
                    item.confidence,
                    (*item.evidence, f"context:{rule['with']}"),
                )
                break
        renamed.append(item)
    return renamed
